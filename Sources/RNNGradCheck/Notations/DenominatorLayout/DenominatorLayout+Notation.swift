// DenominatorLayout as the registry sees it: names, sizes, data layout, random networks, the bug
// catalog, and the correspondence with wildml (one model: W_in ≡ U, W_rec ≡ W, W_out ≡ V).

extension DenominatorLayout: Notation {
    public typealias CheckedProblem = Problem<Double>

    public static let name = "denominator-layout"
    public static let sources = "[S002] part 2"
    public static let model = "W_in/W_rec/W_out, denominator layout"
    public static let lossSymbol = "E"
    public static let truncationName: String? = "truncate"

    public static let sizes = [
        SizeParameter(symbol: "K", option: "vocabulary", meaning: "vocabulary size", classroom: 8, range: 1...10_000),
        SizeParameter(symbol: "H", option: "hidden", meaning: "hidden units", classroom: 4, range: 1...1_000),
        SizeParameter.steps(),
    ]
    public static let inputs = SequenceLayout.tokens(size: "K")
    public static let targets = SequenceLayout.tokens(size: "K")

    /// Seed 002's s_t is seed 000's pre-activation and its h_t seed 000's state; the matrices are the same.
    public static let correspondences = [
        Correspondence(notation: name, other: "wildml", blocks: [("W_in", "U"), ("W_rec", "W"), ("W_out", "V")])
    ]

    /// The network and sentence of `Wildml.random` with the same seed, written in denominator layout:
    /// `check --seed S` shows one network in both notations.
    public static func random(sizes: [String: Int], seed: UInt64, weightScale: Double, options: [String: String]) -> Problem<Double> {
        Problem.random(size: NetworkSize(vocabulary: sizes["K"]!, hidden: sizes["H"]!, steps: sizes["T"]!), seed: seed, weightScale: weightScale)
    }

    public static func problem(
        parameters: [[Double]], sizes: [String: Int], inputs: SequenceData, targets: SequenceData, options: [String: String]
    ) -> Problem<Double> {
        let (K, H) = (sizes["K"]!, sizes["H"]!)
        guard case .tokens(let x) = inputs, case .tokens(let y) = targets else { preconditionFailure("denominator-layout reads token ids") }
        return Problem(
            parameters: Parameters(
                WIn: Matrix(rows: H, columns: K, storage: parameters[0]), WRec: Matrix(rows: H, columns: H, storage: parameters[1]),
                WOut: Matrix(rows: K, columns: H, storage: parameters[2])),
            x: x, y: y)
    }
}
