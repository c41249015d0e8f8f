// The same network written in two notations must give the same numbers: seed 000's U/V/W and seed
// 002's W_in/W_rec/W_out are one model with s renamed (a state in 000, a pre-activation in 002). Two
// independent derivations that agree to rounding check each other. Which blocks correspond is declared
// once, by the notation (`Notation.correspondences`); everything here works from that declaration.

/// How far apart two implementations of the same gradient are.
public struct EquivalenceCheck: Sendable {
    /// One matched pair of blocks: the symbols in each notation and the relative difference
    /// max_i |a_i − b_i| / max_i |a_i| (0 when both are zero).
    public struct Pair: Sendable {
        public let first: String
        public let second: String
        public let relativeDifference: Double
    }

    /// The two notations, in the order of `Pair.first` and `Pair.second`.
    public let notations: (first: String, second: String)
    /// When the two are the same network ("when both biases are zero"); nil: always.
    public let condition: String?
    /// The truncation both gradients were computed with (nil: full BPTT). A notation whose code has no
    /// truncation is compared under full BPTT.
    public let truncation: Int?
    /// |E₁ − E₂| / |E₁|.
    public let lossDifference: Double
    public let pairs: [Pair]
    public let limit: Double

    /// The largest of the loss and gradient differences.
    public var largestDifference: Double {
        pairs.map(\.relativeDifference).reduce(lossDifference) { max($0, $1) }
    }

    /// NaN never passes.
    public var passed: Bool { largestDifference <= limit }
}

/// Cross-notation agreement checks.
public enum Equivalence {
    /// The limit for two implementations of the same double-precision computation.
    public static let limit = 1e-12

    /// `problem`, written in `source`, checked against the same network written in the other notation
    /// of `correspondence` (with the same data and truncation). Blocks of `problem` without a partner
    /// (min-char-rnn's biases) are set to zero first: the shared model has none.
    public static func check(_ problem: any NotationProblem, in source: AnyNotation, correspondence: Correspondence) -> EquivalenceCheck? {
        let otherName = correspondence.notation == source.name ? correspondence.other : correspondence.notation
        guard let target = NotationRegistry.named(otherName) else { return nil }
        var shared = zeroingUnpaired(problem, in: source, correspondence: correspondence)
        if source.truncationName == nil || target.truncationName == nil { shared.truncation = nil }
        let translated = translate(shared, from: source, to: target, by: correspondence)
        let a = shared.gradientBlocks(truncation: shared.truncation)
        let b = translated.gradientBlocks(truncation: translated.truncation)
        let pairs: [EquivalenceCheck.Pair] = a.compactMap { block in
            guard let partner = correspondence.partner(of: block.key, in: source.name),
                let other = b.first(where: { $0.key == partner })
            else { return nil }
            return .init(first: block.symbol, second: other.symbol, relativeDifference: relativeDifference(block.values, other.values))
        }
        return EquivalenceCheck(
            notations: (source.name, target.name), condition: correspondence.condition, truncation: shared.truncation,
            lossDifference: relativeDifference([shared.loss()], [translated.loss()]), pairs: pairs, limit: limit)
    }

    /// The problem with every block that has no partner in the correspondence set to zero.
    public static func zeroingUnpaired(_ problem: any NotationProblem, in source: AnyNotation, correspondence: Correspondence) -> any NotationProblem {
        var result = problem
        for (index, block) in source.blocks.enumerated() where correspondence.partner(of: block.key, in: source.name) == nil {
            result = result.settingBlock(index, to: [Double](repeating: 0, count: result.parameterBlocks[index].values.count))
        }
        return result
    }

    /// `problem`, written in `source`, written in `target`: each block of `target` is its partner's
    /// values (blocks without a partner are zero), with the same inputs, targets and truncation.
    public static func translate(
        _ problem: any NotationProblem, from source: AnyNotation, to target: AnyNotation, by correspondence: Correspondence
    ) -> any NotationProblem {
        let blocks = problem.parameterBlocks
        var sizes = ["T": problem.steps]
        var parameters: [[Double]?] = []
        for layout in target.blocks {
            guard let partner = correspondence.partner(of: layout.key, in: target.name),
                let block = blocks.first(where: { $0.key == partner })
            else {
                parameters.append(nil)
                continue
            }
            for (symbol, extent) in zip(layout.dimensions, block.shape.dimensions) { sizes[symbol] = extent }
            parameters.append(block.values)
        }
        let filled = zip(target.blocks, parameters).map { layout, values in
            values ?? [Double](repeating: 0, count: layout.dimensions.map { sizes[$0] ?? 0 }.reduce(1, *))
        }
        return target.problem(
            parameters: filled, sizes: sizes, inputs: problem.inputSequence, targets: problem.targetSequence,
            truncation: problem.truncation)
    }

    /// max_i |a_i − b_i| / max_i |a_i|: robust to entries that are ~0 in both.
    public static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "different sizes")
        var difference = 0.0, scale = 0.0
        for i in a.indices {
            let d = abs(a[i] - b[i])
            if d.isNaN || !a[i].isFinite || !b[i].isFinite { return .nan }
            difference = max(difference, d)
            scale = max(scale, abs(a[i]))
        }
        return difference == 0 ? 0 : difference / scale
    }
}
