// The same network written in two notations must give the same numbers: seed 000's U/V/W and seed
// 002's W_in/W_rec/W_out are one model (U ≡ W_in, W ≡ W_rec, V ≡ W_out) with s renamed (a state in
// 000, a pre-activation in 002). Two independent derivations that agree to rounding check each other.

/// How far apart two implementations of the same gradient are.
public struct EquivalenceCheck: Sendable {
    /// One matched pair of blocks: the symbols in each notation and the relative difference
    /// max_i |a_i − b_i| / max_i |a_i| (0 when both are zero).
    public struct Pair: Sendable {
        public let first: String
        public let second: String
        public let relativeDifference: Double
    }

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
    /// The limit the issue sets for two implementations of the same double-precision computation.
    public static let limit = 1e-12

    /// Wildml against DenominatorLayout on the same network and sentence (with the same truncation).
    public static func wildmlVersusDenominatorLayout(_ wildml: Wildml.Problem<Double>, truncation: Int? = nil) -> EquivalenceCheck {
        let denominator = DenominatorLayout.Problem(wildml: wildml, truncate: truncation)
        let a = wildml.bpttGradients(truncation: truncation)
        let b = denominator.bpttGradients(truncation: truncation)
        let lossA = wildml.loss(), lossB = denominator.loss()
        return EquivalenceCheck(
            lossDifference: relativeDifference([lossA], [lossB]),
            pairs: [
                .init(first: "U", second: "W_in", relativeDifference: relativeDifference(a.dLdU.storage, b.dEdWIn.storage)),
                .init(first: "V", second: "W_out", relativeDifference: relativeDifference(a.dLdV.storage, b.dEdWOut.storage)),
                .init(first: "W", second: "W_rec", relativeDifference: relativeDifference(a.dLdW.storage, b.dEdWRec.storage)),
            ],
            limit: limit)
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
