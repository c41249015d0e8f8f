import Foundation
import RNNGradCheck

/// The words of a grade: feedback sentences, the text report and the JSON for autograders.
extension Grade {
    public var notation: AnyNotation { problemCase.notation }

    /// What a diagnosis says about `item`.
    public func describe(_ diagnosis: Diagnosis, _ item: GradedItem) -> String {
        let L = notation.lossSymbol
        let T = problemCase.problem.steps
        switch diagnosis {
        case .transposedShape(let given, let expected, let rightOnceTransposed):
            return rightOnceTransposed
                ? "transposed: you gave \(item.symbol) as a \(given) matrix, the transpose of its \(expected) shape; transposed back, every entry is right"
                : "you gave \(item.symbol) as a \(given) matrix, the transpose of its \(expected) shape (no entry is in its place); transposed back it is still wrong"
        case .transposed:
            return "transposed: \(item.phrase) is the transpose of the expected one (entry [i,j] holds [j,i]), as when an outer product is taken the wrong way round"
        case .signFlipped:
            return item.isLoss
                ? "sign flipped: your loss is −\(item.symbol)"
                : "sign flipped: every entry has the opposite sign of the expected one (submit ∂\(L)/∂θ itself, not −∂\(L)/∂θ or an update Δθ)"
        case .constantFactor(let c, let names):
            let value = String(format: "%.4g", c)
            let scaled = item.isLoss ? "your loss is \(value) × the expected one" : "every entry is \(value) × the expected one"
            guard !names.isEmpty else { return "off by a constant factor \(value): \(scaled)" }
            var text = "off by a constant factor \(names.joined(separator: " = "))"
            if names.contains(where: { $0.contains("T") }) { text += " (T = \(T))" }
            text += ": \(scaled)"
            if names.contains("1/T") { text += ", which is what the mean \(L)/T gives instead of the sum \(L)" }
            for name in names { if let hint = notation.factorHints[name] { text += ", \(hint)" } }
            if names.contains("1/ln 10") { text += ", as with log₁₀ instead of the natural logarithm" }
            return text
        case .zeroRows(let rows):
            return "zero rows: \(plural("row", rows)) of \(item.symbol) \(rows.count == 1 ? "is" : "are") 0 where the expected \(rows.count == 1 ? "row is" : "rows are") not; the other rows are right"
        case .zeroColumns(let columns):
            return "zero columns: \(plural("column", columns)) of \(item.symbol) \(columns.count == 1 ? "is" : "are") 0 where the expected \(columns.count == 1 ? "column is" : "columns are") not; the other columns are right"
        case .zeroEntries(let entries):
            let labels = entries.map { "\(item.symbol)[\($0)]" }
            return "zero entries: \(JSONReader.list(labels)) \(entries.count == 1 ? "is" : "are") 0 where the expected \(entries.count == 1 ? "entry is" : "entries are") not; the other entries are right"
        case .allZero:
            return "all zero: every entry of \(item.symbol) is 0, but the expected gradient is not"
        case .shifted(let bug):
            return "shifted by one time step: \(item.phrase) matches the one you get when \(bug.mistake) (\(bug.id))"
        case .truncated(let tau, nil):
            let reach = tau == 0 ? "no earlier step" : tau == 1 ? "only 1 earlier step" : "only \(tau) earlier steps"
            return "truncated: this is truncated BPTT with τ = \(tau) (the error of each output reaches \(reach)); the exercise asks for full BPTT"
        case .truncated(let tau, let expected?):
            let off = tau - expected
            let how = off == -1 ? "one step short" : off == 1 ? "one step too far" : off < 0 ? "\(-off) steps short" : "\(off) steps too far"
            return "truncated at τ = \(tau) instead of τ = \(expected): the \(notation.truncationName ?? "truncation") is \(how)"
        case .notTruncated(let expected):
            return "not truncated: this is full BPTT, but the exercise sets the \(notation.truncationName ?? "truncation") τ = \(expected)"
        case .wholeLoss(let t):
            return item.isLoss
                ? "this is \(L) = \(L)_0 + … + \(L)_\(T - 1), the loss of every output, not \(L)_\(t) alone"
                : "this is the gradient of the whole loss \(L) = \(L)_0 + … + \(L)_\(T - 1), not of \(L)_\(t) alone"
        case .otherOutput(let found, let expected):
            return "this is \(L)_\(found), the loss of output \(found), not \(L)_\(expected)"
        }
    }

    private func plural(_ noun: String, _ indices: [Int]) -> String {
        "\(noun)\(indices.count == 1 ? "" : "s") \(JSONReader.list(indices.map(String.init)))"
    }

    /// The feedback for an item: what is wrong, and which catalogued bugs give this answer.
    public func feedback(_ item: GradedItem) -> String {
        guard item.verdict != .correct else { return "" }
        var sentences = item.diagnoses.map { describe($0, item) }
        sentences += item.bugs.map { "\(item.phrase) matches the one you get when \($0.mistake) (\($0.id))" }
        let explained = item.diagnoses.contains { if case .transposedShape(_, _, false) = $0 { return false } else { return true } } || !item.bugs.isEmpty
        if !explained {
            sentences.append(item.rightCount > 0
                ? "\(item.rightCount) of \(item.right.count) entries are right; no catalogued mistake explains the others"
                : "no catalogued mistake matches; compare your entries with the expected ones")
        }
        return sentences.map { $0.prefix(1).uppercased() + $0.dropFirst() + "." }.joined(separator: " ")
    }

    public static let schema = "rnn-gradcheck/grade/1"

    /// The grade for programs (schema rnn-gradcheck/grade/1, notes/json.md).
    public func json() -> JSONValue {
        .object([
            ("schema", .string(Self.schema)),
            ("exercise", .integer(exercise.number)),
            ("title", .string(exercise.title)),
            ("notation", .string(notation.name)),
            ("fixture", .string(exercise.fixturePath)),
            ("answer", .string(source)),
            ("tolerance", .number(exercise.tolerance)),
            ("items", .array(items.map { item in
                .object([
                    ("item", .string(item.key)),
                    ("symbol", .string(item.symbol)),
                    ("verdict", .string(item.verdict.rawValue)),
                    ("score", .number(item.score)),
                    ("entries", .integer(item.right.count)),
                    ("entries_right", .integer(item.rightCount)),
                    ("worst_entries", .array(item.worst.map { entry in
                        .object([("label", .string(entry.label)), ("expected", .number(entry.expected)), ("got", .number(entry.given))])
                    })),
                    ("mistakes", .array(item.diagnoses.map { diagnosis in
                        .object([("kind", .string(diagnosis.kind)), ("description", .string(describe(diagnosis, item)))])
                    })),
                    ("matching_bugs", .array(item.matchingBugs.map { bug in
                        .object([("id", .string(bug.id)), ("mistake", .string(bug.mistake))])
                    })),
                    ("feedback", .string(feedback(item))),
                ])
            })),
            ("score", .number(score)),
            ("items_correct", .integer(correctCount)),
            ("items_total", .integer(items.count)),
            ("passed", .bool(passed)),
        ])
    }
}
