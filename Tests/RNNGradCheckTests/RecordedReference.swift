/// Values computed by independent programs, each with its source.
enum RecordedReference {
    /// Fixtures/reference/xoshiro256starstar.py, seed 1, first three 64-bit outputs.
    static let xoshiroSeed1: [UInt64] = [12_966_619_160_104_079_557, 9_600_361_134_598_540_522, 10_590_380_919_521_690_900]
}
