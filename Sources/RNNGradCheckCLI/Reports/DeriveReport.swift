import Foundation
import RNNGradCheck
import RNNGradCheckKit

/// What `derive` found, as text, JSON, or the markdown of notes/errata.md. Documents are cited by
/// their short names in notes/sources.md ([S000] … [S004]).
struct DeriveReport {
    static let schema = "rnn-gradcheck/derive/2"

    let survey: Survey

    var documents: [DocumentCheck] { survey.documents }
    var findings: [Finding] { documents.flatMap(\.findings) }
    var checkpoints: [Checkpoint] { documents.flatMap(\.checkpoints) }
    var unresolved: Int { findings.filter { $0.severity == .unresolved }.count }
    /// The verifier contradicts itself: a verdict that no reading supports, or one that changes with the network.
    var failed: Bool { unresolved > 0 || !survey.unstable.isEmpty }

    // MARK: Counting

    /// "3 wrong as printed, 14 misleading, 13 typos, 3 conventions that hold, 19 hold" (and unresolved, if any).
    static func counts(_ severities: [Severity]) -> String {
        func count(_ severity: Severity) -> Int { severities.filter { $0 == severity }.count }
        var parts: [String] = []
        for severity in Severity.allCases {
            let n = count(severity)
            if severity == .unresolved && n == 0 { continue }
            switch severity {
            case .wrongAsPrinted, .misleading, .unresolved: parts.append("\(n) \(severity.rawValue)")
            case .typo: parts.append("\(n) typo\(n == 1 ? "" : "s")")
            case .convention: parts.append(n == 1 ? "1 convention that holds" : "\(n) conventions that hold")
            case .holds: parts.append(n == 1 ? "1 holds" : "\(n) hold")
            }
        }
        return parts.joined(separator: ", ")
    }

    /// The summary lines of one document: every finding, then each model's checkpoints when there are
    /// several models, then the findings that cannot be computed.
    static func summaryLines(_ check: DocumentCheck) -> [String] {
        let head = "[\(check.document.source)]" + (check.document == .seed002Part1 ? " part 1:" : check.document == .seed002Part2 ? " part 2:" : "")
        let all = check.findings
        var lines = ["\(head) \(all.count) findings (\(check.checkpoints.count) checkpoints, \(check.uncomputable.count) not computable): "
            + counts(all.map(\.severity))]
        if check.models.count > 1 {
            for (model, _) in check.models {
                let these = check.checkpoints(under: model)
                lines.append("      \(model ?? ""): \(these.count) checkpoints: " + counts(these.map(\.severity)))
            }
        }
        return lines
    }

    /// The last line: every finding of every document.
    var summary: String {
        "\(findings.count) findings (\(checkpoints.count) checkpoints, \(documents.flatMap(\.uncomputable).count) not computable): "
            + Self.counts(findings.map(\.severity))
    }

    // MARK: Text

    func printText(to console: Console) {
        console.print(console.styled("rnn-gradcheck derive: the documents' own statements, checked numerically", .bold))
        console.print("reference: complex-step derivatives (exact to rounding); a reading holds when its relative error ≤ \(Format.setting(Derivation.tolerance))")
        console.print("documents: cited by their short names [S000] … [S004], listed in notes/sources.md")
        if survey.networks > 1 {
            console.print("ranges: over \(survey.networks) random networks, seeds \(survey.seed) … \(survey.seed &+ UInt64(survey.networks - 1)); the first of the sizes below, the others drawn with "
                + DerivationSizes.rules.map(\.rule).joined(separator: ", "))
        }
        for check in documents {
            console.print()
            console.print(console.styled(check.document.title, .bold))
            for (model, network) in check.models {
                let these = check.checkpoints(under: model)
                console.print()
                console.print((model.map { "under \($0): " } ?? "") + "evaluated on \(network)")
                for checkpoint in these { printCheckpoint(checkpoint, to: console) }
            }
            if !check.uncomputable.isEmpty {
                console.print()
                console.print("not computable:")
                for finding in check.uncomputable { printUncomputable(finding, to: console) }
            }
            console.print()
            for line in Self.summaryLines(check) { console.print(console.styled(line, .bold)) }
        }
        if survey.networks > 1 {
            console.print()
            console.print("separation over \(survey.networks) networks: everything that holds ≤ \(Format.error(survey.largestHolding)); everything that fails with a number ≥ \(Format.error(survey.smallestFailing))")
        }
        for line in survey.unstable { console.print(console.styled("UNSTABLE: \(line)", .red)) }
        console.print()
        console.print(console.styled(summary, failed ? .red : .bold))
    }

    private func figure(_ outcome: ReadingOutcome, _ range: OutcomeRange?, _ console: Console) -> String {
        switch outcome {
        case .relativeError(let e):
            let verdict = outcome.holds ? console.styled("holds", .green) : console.styled("fails", .red)
            return "relative error \(Format.error(e))" + rangeText(range) + "  " + verdict
        case .notComparable(let why):
            return console.styled("not comparable", .red) + " (\(why))" + rangeText(range)
        }
    }

    /// " (30 networks: 1.4e+00 … 3.3e+00)", or "" for one network.
    private func rangeText(_ range: OutcomeRange?) -> String {
        guard let range, survey.networks > 1 else { return "" }
        var parts: [String] = []
        if range.measured > 0 { parts.append("\(Format.error(range.min)) … \(Format.error(range.max))" + (range.notComparable > 0 ? " on \(range.measured)" : "")) }
        if range.notComparable > 0 { parts.append("not comparable on \(range.notComparable)") }
        return " (\(range.networks) networks: " + parts.joined(separator: "; ") + ")"
    }

    private func printCheckpoint(_ c: Checkpoint, to console: Console) {
        console.print()
        console.print("  \(console.styled(c.id, .bold))  \u{201C}\(c.printed)\u{201D}   [\(c.statement.rawValue)]")
        let pad = "        "
        console.print("\(pad)where: \(c.location)")
        console.print("\(pad)as the document writes it: " + console.styled(c.source.replacingOccurrences(of: "\n", with: " ⏎ "), .dim))
        console.print("\(pad)compared with: \(c.comparedWith)")
        console.print("\(pad)aggregated: \(c.aggregation)")
        let ranges = survey.readings[c.id]
        for (r, reading) in c.readings.enumerated() {
            console.print("\(pad)\(Self.label(reading)): \(figure(reading.outcome, ranges?[r], console))")
        }
        console.print("\(pad)verdict: \(verdictText(c.verdict, console))")
        console.print("\(pad)severity: \(severityText(c.severity, console))" + (c.explanation.map { " — \($0)" } ?? ""))
        for (d, list) in c.downstream.enumerated() {
            if list.effects.isEmpty {
                console.print("\(pad)downstream of \(list.quantity): none — \(list.note ?? "")")
                continue
            }
            console.print("\(pad)downstream of \(list.quantity): fed \(list.printed) / fed \(list.corrected)")
            let ranges = survey.downstream[c.id]?[d]
            for (e, effect) in list.effects.enumerated() {
                console.print("\(pad)  \(effect.consumer): \(figure(effect.fedPrinted, ranges?[e].printed, console)) / \(figure(effect.fedCorrected, ranges?[e].corrected, console))")
            }
        }
    }

    private func printUncomputable(_ u: UncomputableFinding, to console: Console) {
        console.print()
        console.print("  \(console.styled(u.id, .bold))  \u{201C}\(u.printed)\u{201D}   [\(u.statement.rawValue)]")
        let pad = "        "
        console.print("\(pad)where: \(u.location)")
        console.print("\(pad)not computable: \(u.whyNotComputable)")
        console.print("\(pad)severity: \(severityText(u.severity, console)) — \(u.explanation)")
    }

    static func label(_ reading: Reading) -> String {
        switch reading.kind {
        case .asPrinted: return "as printed (\(reading.meaning))"
        case .reading: return "reading: \(reading.meaning)"
        case .typoFix: return "typo fixed: \(reading.formula ?? reading.meaning)"
        case .correction: return "corrected: \(reading.formula ?? reading.meaning)"
        }
    }

    private func verdictText(_ verdict: DerivationVerdict, _ console: Console) -> String {
        switch verdict {
        case .holds: return console.styled("HOLDS", .green)
        case .holdsUnderReading(let meanings):
            return console.styled("HOLDS UNDER A READING", .yellow) + ": " + meanings.joined(separator: "; ")
        case .typo(let fix): return console.styled("TYPO", .yellow) + ": the intended formula holds, " + fix
        case .wrong(let correction): return console.styled("WRONG", .red) + ": the correct formula is " + correction
        case .unresolved: return console.styled("UNRESOLVED", .red) + ": no reading holds; the verifier is wrong"
        }
    }

    private func severityText(_ severity: Severity, _ console: Console) -> String {
        switch severity {
        case .holds: return console.styled(severity.rawValue, .green)
        case .convention: return severity.rawValue
        case .typo, .misleading: return console.styled(severity.rawValue, .yellow)
        case .wrongAsPrinted, .unresolved: return console.styled(severity.rawValue, .red)
        }
    }

    // MARK: JSON

    func json() -> JSONValue {
        let documentsJSON: [JSONValue] = documents.map(documentJSON)
        let rules: [JSONValue] = DerivationSizes.rules.map { .object([("rule", .string($0.rule)), ("reason", .string($0.reason))]) }
        let separation: JSONValue = .object([
            ("largest_holding", Self.number(survey.largestHolding)),
            ("smallest_failing", Self.number(survey.smallestFailing)),
        ])
        let totals: JSONValue = .object([
            ("findings", .integer(findings.count)),
            ("checkpoints", .integer(checkpoints.count)),
            ("not_computable", .integer(documents.flatMap(\.uncomputable).count)),
            ("counts", Self.countsJSON(findings.map(\.severity))),
            ("text", .string(summary)),
        ])
        var members: [(key: String, value: JSONValue)] = []
        members.append(("schema", .string(Self.schema)))
        members.append(("tolerance", .number(Derivation.tolerance)))
        members.append(("seed", .number(Double(survey.seed), literal: String(survey.seed))))
        members.append(("networks", .integer(survey.networks)))
        members.append(("sizes", .array(survey.sizes.map { .string($0.description) })))
        members.append(("size_rules", .array(rules)))
        members.append(("documents", .array(documentsJSON)))
        members.append(("findings", .array(findings.map(findingJSON))))
        members.append(("separation", separation))
        members.append(("unstable", .array(survey.unstable.map { .string($0) })))
        members.append(("summary", totals))
        return .object(members)
    }

    private func documentJSON(_ check: DocumentCheck) -> JSONValue {
        let models: [JSONValue] = check.models.map { model, network in
            .object([
                ("model", model.map(JSONValue.string) ?? .null),
                ("network", .string(network)),
                ("counts", Self.countsJSON(check.checkpoints(under: model).map(\.severity))),
            ])
        }
        return .object([
            ("document", .string(check.document.rawValue)),
            ("citation", .string(check.document.source)),
            ("title", .string(check.document.title)),
            ("models", .array(models)),
            ("checkpoints", .integer(check.checkpoints.count)),
            ("not_computable", .integer(check.uncomputable.count)),
            ("counts", Self.countsJSON(check.findings.map(\.severity))),
            ("summary", .array(Self.summaryLines(check).map { .string($0) })),
        ])
    }

    static func countsJSON(_ severities: [Severity]) -> JSONValue {
        .object(Severity.allCases.map { severity in (severity.key, .integer(severities.filter { $0 == severity }.count)) })
    }

    private static func number(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }

    private static func rangeJSON(_ range: OutcomeRange?) -> JSONValue {
        guard let range else { return .null }
        return .object([
            ("networks", .integer(range.networks)),
            ("measured", .integer(range.measured)),
            ("not_comparable", .integer(range.notComparable)),
            ("min", range.measured > 0 ? number(range.min) : .null),
            ("max", range.measured > 0 ? number(range.max) : .null),
        ])
    }

    /// A reading's or an effect's outcome: relative_error (a finite number or null), not_comparable
    /// (why there is no number, or null), holds, and the range over the survey's networks.
    private static func outcomeMembers(_ outcome: ReadingOutcome, _ range: OutcomeRange?) -> [(key: String, value: JSONValue)] {
        var members: [(key: String, value: JSONValue)] = []
        switch outcome {
        case .relativeError(let e) where e.isFinite:
            members.append(("relative_error", .number(e)))
            members.append(("not_comparable", .null))
        case .relativeError:
            members.append(("relative_error", .null))
            members.append(("not_comparable", .string("the relative error is not finite")))
        case .notComparable(let why):
            members.append(("relative_error", .null))
            members.append(("not_comparable", .string(why)))
        }
        members.append(("holds", .bool(outcome.holds)))
        members.append(("range", rangeJSON(range)))
        return members
    }

    private func findingJSON(_ finding: Finding) -> JSONValue {
        switch finding {
        case .checkpoint(let c):
            var verdict: [(key: String, value: JSONValue)] = [("category", .string(c.verdict.category))]
            switch c.verdict {
            case .holdsUnderReading(let meanings): verdict.append(("readings", .array(meanings.map { .string($0) })))
            case .typo(let fix): verdict.append(("fix", .string(fix)))
            case .wrong(let correction): verdict.append(("correction", .string(correction)))
            default: break
            }
            let ranges = survey.readings[c.id]
            return .object([
                ("id", .string(c.id)),
                ("document", .string(c.document.rawValue)),
                ("citation", .string(c.document.source)),
                ("model", c.model.map(JSONValue.string) ?? .null),
                ("kind", .string("checkpoint")),
                ("statement", .string(c.statement.rawValue)),
                ("location", .string(c.location)),
                ("printed", .string(c.printed)),
                ("source", .string(c.source)),
                ("compared_with", .string(c.comparedWith)),
                ("aggregation", .string(c.aggregation)),
                ("readings", .array(c.readings.enumerated().map { r, reading in
                    .object([
                        ("kind", .string(reading.kind.rawValue)),
                        ("meaning", .string(reading.meaning)),
                        ("formula", reading.formula.map(JSONValue.string) ?? .null),
                    ] + Self.outcomeMembers(reading.outcome, ranges?[r]))
                })),
                ("outcome", .object(verdict)),
                ("severity", .string(c.severity.rawValue)),
                ("explanation", c.explanation.map(JSONValue.string) ?? .null),
                ("not_computable", .null),
                ("downstream", .array(c.downstream.enumerated().map { d, list in
                    let ranges = survey.downstream[c.id]?[d]
                    return .object([
                        ("quantity", .string(list.quantity)),
                        ("printed", list.effects.isEmpty ? .null : .string(list.printed)),
                        ("corrected", list.effects.isEmpty ? .null : .string(list.corrected)),
                        ("note", list.note.map(JSONValue.string) ?? .null),
                        ("effects", .array(list.effects.enumerated().map { e, effect in
                            .object([
                                ("consumer", .string(effect.consumer)),
                                ("fed_printed", .object(Self.outcomeMembers(effect.fedPrinted, ranges?[e].printed))),
                                ("fed_corrected", .object(Self.outcomeMembers(effect.fedCorrected, ranges?[e].corrected))),
                            ])
                        })),
                    ])
                })),
            ])
        case .uncomputable(let u):
            return .object([
                ("id", .string(u.id)),
                ("document", .string(u.document.rawValue)),
                ("citation", .string(u.document.source)),
                ("model", .null),
                ("kind", .string("not computable")),
                ("statement", .string(u.statement.rawValue)),
                ("location", .string(u.location)),
                ("printed", .string(u.printed)),
                ("source", .null),
                ("compared_with", .null),
                ("aggregation", .null),
                ("readings", .array([])),
                ("outcome", .null),
                ("severity", .string(u.severity.rawValue)),
                ("explanation", .string(u.explanation)),
                ("not_computable", .string(u.whyNotComputable)),
                ("downstream", .array([])),
            ])
        }
    }
}

extension DeriveReport {
    /// A figure for notes/errata.md: a failing relative error as a percentage with three significant
    /// digits ("193 %", "3.66 %"), anything below 0.1 % or holding in scientific notation ("2.2e-04").
    static func percent(_ x: Double) -> String {
        guard x.isFinite else { return Format.error(x) }
        if x <= Derivation.tolerance || x < 1e-3 { return Format.error(x) }
        let p = x * 100
        let decimals = max(0, 2 - Int((log10(p)).rounded(.down)))
        return String(format: "%.\(decimals)f %%", p)
    }

    /// A range for notes/errata.md: "≤ 3.1e-16" when it holds everywhere, "25.1 % – 60.2 %",
    /// "not comparable (why)", or both parts when the networks differ.
    static func rangeCell(_ range: OutcomeRange) -> String {
        var parts: [String] = []
        if range.measured > 0 {
            let text: String
            if range.max <= Derivation.tolerance {
                text = "≤ \(Format.error(range.max))"
            } else if percent(range.min) == percent(range.max) {
                text = percent(range.max)
            } else {
                text = "\(percent(range.min)) – \(percent(range.max))"
            }
            parts.append(text + (range.notComparable > 0 ? " on \(range.measured) networks" : ""))
        }
        if range.notComparable > 0 {
            parts.append("not comparable" + (range.measured > 0 ? " on \(range.notComparable)" : "") + " (\(range.reason ?? ""))")
        }
        return parts.joined(separator: "; ")
    }

    /// Escapes a table cell.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ⏎ ")
    }

    private func where_(_ finding: Finding) -> String {
        let document = finding.document
        let part = document == .seed002Part1 ? ", part 1" : document == .seed002Part2 ? ", part 2" : ""
        switch finding {
        case .checkpoint(let c):
            return "\(document.citation)\(part), \(c.location)" + (c.model.map { "; under \($0)" } ?? "") + "; \(c.statement.rawValue)."
        case .uncomputable(let u):
            return "\(document.citation)\(part), \(u.location); \(u.statement.rawValue)."
        }
    }

    /// The previous edition's entry labels and the findings they became.
    static let previousLabels: [(String, String)] = [
        ("W1", "002-2.18, 002-2.19"), ("W2", "001.5/softmax, 001.6/softmax, 001.7/softmax, 001.10/softmax (001.11 is 001.6/softmax)"),
        ("M1", "000.7, 000.8, 003.6, 003.7, 002-2.8"), ("M2", "000.6"), ("M3", "000.12, 003.7"), ("M4", "003.5"), ("M5", "000.16"),
        ("M6", "000.17"), ("M7", "001.7/sigmoid, 001.16/sigmoid"), ("M8", "001.13/sigmoid, 001.14/sigmoid"), ("M9", "001.20/sigmoid, 001.21/sigmoid"),
        ("M10", "001.10/softmax"), ("M11", "004.3 … 004.7"), ("T1", "001.6/sigmoid"), ("T2", "001.4/sigmoid"), ("T3", "001.17/sigmoid"),
        ("T4", "002-1.8"), ("T5", "002-2.7, 002-2.14, 002-2.20"), ("T6", "002-2.12"), ("T7", "002-2.15"), ("T8", "003.2"), ("T9", "003.8"),
        ("C1", "001.19/sigmoid"), ("C2", "002-1.19"),
    ]

    /// notes/errata.md, written from the findings and their ranges over the survey's networks.
    func errata() -> String {
        let n = survey.networks
        var out: [String] = []
        func line(_ text: String = "") { out.append(text) }
        let command = "rnn-gradcheck derive --networks \(n)" + (survey.seed == 1 ? "" : " --seed \(survey.seed)") + " --errata"
        line("# Errata: where the five documents are wrong, ambiguous or mistyped")
        line()
        line("Written by `\(command)` from the findings `rnn-gradcheck derive` prints, and checked against them by")
        line("[`DerivationErrataTests`](../Tests/RNNGradCheckTests/DerivationErrataTests.swift): regenerate it rather than edit it. The")
        line("documents are cited by their short names, [S000] … [S004], listed with their authors, dates and")
        line("addresses in [sources.md](sources.md). The checks are in")
        line("[`Sources/RNNGradCheck/Derivation/`](../Sources/RNNGradCheck/Derivation/).")
        line()
        line("## Summary")
        line()
        line("```")
        for check in documents { for summaryLine in Self.summaryLines(check) { line(summaryLine) } }
        line(summary)
        line("```")
        line()
        line("| severity | findings |")
        line("|---|---|")
        for severity in Severity.allCases where severity != .unresolved || unresolved > 0 {
            let ids = findings.filter { $0.severity == severity }.map(\.id)
            line("| \(severity.rawValue) | \(ids.count)\(severity == .holds ? " (listed at the end)" : ids.isEmpty ? "" : ": " + ids.joined(separator: ", ")) |")
        }
        line()
        line("## How to read an entry")
        line()
        line("- **Relative error**: ‖printed − true‖₂ / ‖true‖₂, where the true quantity is a complex-step derivative of")
        line("  the right loss with respect to the right variable (a weight, a weight untied at one time step, or an")
        line("  intermediate such as s_k or net_j(t)), exact to rounding. A reading holds when its relative error is at")
        line("  most \(Format.setting(Derivation.tolerance)).")
        line("- **Ranges over \(n) networks**: every figure is the range of that figure over \(n) random networks, seeds")
        line("  \(survey.seed) … \(survey.seed &+ UInt64(n - 1)). The first has the sizes `derive` reports by default; the others have sizes")
        line("  drawn so that no figure is forced by a size choice (the networks are listed at the end):")
        for rule in DerivationSizes.rules { line("  - \(rule.rule): \(rule.reason).") }
        line("- **Aggregation**: one network's figure is itself formed from many entries, as each entry states: “worst")
        line("  over t of ‖·‖ over the K×H matrix” is the largest over t of the relative error of the whole matrix at t;")
        line("  “‖·‖ over … together” is one relative error of all the entries named.")
        line("- **Separation**: over the \(n) networks, everything that holds (readings and downstream effects) is at most")
        line("  \(Format.error(survey.largestHolding)), and everything that fails with a number is at least \(Format.error(survey.smallestFailing)). The verdicts are the")
        line("  same on every network.")
        line("- **Severities**: *wrong as printed*: read as the document defines its symbols it gives a wrong number, and no")
        line("  reasonable reading rescues it. *Misleading*: it holds only under a reading the document does not state")
        line("  while the text invites one that fails; or one symbol stands for two quantities; or a claim is false as")
        line("  stated. *Typo*: a slip of the pen (a letter, an index, a bracket, a misspelled term); the intended statement")
        line("  holds, though some typos change the numbers a lot. *Convention that holds*: it needs a reading, but the")
        line("  document states it or it is the standard one. *Holds*: it holds as printed.")
        line("- **Downstream**: a wrong, misleading or mistyped statement whose quantity later statements use lists each of")
        line("  them with its error when fed the printed quantity and when fed the corrected one.")
        line("- **Not computable**: findings with no number to compare (a misspelled term, a name, a claim), with the reason.")
        for (severity, title) in [(Severity.wrongAsPrinted, "Wrong as printed"), (.misleading, "Misleading"), (.typo, "Typos"),
                                  (.convention, "Conventions that hold"), (.unresolved, "Unresolved")] {
            let these = findings.filter { $0.severity == severity }
            if these.isEmpty { continue }
            line()
            line("## \(title)")
            for finding in these { errataEntry(finding, into: &out) }
        }
        line()
        line("## Hold")
        line()
        line("Every statement that holds as printed, with its largest relative error over the \(n) networks.")
        line()
        line("| finding | where | printed | largest relative error |")
        line("|---|---|---|---|")
        for case .checkpoint(let c) in findings where c.severity == .holds {
            let largest = survey.readings[c.id]?.compactMap { $0.measured > 0 && $0.max <= Derivation.tolerance ? $0.max : nil }.max()
            line("| \(c.id) | \(Self.cell(c.document.source + (c.model.map { ", \($0)" } ?? "") + ", " + c.location)) | \(Self.cell(c.printed)) | \(largest.map { "≤ " + Format.error($0) } ?? "") |")
        }
        line()
        line("## Labels of the previous edition")
        line()
        line("The notes on each notation cite entries of the previous edition of this file by label; they are now these findings.")
        line()
        line("| label | findings |")
        line("|---|---|")
        for (label, ids) in Self.previousLabels { line("| \(label) | \(ids) |") }
        line()
        line("## The networks")
        line()
        line("| network | seed | sizes |")
        line("|---|---|---|")
        for (i, size) in survey.sizes.enumerated() {
            line("| \(i + 1) | \(survey.seed &+ UInt64(i)) | \(size.description) |")
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func errataEntry(_ finding: Finding, into out: inout [String]) {
        func line(_ text: String = "") { out.append(text) }
        line()
        switch finding {
        case .checkpoint(let c):
            line("### \(c.id) — \(c.severity.rawValue)")
            line()
            line(where_(finding))
            line()
            line("Printed: `\(c.printed)`")
            line()
            if let explanation = c.explanation { line(explanation); line() }
            line("Compared with: \(c.comparedWith). Aggregated: \(c.aggregation).")
            line()
            line("| reading | relative error over \(survey.networks) networks |")
            line("|---|---|")
            let ranges = survey.readings[c.id] ?? []
            for (r, reading) in c.readings.enumerated() where r < ranges.count {
                line("| \(Self.cell(Self.label(reading))) | \(Self.cell(Self.rangeCell(ranges[r]))) |")
            }
            for (d, list) in c.downstream.enumerated() {
                line()
                if list.effects.isEmpty {
                    line("Downstream of \(list.quantity): none (\(list.note ?? "")).")
                    continue
                }
                line("Downstream of \(list.quantity), fed “\(list.printed)” or “\(list.corrected)”:")
                line()
                line("| later checkpoint | fed the printed quantity | fed the corrected quantity |")
                line("|---|---|---|")
                let ranges = survey.downstream[c.id]?[d] ?? []
                for (e, effect) in list.effects.enumerated() where e < ranges.count {
                    line("| \(effect.consumer) | \(Self.cell(Self.rangeCell(ranges[e].printed))) | \(Self.cell(Self.rangeCell(ranges[e].corrected))) |")
                }
            }
        case .uncomputable(let u):
            line("### \(u.id) — \(u.severity.rawValue)")
            line()
            line(where_(finding))
            line()
            line("Printed: `\(u.printed)`. Not computable: \(u.whyNotComputable).")
            line()
            line(u.explanation)
        }
    }
}
