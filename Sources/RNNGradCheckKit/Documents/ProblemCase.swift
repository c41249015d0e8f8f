import RNNGradCheck

/// A network with its data, ready to check: generated from a seed or read from a fixture.
public struct ProblemCase: @unchecked Sendable {
    public let notation: AnyNotation
    /// The problem, with its truncation.
    public var problem: any NotationProblem
    /// Where it comes from: "seed 1" or "fixture.json".
    public let origin: String

    public init(notation: AnyNotation, problem: any NotationProblem, origin: String) {
        self.notation = notation
        self.problem = problem
        self.origin = origin
    }

    /// A case for a problem of any registered notation.
    public init(_ problem: any NotationProblem, origin: String) {
        guard let notation = NotationRegistry.notation(of: problem) else {
            preconditionFailure("the problem's notation is not registered")
        }
        self.init(notation: notation, problem: problem, origin: origin)
    }

    /// The sizes as the notation names them: K, H, T or N, M, O, T.
    public var sizes: [(name: String, value: Int)] {
        notation.sizes(of: problem).map { ($0.symbol, $0.value) }
    }

    /// `K=8 H=4 T=6`.
    public var sizesText: String { sizes.map { "\($0.name)=\($0.value)" }.joined(separator: " ") }

    /// The truncation the problem poses (nil: full BPTT).
    public var truncation: Int? { problem.truncation }

    /// A seeded random case. `sizes` by symbol and `options` by fixture key; missing ones take the
    /// classroom sizes and the default options.
    public static func random(
        _ notation: AnyNotation, sizes: [String: Int] = [:], seed: UInt64, weightScale: Double = 1, truncation: Int? = nil,
        options: [String: String] = [:]
    ) -> ProblemCase {
        ProblemCase(
            notation: notation,
            problem: notation.random(sizes: sizes, seed: seed, weightScale: weightScale, truncation: truncation, options: options),
            origin: "seed \(seed)")
    }

    /// The same case with another truncation.
    public func withTruncation(_ truncation: Int?) -> ProblemCase {
        var copy = self
        copy.problem.truncation = truncation
        return copy
    }

    /// A few words on the network: "full BPTT", "bptt_truncate τ=2", "softmax output, full BPTT".
    public var networkLabel: String {
        var parts: [String] = []
        for option in notation.options {
            if let value = problem.modelOptions[option.key], value != option.defaultValue { parts.append(option.label(value)) }
        }
        parts.append(truncationLabel)
        return parts.joined(separator: ", ")
    }

    /// "full BPTT" or "bptt_truncate τ=2".
    public var truncationLabel: String {
        guard let tau = truncation else { return "full BPTT" }
        return "\(notation.truncationName ?? "truncation") τ=\(tau)"
    }

    /// The code that computes the case's hand-derived gradient (with its truncation).
    public var implementation: GradientImplementation { problem.gradientImplementation(truncation: truncation) }

    /// The hand-derived gradient with the case's truncation, block by block.
    public var gradientBlocks: [NamedBlock] { problem.gradientBlocks(truncation: truncation) }
}
