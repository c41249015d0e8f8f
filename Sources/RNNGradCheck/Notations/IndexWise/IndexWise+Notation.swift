// IndexWise as the registry sees it: names, sizes, data layout, the output activation option, random
// networks and the bug catalog.

extension IndexWise: Notation {
    public typealias CheckedProblem = Problem<Double>

    public static let name = "index-wise"
    public static let sources = "[S001]"
    public static let model = "V/U/W (v_ji, u_jh, w_kj) and θ_j/θ_k, sigmoid, squared error"
    public static let lossSymbol = "C"
    public static let truncationName: String? = "unfolding depth"

    public static func model(of problem: Problem<Double>) -> String {
        problem.network.g == .softmax
            ? "V/U/W (v_ji, u_jh, w_kj) and θ_j/θ_k, sigmoid hidden, softmax output, squared error" : model
    }

    public static let sizes = [
        SizeParameter(symbol: "N", option: "inputs", meaning: "real inputs per step", classroom: 3, range: 1...1_000),
        SizeParameter(symbol: "M", option: "hidden", meaning: "hidden units", classroom: 4, range: 1...1_000),
        SizeParameter(symbol: "O", option: "outputs", meaning: "outputs", classroom: 2, range: 1...1_000),
        SizeParameter.steps(),
    ]
    public static let inputs = SequenceLayout.vectors(width: "N")
    public static let targets = SequenceLayout.vectors(width: "O")

    public static let options = [
        ModelOption(
            option: "output-activation", key: "output_activation", symbol: "g",
            help: "Index-wise output activation g (seed 001 offers both).",
            values: OutputActivation.allCases.map(\.rawValue), defaultValue: OutputActivation.sigmoid.rawValue, noun: "output")
    ]

    public static let factorHints = ["2": "as when the ½ of C = ½ Σ (d − y)² is left out"]

    public static func random(sizes: [String: Int], seed: UInt64, weightScale: Double, options: [String: String]) -> Problem<Double> {
        Problem.random(
            size: NetworkSize(hidden: sizes["M"]!, steps: sizes["T"]!, inputs: sizes["N"]!, outputs: sizes["O"]!), seed: seed,
            weightScale: weightScale, g: OutputActivation(rawValue: options["output_activation"] ?? "") ?? .sigmoid)
    }

    public static func problem(
        parameters: [[Double]], sizes: [String: Int], inputs: SequenceData, targets: SequenceData, options: [String: String]
    ) -> Problem<Double> {
        let (N, M, O) = (sizes["N"]!, sizes["M"]!, sizes["O"]!)
        guard case .vectors(let x) = inputs, case .vectors(let d) = targets else { preconditionFailure("index-wise reads rows of reals") }
        let network = Network(
            v: Matrix(rows: M, columns: N, storage: parameters[0]), u: Matrix(rows: M, columns: M, storage: parameters[1]),
            w: Matrix(rows: O, columns: M, storage: parameters[2]), thetaJ: Vector(parameters[3]), thetaK: Vector(parameters[4]),
            g: OutputActivation(rawValue: options["output_activation"] ?? "") ?? .sigmoid)
        return Problem(network: network, x: x, d: d)
    }
}
