// MinCharRNN as the registry sees it: names, sizes, data layout, random networks, the bug catalog and
// the correspondence with wildml (one model when both biases are zero).

extension MinCharRNN: Notation {
    public typealias CheckedProblem = Problem<Double>

    public static let name = "min-char-rnn"
    public static let sources = "[MCR]"
    public static let model = "Wxh/Whh/Why with biases bh/by, tanh, softmax, cross-entropy"
    public static let lossSymbol = "loss"
    public static let truncationName: String? = nil

    public static let sizes = [
        SizeParameter(symbol: "K", option: "vocabulary", meaning: "vocabulary size", classroom: 8, range: 1...10_000),
        SizeParameter(symbol: "H", option: "hidden", meaning: "hidden units", classroom: 4, range: 1...1_000),
        SizeParameter.steps(),
    ]
    public static let inputs = SequenceLayout.tokens(size: "K")
    public static let targets = SequenceLayout.tokens(size: "K")

    /// The script's model is the tutorial's with two biases: Wxh ≡ U, Whh ≡ W, Why ≡ V.
    public static let correspondences = [
        Correspondence(
            notation: name, other: "wildml", blocks: [("Wxh", "U"), ("Whh", "W"), ("Why", "V")],
            condition: "when both biases are zero")
    ]

    /// Wxh uniform in ±1/√K, Whh, Why and bh in ±1/√H, by in ±1/√K (each × `weightScale`); then a text
    /// of T + 1 random characters: inputs are its first T, targets its last T (the next characters).
    public static func random(sizes: [String: Int], seed: UInt64, weightScale: Double, options: [String: String]) -> Problem<Double> {
        var generator = SeededGenerator(seed: seed)
        let (K, H, T) = (sizes["K"]!, sizes["H"]!, sizes["T"]!)
        let inputScale = weightScale / Double(K).squareRoot(), hiddenScale = weightScale / Double(H).squareRoot()
        let model = Model(
            Wxh: generator.matrix(H, K, scale: inputScale), Whh: generator.matrix(H, H, scale: hiddenScale),
            Why: generator.matrix(K, H, scale: hiddenScale), bh: generator.vector(H, scale: hiddenScale),
            by: generator.vector(K, scale: inputScale))
        let text = generator.tokens(T + 1, vocabulary: K)
        return Problem(model: model, inputs: Array(text.dropLast()), targets: Array(text.dropFirst()))
    }

    public static func problem(
        parameters: [[Double]], sizes: [String: Int], inputs: SequenceData, targets: SequenceData, options: [String: String]
    ) -> Problem<Double> {
        let (K, H) = (sizes["K"]!, sizes["H"]!)
        guard case .tokens(let x) = inputs, case .tokens(let y) = targets else { preconditionFailure("min-char-rnn reads character ids") }
        let model = Model(
            Wxh: Matrix(rows: H, columns: K, storage: parameters[0]), Whh: Matrix(rows: H, columns: H, storage: parameters[1]),
            Why: Matrix(rows: K, columns: H, storage: parameters[2]), bh: Vector(parameters[3]), by: Vector(parameters[4]))
        return Problem(model: model, inputs: x, targets: y)
    }
}
