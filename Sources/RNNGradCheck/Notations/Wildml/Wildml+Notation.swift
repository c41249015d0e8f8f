// Wildml as the registry sees it: names, sizes, data layout, random networks and the bug catalog.

extension Wildml: Notation {
    public typealias CheckedProblem = Problem<Double>

    public static let name = "wildml"
    public static let sources = "[S000], [S003], [S004]"
    public static let model = "U/V/W, tanh, softmax, cross-entropy"
    public static let lossSymbol = "E"
    public static let truncationName: String? = "bptt_truncate"

    public static let sizes = [
        SizeParameter(symbol: "K", option: "vocabulary", meaning: "vocabulary size", classroom: 8, range: 1...10_000),
        SizeParameter(symbol: "H", option: "hidden", meaning: "hidden units", classroom: 4, range: 1...1_000),
        SizeParameter.steps(),
    ]
    public static let inputs = SequenceLayout.tokens(size: "K")
    public static let targets = SequenceLayout.tokens(size: "K")

    /// The tutorial's initialisation (`Wildml.Problem.random`).
    public static func random(sizes: [String: Int], seed: UInt64, weightScale: Double, options: [String: String]) -> Problem<Double> {
        Problem.random(size: NetworkSize(vocabulary: sizes["K"]!, hidden: sizes["H"]!, steps: sizes["T"]!), seed: seed, weightScale: weightScale)
    }

    public static func problem(
        parameters: [[Double]], sizes: [String: Int], inputs: SequenceData, targets: SequenceData, options: [String: String]
    ) -> Problem<Double> {
        let (K, H) = (sizes["K"]!, sizes["H"]!)
        guard case .tokens(let x) = inputs, case .tokens(let y) = targets else { preconditionFailure("wildml reads token ids") }
        let rnn = RNN(
            U: Matrix(rows: H, columns: K, storage: parameters[0]), V: Matrix(rows: K, columns: H, storage: parameters[1]),
            W: Matrix(rows: H, columns: H, storage: parameters[2]), bpttTruncate: x.count)
        return Problem(rnn: rnn, x: x, y: y)
    }
}
