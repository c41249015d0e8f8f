/// What two numerical oracles say about one entry whose analytic value the first one rejected.
///
/// A gradient is called wrong only when two independent oracles agree with each other and not with
/// it. Without the complex step (a program in another language is real-valued), the second oracle
/// is another finite difference, itself inexact: when the two disagree with each other, neither can
/// be trusted, and the entry is numerically unresolved rather than wrong.
public struct OracleAgreement: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        /// The second oracle agrees with the analytic value: the first one was inaccurate.
        case firstOracleInaccurate = "first-oracle-inaccurate"
        /// Both oracles agree with each other, and not with the analytic value.
        case wrong
        /// The oracles disagree with each other (by more than their resolutions): no verdict.
        case unresolved
    }

    /// Block and flat entry index.
    public let block: Int
    public let entry: Int
    public let analytic: Double
    /// The first and the second oracle's values, and their resolutions R (absolute).
    public let first: Double
    public let second: Double
    public let firstResolution: Double
    public let secondResolution: Double
    public let outcome: Outcome

    /// Classifies one entry: `a` the analytic value, `(n₁, R₁)` and `(n₂, R₂)` the oracles'.
    ///
    ///     second agrees with a:             |a − n₂| ≤ max(τ·max(|a|, |n₂|), R₂)  → first oracle inaccurate
    ///     else the oracles agree:           |n₁ − n₂| ≤ max(τ·max(|n₁|, |n₂|), R₁ + R₂)  → wrong
    ///     else                                                                      → unresolved
    public static func outcome(
        analytic a: Double, first n1: Double, firstResolution r1: Double, second n2: Double, secondResolution r2: Double,
        tolerance: Double
    ) -> Outcome {
        if abs(a - n2) <= max(tolerance * max(abs(a), abs(n2)), r2) { return .firstOracleInaccurate }
        if abs(n1 - n2) <= max(tolerance * max(abs(n1), abs(n2)), r1 + r2) { return .wrong }
        return .unresolved
    }
}

extension GradientCheck {
    /// Every entry the second oracle derived again, with what the two oracles say (empty without a
    /// re-examination). The block verdicts already use the second oracle's values; this tells a
    /// failing entry that both oracles reject (wrong) from one they disagree about (unresolved).
    public var oracleAgreements: [OracleAgreement] {
        guard let reexamination else { return [] }
        var result: [OracleAgreement] = []
        for (blockIndex, entries) in reexamination.entries.enumerated() {
            let screening = reexamination.screening[blockIndex]
            let final = blocks[blockIndex]
            for i in entries {
                let firstResolution = screening.floors[i] * screening.tolerance
                let secondResolution = final.floors[i] * final.tolerance
                result.append(
                    OracleAgreement(
                        block: blockIndex, entry: i, analytic: final.analytic[i], first: screening.numerical[i],
                        second: final.numerical[i], firstResolution: firstResolution, secondResolution: secondResolution,
                        outcome: OracleAgreement.outcome(
                            analytic: final.analytic[i], first: screening.numerical[i], firstResolution: firstResolution,
                            second: final.numerical[i], secondResolution: secondResolution, tolerance: final.tolerance)))
            }
        }
        return result
    }
}
