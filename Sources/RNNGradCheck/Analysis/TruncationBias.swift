// Truncation bias against τ: how far truncated BPTT is from ∂E/∂θ, for every τ.
//
// Truncated BPTT keeps the terms k ≥ t − τ of ∂E/∂θ = Σ_t Σ_{k=0}^{t} ∂E_t/∂θ_k (notes/wildml.md, "Truncated
// BPTT is not the gradient of E"). What it drops is the sum of the contributions of lags beyond τ, so the
// bias falls as fast as those contributions vanish (GradientDynamics): where gradients vanish, a short
// truncation costs little; where they explode, no truncation is short enough to be harmless.

/// The deviation of truncated BPTT from ∂E/∂θ, per τ and per parameter block.
public struct TruncationBias: Sendable {
    /// Who computed the truncated gradients.
    public enum Source: String, Sendable {
        /// The notation's own truncated BPTT.
        case analytic
        /// The complex-step gradient of the truncated objective: for a notation whose code has no
        /// truncation, what a truncated BPTT would compute.
        case numerical
    }

    /// One block at one τ.
    public struct Deviation: Sendable {
        public let key: String
        public let symbol: String
        /// ‖g_τ − g‖₂ / max(‖g_τ‖₂, ‖g‖₂) (0 when they are equal).
        public let relativeNorm: Double
        /// The entry with the largest |g_τ − g| / max(|g_τ|, |g|), and that value.
        public let worstEntry: Int?
        public let worstRelative: Double
        /// `W[1,2]` for the worst entry.
        public let worstLabel: String?
    }

    public struct Row: Sendable {
        public let truncation: Int
        public let blocks: [Deviation]
    }

    public let source: Source
    /// τ = 0 … T−1 (τ = T − 1 is full BPTT: its deviation is rounding alone).
    public let rows: [Row]

    /// The most work (complex-step evaluations × parameters × T², about a multiply-add each) a bias run is given.
    public static let workLimit = 4e9

    /// The work `measure` would do on `problem`.
    public static func estimatedWork(_ problem: any NotationProblem) -> Double {
        let parameters = Double(problem.parameterBlocks.reduce(0) { $0 + $1.shape.count })
        let T = Double(problem.steps)
        let truncatedRuns = NotationRegistry.notation(of: problem)?.truncationName == nil ? T * T * (T + 1) / 2 : 0
        return parameters * parameters * (T + truncatedRuns)
    }

    /// The bias of every τ on `problem`, against ∂E/∂θ by the complex step (exact to rounding). The
    /// truncated gradients are the notation's own truncated BPTT, or, for a notation whose code has no
    /// truncation, the complex-step gradient of the truncated objective. nil beyond `workLimit`.
    public static func measure(_ problem: any NotationProblem) -> TruncationBias? {
        guard estimatedWork(problem) <= workLimit else { return nil }
        return measureOpened(problem, hasTruncation: NotationRegistry.notation(of: problem)?.truncationName != nil)
    }

    private static func measureOpened<P: NotationProblem>(_ problem: P, hasTruncation: Bool) -> TruncationBias {
        var full = problem
        full.truncation = nil
        let exact = NumericalDifferentiation.gradient(of: full, scheme: .complexStep)
        let parameters = full.parameterBlocks
        var rows: [Row] = []
        for tau in 0..<problem.steps {
            let truncated: [[Double]]
            if hasTruncation {
                let gradients = full.bpttGradients(truncation: tau >= problem.steps - 1 ? nil : tau)
                truncated = P.blocks.map { gradients[keyPath: $0.gradient] }
            } else {
                truncated = NumericalDifferentiation.truncatedGradient(of: full, truncation: tau, scheme: .complexStep).blocks
            }
            rows.append(Row(truncation: tau, blocks: parameters.enumerated().map { index, block in
                deviation(block, truncated: truncated[index], exact: exact.blocks[index])
            }))
        }
        return TruncationBias(source: hasTruncation ? .analytic : .numerical, rows: rows)
    }

    static func deviation(_ block: NamedBlock, truncated: [Double], exact: [Double]) -> Deviation {
        let difference = zip(truncated, exact).map { $0 - $1 }
        let scale = max(Norms.euclidean(exact), Norms.euclidean(truncated))
        let differenceNorm = Norms.euclidean(difference)
        var worst: Int?
        var worstValue = 0.0
        for (i, (a, e)) in zip(truncated, exact).enumerated() where a != e {
            let relative = abs(a - e) / max(abs(a), abs(e))
            if worst == nil || relative > worstValue || relative.isNaN {
                worst = i
                worstValue = relative
            }
        }
        return Deviation(
            key: block.key, symbol: block.symbol, relativeNorm: differenceNorm == 0 ? 0 : differenceNorm / scale,
            worstEntry: worst, worstRelative: worstValue, worstLabel: worst.map { block.shape.label(block.symbol, entry: $0) })
    }
}
