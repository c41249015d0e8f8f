import RNNGradCheck

extension DifferenceScheme {
    /// "the complex step", "Richardson extrapolation", "central differences": the oracle in a sentence.
    public var oracleName: String {
        switch self {
        case .central: return "central differences"
        case .richardson: return "Richardson extrapolation"
        case .complexStep: return "the complex step"
        }
    }
}

/// A colour or weight a text report may give a word; where it goes (a terminal, a file) decides
/// whether it is shown.
public enum TextStyle: String, Sendable {
    case bold = "1", green = "32", red = "31", yellow = "33", dim = "2"

    /// The text with the ANSI escape codes of the style.
    public func ansi(_ text: String) -> String { "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" }
}

/// The table `rnn-gradcheck check` prints for one gradient check, as lines of text: one row per
/// parameter block (shape, largest relative error and where, the analytic and numerical values there,
/// the norm-wise error, the verdict), then one line per failing or non-finite block and per
/// re-examination. Every command that shows a check (check, check-external, check-model) and every
/// Swift program that checks its own model prints these same lines.
public enum CheckTable {
    /// The lines for `check`. `style` colours the verdicts and dims the header (plain by default).
    public static func lines(
        _ check: GradientCheck, indent: String = "  ", style: (String, TextStyle) -> String = { text, _ in text }
    ) -> [String] {
        var rows = [["block", "shape", "max rel error", "at", "analytic", "numerical", "norm rel error", "verdict"]]
        for block in check.blocks {
            let worst = block.worstEntry
            rows.append([
                block.symbol, block.shape.description, Format.error(block.maxRelativeError),
                worst.map(block.label(ofEntry:)) ?? "-",
                worst.map { Format.value(block.analytic[$0]) } ?? "-",
                worst.map { Format.value(block.numerical[$0]) } ?? "-",
                Format.error(block.normRelativeError),
                verdictText(block.verdict, style),
            ])
        }
        var lines = Format.table(rows, indent: indent).enumerated().map { $0 == 0 ? style($1, .dim) : $1 }
        for block in check.blocks {
            if let bad = block.nonFinite {
                lines.append("\(indent)\(block.symbol): the \(bad.side.rawValue) gradient has \(Format.value(bad.value)) at \(block.label(ofEntry: bad.entry)): a NaN or an infinity is never a pass")
            } else if block.verdict == .fail {
                lines.append("\(indent)\(block.symbol): \(block.entriesOverTolerance) of \(Format.count(block.checkedCount)) entries\(block.checkedEntries == nil ? "" : " checked") exceed the tolerance")
            } else if block.verdict == .unresolved {
                let index = check.blocks.firstIndex { $0.key == block.key }!
                let skipped = check.reexamination?.notReexamined[index].count ?? 0
                let disagreeing = block.unresolvedEntries.count - skipped
                var parts: [String] = []
                if disagreeing > 0 { parts.append("\(Format.count(disagreeing)) where the numerical oracles disagree with each other") }
                if skipped > 0 { parts.append("\(Format.count(skipped)) that only the first oracle compared") }
                lines.append("\(indent)\(block.symbol): \(Format.count(block.unresolvedEntries.count)) of \(Format.count(block.checkedCount)) entries are numerically unresolved (\(parts.joined(separator: ", "))), so no oracle can call the gradient wrong there")
            }
        }
        if let sampling = check.sampling { lines += samplingLines(sampling, blocks: check.blocks, indent: indent) }
        if let reexamination = check.reexamination {
            for (index, entries) in reexamination.entries.enumerated() where !entries.isEmpty {
                let screening = reexamination.screening[index]
                let final = check.blocks[index]
                let worstReexamined = entries.map { final.relativeErrors[$0] }.max() ?? 0
                var oracle = reexamination.scheme.oracleName
                if reexamination.steps.count > 1 {
                    let steps = reexamination.steps.map { Format.value($0, digits: 2) }
                    oracle += " at h = " + steps.dropLast().joined(separator: ", ") + " and " + steps.last!
                }
                let unresolved = Set(reexamination.unresolved[index].map(\.entry))
                let settled = entries.filter { !unresolved.contains($0) }
                let worstSettled = settled.map { final.relativeErrors[$0] }.max() ?? 0
                var outcome: String
                if settled.isEmpty {
                    outcome = "no two steps agree"
                } else if worstSettled <= final.tolerance {
                    outcome = "two steps agree with each other and with the analytic gradient there (worst \(Format.error(worstSettled))): the first oracle was inaccurate, not the gradient"
                } else {
                    outcome = "two steps agree with each other and not with the analytic gradient (worst \(Format.error(worstSettled)))"
                }
                if reexamination.steps.count <= 1 {
                    outcome = worstReexamined <= final.tolerance
                        ? "\(oracle) agrees with the analytic gradient there (worst \(Format.error(worstReexamined))): the finite difference was inaccurate, not the gradient"
                        : "\(oracle) disagrees with the analytic gradient there too (worst \(Format.error(worstReexamined)))"
                }
                let skipped = reexamination.notReexamined[index].count
                if skipped == 0 {
                    lines.append("\(indent)\(final.symbol): \(entries.count) entr\(entries.count == 1 ? "y" : "ies") failed under \(check.settings.scheme.rawValue) differences (worst \(Format.error(screening.maxRelativeError)) at \(screening.worstEntry.map(screening.label(ofEntry:)) ?? "-")) and \(entries.count == 1 ? "was" : "were") re-derived by \(oracle); \(outcome)")
                } else {
                    lines.append("\(indent)\(final.symbol): \(Format.count(entries.count + skipped)) entries failed under \(check.settings.scheme.rawValue) differences (worst \(Format.error(screening.maxRelativeError)) at \(screening.worstEntry.map(screening.label(ofEntry:)) ?? "-")); the \(entries.count) worst were re-derived by \(oracle); \(outcome); the other \(Format.count(skipped)) were not (on a network this size a second oracle for each would take too long): they count as unresolved, not as wrong")
                }
                for item in reexamination.unresolved[index] {
                    lines.append(
                        "\(indent)\(final.symbol): numerically unresolved at \(final.label(ofEntry: item.entry)): \(reexamination.scheme.oracleName) gives \(Format.value(item.values.0)) at h = \(Format.value(item.steps.0, digits: 2)) and \(Format.value(item.values.1)) at h = \(Format.value(item.steps.1, digits: 2)); the analytic value is \(Format.value(final.analytic[item.entry]))")
                }
            }
        }
        return lines
    }

    /// What a sampled check compared, the direction through every entry, and the blocks it then
    /// checked entry by entry.
    static func samplingLines(_ sampling: Sampling, blocks: [BlockComparison], indent: String) -> [String] {
        let total = blocks.reduce(0) { $0 + $1.shape.count }
        let checked = blocks.reduce(0) { $0 + $1.checkedCount }
        func describe(_ d: DirectionalDerivative) -> String {
            let agrees = d.agrees(tolerance: sampling.tolerance)
            return "analytic \(Format.value(d.analytic)), numerical \(Format.value(d.numerical)), relative error \(Format.error(d.relativeError(tolerance: sampling.tolerance))) (\(agrees ? "agrees" : "differs"))"
        }
        var lines = [
            "\(indent)fast mode: \(sampling.sample.perBlock) random entries per block (seed \(sampling.sample.seed)) and one random direction through all \(Format.count(total)) entries",
            "\(indent)direction: \(describe(sampling.direction))",
        ]
        for (index, block) in blocks.enumerated() where sampling.exhaustive[index] {
            var reasons: [String] = []
            let sampled = sampling.sample.entries[index]
            if sampled.count < block.shape.count,
                sampled.contains(where: { !(block.relativeErrors[$0] <= block.tolerance) || !block.analytic[$0].isFinite || !block.numerical[$0].isFinite }) {
                reasons.append("its sampled entries differ")
            }
            if let d = sampling.blockDirections?[index], !d.agrees(tolerance: sampling.tolerance) {
                reasons.append("its direction differs: \(describe(d))")
            }
            if reasons.isEmpty {
                reasons.append(sampling.blockDirections == nil ? "its sampled entries differ" : "the whole direction differs and no single block's does")
            }
            lines.append("\(indent)\(block.symbol): \(reasons.joined(separator: "; ")): every entry checked")
        }
        lines.append("\(indent)checked \(Format.count(checked)) of \(Format.count(total)) entries one by one\(checked < total ? ", the rest along the direction" : "")")
        return lines
    }

    /// The same lines joined, each ending with a newline.
    public static func text(_ check: GradientCheck, indent: String = "  ") -> String {
        lines(check, indent: indent).map { $0 + "\n" }.joined()
    }

    /// PASS, FAIL or FAIL (non-finite).
    public static func verdictText(_ verdict: Verdict, _ style: (String, TextStyle) -> String = { text, _ in text }) -> String {
        switch verdict {
        case .pass: return style("PASS", .green)
        case .fail: return style("FAIL", .red)
        case .nonFinite: return style("FAIL (non-finite)", .red)
        case .unresolved: return style("UNRESOLVED", .yellow)
        }
    }

    /// How the numerical gradient was taken: "central differences, h = 1e-05·max(1,|θ|)".
    public static func methodDescription(_ settings: CheckSettings) -> String {
        switch settings.scheme {
        case .central: return "central differences, h = \(Format.setting(settings.step))·max(1,|θ|)"
        case .richardson: return "Richardson-extrapolated central differences, h = \(Format.setting(settings.step))·max(1,|θ|)"
        case .complexStep: return "complex step, h = \(Format.setting(settings.step))"
        }
    }
}
