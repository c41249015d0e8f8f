import Foundation
import RNNGradCheck
import RNNGradCheckKit

/// What `derive` found, as text or JSON.
struct DeriveReport {
    let documents: [DocumentCheck]
    let seed: UInt64

    var checkpoints: [Checkpoint] { documents.flatMap(\.checkpoints) }

    private func count(_ category: String) -> Int { checkpoints.filter { $0.verdict.category == category }.count }
    var unresolved: Int { count("unresolved") }

    /// "58 equations checked: 41 hold, 9 hold under a reading, 3 wrong, 5 typos".
    var summary: String {
        let typos = count("typo")
        return "\(checkpoints.count) equations checked: \(count("holds")) hold, \(count("holds under a reading")) hold under a reading, "
            + "\(count("wrong")) wrong, \(typos) typo\(typos == 1 ? "" : "s")"
            + (unresolved > 0 ? ", \(unresolved) unresolved" : "")
    }

    func printText(to console: Console) {
        console.print(console.styled("rnn-gradcheck derive: the documents' own equations, checked numerically", .bold))
        console.print("reference: complex-step derivatives (exact to rounding); a reading holds when its relative error ≤ \(Format.setting(Derivation.tolerance))")
        for check in documents where !check.checkpoints.isEmpty {
            console.print()
            console.print(console.styled("\(check.document.title)   [seeds/\(check.document.file)]", .bold))
            console.print("evaluated on \(check.network)")
            for checkpoint in check.checkpoints { printCheckpoint(checkpoint, to: console) }
        }
        console.print()
        console.print(console.styled(summary, unresolved == 0 ? .bold : .red))
    }

    private func printCheckpoint(_ c: Checkpoint, to console: Console) {
        console.print()
        console.print("  \(console.styled(c.id, .bold))  \u{201C}\(c.printed)\u{201D}")
        let pad = "        "
        console.print("\(pad)where: \(c.location)")
        console.print("\(pad)as the document writes it: " + console.styled(c.source.replacingOccurrences(of: "\n", with: " ⏎ "), .dim))
        console.print("\(pad)compared with: \(c.comparedWith)")
        for reading in c.readings {
            let label: String
            switch reading.kind {
            case .asPrinted: label = "as printed (\(reading.meaning))"
            case .reading: label = "reading: \(reading.meaning)"
            case .typoFix: label = "typo fixed: \(reading.formula ?? reading.meaning)"
            case .correction: label = "corrected: \(reading.formula ?? reading.meaning)"
            }
            let result: String
            switch reading.outcome {
            case .relativeError(let e):
                result = "relative error \(Format.error(e))  " + (reading.holds ? console.styled("holds", .green) : console.styled("fails", .red))
            case .notComparable(let why):
                result = console.styled("not comparable", .red) + " (\(why))"
            }
            console.print("\(pad)\(label): \(result)")
        }
        console.print("\(pad)verdict: \(verdictText(c.verdict, console))")
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

    func json() -> JSONValue {
        .object([
            ("tolerance", .number(Derivation.tolerance)),
            ("seed", .number(Double(seed), literal: String(seed))),
            ("documents", .array(documents.map { check in
                .object([
                    ("document", .string(check.document.rawValue)),
                    ("title", .string(check.document.title)),
                    ("network", .string(check.network)),
                    ("checked", .integer(check.checkpoints.count)),
                ])
            })),
            ("checkpoints", .array(checkpoints.map(checkpointJSON))),
            ("summary", .object([
                ("checked", .integer(checkpoints.count)),
                ("holds", .integer(count("holds"))),
                ("holds_under_reading", .integer(count("holds under a reading"))),
                ("wrong", .integer(count("wrong"))),
                ("typo", .integer(count("typo"))),
                ("unresolved", .integer(unresolved)),
                ("text", .string(summary)),
            ])),
        ])
    }

    private func checkpointJSON(_ c: Checkpoint) -> JSONValue {
        var verdict: [(key: String, value: JSONValue)] = [("category", .string(c.verdict.category))]
        switch c.verdict {
        case .holdsUnderReading(let meanings): verdict.append(("readings", .array(meanings.map { .string($0) })))
        case .typo(let fix): verdict.append(("fix", .string(fix)))
        case .wrong(let correction): verdict.append(("correction", .string(correction)))
        default: break
        }
        return .object([
            ("id", .string(c.id)),
            ("document", .string(c.document.rawValue)),
            ("location", .string(c.location)),
            ("printed", .string(c.printed)),
            ("source", .string(c.source)),
            ("compared_with", .string(c.comparedWith)),
            ("readings", .array(c.readings.map { reading in
                var members: [(key: String, value: JSONValue)] = [
                    ("kind", .string(reading.kind.rawValue)),
                    ("meaning", .string(reading.meaning)),
                    ("formula", reading.formula.map(JSONValue.string) ?? .null),
                ]
                switch reading.outcome {
                case .relativeError(let e):
                    members.append(("relative_error", e.isFinite ? .number(e) : .string(Format.error(e))))
                    members.append(("not_comparable", .null))
                case .notComparable(let why):
                    members.append(("relative_error", .null))
                    members.append(("not_comparable", .string(why)))
                }
                members.append(("holds", .bool(reading.holds)))
                return .object(members)
            })),
            ("verdict", .object(verdict)),
        ])
    }
}
