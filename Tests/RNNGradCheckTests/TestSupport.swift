import XCTest

@testable import RNNGradCheck

/// |actual − expected| ≤ relative·max(|expected|, floor). Computed doubles are never compared exactly:
/// libm differs between platforms in the last bits.
func assertClose(
    _ actual: Double, _ expected: Double, relative: Double, floor: Double = 1e-300,
    _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
    let tolerance = relative * max(abs(expected), floor)
    XCTAssert(
        abs(actual - expected) <= tolerance,
        "\(actual) is not within \(relative) (relative) of \(expected): off by \(abs(actual - expected)). \(message())",
        file: file, line: line)
}

/// Entry by entry.
func assertClose(
    _ actual: [Double], _ expected: [Double], relative: Double, floor: Double = 1e-300,
    _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.count, expected.count, "different sizes. \(message())", file: file, line: line)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        assertClose(a, e, relative: relative, floor: floor, "entry \(i). \(message())", file: file, line: line)
    }
}

/// The random networks every notation is checked on: 60 seeds cycling through sizes that include
/// T = 1 and H = 1, and weight scales that include saturated units (× 3 and × 5).
struct RandomNetwork: CustomStringConvertible {
    let seed: UInt64
    let size: NetworkSize
    let weightScale: Double

    var saturated: Bool { weightScale > 1 }
    var description: String {
        "seed \(seed), K=\(size.vocabulary) N=\(size.inputs) H=\(size.hidden) O=\(size.outputs) T=\(size.steps), weights ×\(weightScale)"
    }

    static let sizes: [NetworkSize] = [
        NetworkSize(vocabulary: 2, hidden: 1, steps: 1, inputs: 1, outputs: 1),
        NetworkSize(vocabulary: 3, hidden: 1, steps: 2, inputs: 2, outputs: 1),
        NetworkSize(vocabulary: 8, hidden: 4, steps: 6, inputs: 3, outputs: 2),
        NetworkSize(vocabulary: 5, hidden: 3, steps: 8, inputs: 2, outputs: 3),
        NetworkSize(vocabulary: 4, hidden: 2, steps: 1, inputs: 3, outputs: 2),
        NetworkSize(vocabulary: 6, hidden: 5, steps: 4, inputs: 1, outputs: 1),
    ]
    static let scales: [Double] = [1, 0.5, 1, 3, 1, 5, 1]

    static let all: [RandomNetwork] = (1...60).map { i in
        RandomNetwork(seed: UInt64(i), size: sizes[i % sizes.count], weightScale: scales[i % scales.count])
    }
}

/// The flat gradient of every block, in block order.
func gradientBlocks<P: BPTTProblem>(_ problem: P, truncation: Int? = nil) -> [[Double]] {
    let gradients = problem.bpttGradients(truncation: truncation)
    return P.blocks.map { gradients[keyPath: $0.gradient] }
}
