import RNNGradCheck

/// The three notations, as the command line and the fixture format name them.
public enum Notation: String, CaseIterable, Sendable {
    case wildml
    case denominatorLayout = "denominator-layout"
    case indexWise = "index-wise"

    /// The seeds the notation is written from.
    public var sources: String {
        switch self {
        case .wildml: return "seeds 000, 003, 004"
        case .denominatorLayout: return "seed 002, part 2"
        case .indexWise: return "seed 001"
        }
    }

    /// A few words on the model of a case (index-wise may have a softmax output).
    public func model(of problem: any BPTTProblem) -> String {
        if let p = problem as? IndexWise.Problem<Double>, p.network.g == .softmax {
            return "V/U/W (v_ji, u_jh, w_kj) and θ_j/θ_k, sigmoid hidden, softmax output, squared error"
        }
        return model
    }

    /// A few words on the model.
    public var model: String {
        switch self {
        case .wildml: return "U/V/W, tanh, softmax, cross-entropy"
        case .denominatorLayout: return "W_in/W_rec/W_out, denominator layout"
        case .indexWise: return "V/U/W (v_ji, u_jh, w_kj) and θ_j/θ_k, sigmoid, squared error"
        }
    }

    /// The parameter keys of fixtures and gradients documents, in the document's order.
    public var parameterKeys: [String] {
        switch self {
        case .wildml: return ["U", "V", "W"]
        case .denominatorLayout: return ["W_in", "W_rec", "W_out"]
        case .indexWise: return ["V", "U", "W", "theta_j", "theta_k"]
        }
    }

    /// The loss as the document names it: E, or C in seed 001.
    public var lossSymbol: String { self == .indexWise ? "C" : "E" }

    /// What the truncation is called in this notation's document.
    public var truncationName: String {
        switch self {
        case .wildml: return "bptt_truncate"
        case .denominatorLayout: return "truncate"
        case .indexWise: return "unfolding depth"
        }
    }

    static var names: String { JSONReader.list(allCases.map(\.rawValue)) }
}

/// A network with its data, ready to check: generated from a seed or read from a fixture.
public struct ProblemCase: @unchecked Sendable {
    public let notation: Notation
    /// The problem, with the truncation the case asks for built in.
    public let problem: any BPTTProblem
    /// The truncation τ as given (nil: full BPTT). May be ≥ T − 1, which is full BPTT too.
    public let truncate: Int?
    /// Where it comes from: "seed 1" or "fixture.json".
    public let origin: String

    /// The sizes as the notation names them: K, H, T or N, M, O, T.
    public var sizes: [(name: String, value: Int)] {
        switch problem {
        case let p as Wildml.Problem<Double>: return [("K", p.rnn.wordDim), ("H", p.rnn.hiddenDim), ("T", p.steps)]
        case let p as DenominatorLayout.Problem<Double>: return [("K", p.parameters.K), ("H", p.parameters.H), ("T", p.steps)]
        case let p as IndexWise.Problem<Double>: return [("N", p.network.N), ("M", p.network.M), ("O", p.network.O), ("T", p.steps)]
        default: return [("T", problem.steps)]
        }
    }

    /// The truncation that changes the gradient (nil when τ is absent or reaches step 0 anyway).
    public var effectiveTruncation: Int? { problem.truncation }

    /// A seeded random case.
    public static func random(
        _ notation: Notation, size: NetworkSize, seed: UInt64, weightScale: Double = 1, truncate: Int? = nil,
        outputActivation: IndexWise.OutputActivation = .sigmoid
    ) -> ProblemCase {
        let problem: any BPTTProblem
        switch notation {
        case .wildml: problem = Wildml.Problem.random(size: size, seed: seed, weightScale: weightScale, truncation: truncate)
        case .denominatorLayout: problem = DenominatorLayout.Problem.random(size: size, seed: seed, weightScale: weightScale, truncation: truncate)
        case .indexWise:
            problem = IndexWise.Problem.random(size: size, seed: seed, weightScale: weightScale, truncation: truncate, g: outputActivation)
        }
        return ProblemCase(notation: notation, problem: problem, truncate: truncate, origin: "seed \(seed)")
    }

    /// The same case with another truncation.
    public func withTruncation(_ truncate: Int?) -> ProblemCase {
        let rebuilt: any BPTTProblem
        switch problem {
        case var p as Wildml.Problem<Double>:
            p.rnn.bpttTruncate = truncate ?? p.steps
            rebuilt = p
        case let p as DenominatorLayout.Problem<Double>:
            rebuilt = DenominatorLayout.Problem(parameters: p.parameters, x: p.x, y: p.y, truncate: truncate)
        case let p as IndexWise.Problem<Double>:
            rebuilt = IndexWise.Problem(network: p.network, x: p.x, d: p.d, unfoldingDepth: truncate)
        default:
            rebuilt = problem
        }
        return ProblemCase(notation: notation, problem: rebuilt, truncate: truncate, origin: origin)
    }
}

/// Per-block data of a problem, for any notation (the checker's key paths, read once).
struct BlockValues {
    let key: String
    let symbol: String
    let shape: Shape
    let values: [Double]
}

extension BPTTProblem {
    /// Every parameter block's key, symbol, shape and values.
    var parameterBlocks: [BlockValues] {
        Self.blocks.map { BlockValues(key: $0.key, symbol: $0.symbol, shape: self[keyPath: $0.shape], values: self[keyPath: $0.values]) }
    }

    /// The hand-derived gradient of every block (with the given truncation), in block order.
    func gradientBlocks(truncation: Int?) -> [BlockValues] {
        let gradients = bpttGradients(truncation: truncation)
        return Self.blocks.map {
            BlockValues(key: $0.key, symbol: $0.symbol, shape: self[keyPath: $0.shape], values: gradients[keyPath: $0.gradient])
        }
    }
}
