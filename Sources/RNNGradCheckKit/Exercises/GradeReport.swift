import Foundation
import RNNGradCheck

/// Who reads a grade. A student (the default) never sees an expected value of a graded quantity: the
/// grade names the mistake, the entry and a coarse relative error. An instructor (`--reveal`) sees the
/// expected and the given values.
public enum GradeAudience: String, Sendable {
    case student
    case instructor

    public var reveals: Bool { self == .instructor }
}

/// A relative error as a student sees it: two significant digits from 0.1 up, below that only the
/// power of ten it is under. An exact small relative error r of a given value g would give the
/// expected value away, g/(1 ± r), to within the tolerance; "below 1e-02" does not.
public struct CoarseError: Sendable, Equatable {
    /// The error rounded to two significant digits, or the power of ten it is below.
    public let value: Double
    /// `value` is a bound (the error is below it), not the error rounded.
    public let isBound: Bool

    public init(_ error: Double) {
        guard error.isFinite, error > 0 else {
            value = error
            isBound = false
            return
        }
        if error >= 0.1 {
            value = Double(String(format: "%.1e", error)) ?? error
            isBound = false
        } else {
            value = Foundation.pow(10, Foundation.ceil(Foundation.log10(error) - 1e-12))
            isBound = true
        }
    }

    /// "1.3e+00", "below 1e-02".
    public var text: String {
        guard value.isFinite else { return value.isNaN ? "NaN" : "not finite" }
        return isBound ? "below \(String(format: "%.0e", value))" : Format.error(value)
    }
}

/// The words of a grade: feedback sentences and the JSON for autograders.
extension Grade {
    public var notation: AnyNotation { problemCase.notation }

    /// What a diagnosis says about `item`.
    public func describe(_ diagnosis: Diagnosis, _ item: GradedItem, audience: GradeAudience = .student) -> String {
        let L = notation.lossSymbol
        let T = problemCase.problem.steps
        switch diagnosis {
        case .differentVariant(let match):
            let network = match.student == nil
                ? "the published network of exercise \(exercise.number)" : audience.reveals ? match.label : "another student's variant"
            let own = instance.student.map { "'rnn-gradcheck exercise show \(exercise.number) --student \($0)'" }
                ?? "'rnn-gradcheck exercise show \(exercise.number)'"
            return "this looks like the answer to a different variant: \(match.matching) of \(match.numericItems) items match the numbers of \(network) and not yours, so the answer scores 0; work the network \(own) prints"
        default:
            return ItemFeedback(notation: notation, steps: T, lossSymbol: L).describe(diagnosis, item)
        }
    }

    /// The feedback for an item: what is wrong, and which catalogued bugs give this answer.
    public func feedback(_ item: GradedItem, audience: GradeAudience = .student) -> String {
        guard item.verdict != .correct else { return "" }
        if item.voided, let diagnosis = item.diagnoses.first {
            return ItemFeedback.sentences([describe(diagnosis, item, audience: audience)])
        }
        return ItemFeedback(notation: notation, steps: problemCase.problem.steps, lossSymbol: notation.lossSymbol).feedback(item)
    }

    public static let schema = "rnn-gradcheck/grade/2"

    /// The grade for programs (schema rnn-gradcheck/grade/2, notes/json.md). A student's grade holds no
    /// expected value: no "expected" or "got" in worst entries, relative errors coarse.
    public func json(audience: GradeAudience = .student) -> JSONValue {
        let reveal = audience.reveals
        var members: [(key: String, value: JSONValue)] = [
            ("schema", .string(Self.schema)),
            ("exercise", .integer(exercise.number)),
            ("title", .string(exercise.title)),
            ("notation", .string(notation.name)),
            ("fixture", .string(exercise.fixturePath)),
            ("student", instance.student.map { .string($0) } ?? .null),
            ("audience", .string(audience.rawValue)),
            ("answer", .string(source)),
            ("answer_student", answerStudent.map { .string($0) } ?? .null),
            ("tolerance", .number(exercise.tolerance)),
        ]
        if let match = otherVariant {
            members.append(("different_variant", .object([
                ("published", .bool(match.student == nil)),
                ("student", reveal ? (match.student.map { .string($0) } ?? .null) : .null),
                ("items_matching", .integer(match.matching)),
                ("numeric_items", .integer(match.numericItems)),
            ])))
        } else {
            members.append(("different_variant", .null))
        }
        members.append(("items", .array(items.map { item in
            var fields: [(key: String, value: JSONValue)] = [
                ("item", .string(item.key)),
                ("symbol", .string(item.symbol)),
                ("verdict", .string(item.verdict.rawValue)),
                ("score", .number(item.score)),
                ("entries", .integer(item.right.count)),
                ("entries_right", .integer(item.rightCount)),
                ("worst_entries", .array(item.worst.map { entry in
                    var entryFields: [(key: String, value: JSONValue)] = [("label", .string(entry.label))]
                    if reveal {
                        entryFields += [
                            ("relative_error", .number(entry.relativeError)), ("relative_error_is_bound", .bool(false)),
                            ("expected", .number(entry.expected)), ("got", .number(entry.given)),
                        ]
                    } else {
                        let coarse = CoarseError(entry.relativeError)
                        entryFields += [("relative_error", .number(coarse.value)), ("relative_error_is_bound", .bool(coarse.isBound))]
                    }
                    return .object(entryFields)
                })),
            ]
            if item.isCategorical {
                fields.append(("answer", item.givenText.map { .string($0) } ?? .null))
                if reveal { fields.append(("expected_answer", item.expectedText.map { .string($0) } ?? .null)) }
            }
            fields += [
                ("mistakes", .array(item.diagnoses.map { diagnosis in
                    .object([("kind", .string(diagnosis.kind)), ("description", .string(describe(diagnosis, item, audience: audience)))])
                })),
                ("matching_bugs", .array(item.matchingBugs.map { bug in
                    .object([("id", .string(bug.id)), ("mistake", .string(bug.mistake))])
                })),
                ("feedback", .string(feedback(item, audience: audience))),
            ]
            return .object(fields)
        })))
        members += [
            ("score", .number(score)),
            ("items_correct", .integer(correctCount)),
            ("items_total", .integer(items.count)),
            ("passed", .bool(passed)),
        ]
        return .object(members)
    }
}

/// Feedback sentences for a graded item: the grader's diagnoses and matching bugs in words. Shared by
/// `exercise grade` and the feedback on programs (`check-external`, `check-model`).
public struct ItemFeedback: Sendable {
    public let notation: AnyNotation
    public let steps: Int
    public let lossSymbol: String

    public init(notation: AnyNotation, steps: Int, lossSymbol: String) {
        self.notation = notation
        self.steps = steps
        self.lossSymbol = lossSymbol
    }

    /// What a diagnosis says about `item`.
    public func describe(_ diagnosis: Diagnosis, _ item: GradedItem) -> String {
        let L = lossSymbol
        let T = steps
        switch diagnosis {
        case .transposedShape(let given, let expected, let rightOnceTransposed):
            return rightOnceTransposed
                ? "transposed: you gave \(item.symbol) as a \(given) matrix, the transpose of its \(expected) shape; transposed back, every entry is right"
                : "you gave \(item.symbol) as a \(given) matrix, the transpose of its \(expected) shape (no entry is in its place); transposed back it is still wrong"
        case .transposed:
            return "transposed: \(item.phrase) is the transpose of the expected one (entry [i,j] holds [j,i]), as when an outer product is taken the wrong way round"
        case .signFlipped:
            if item.isLoss { return "sign flipped: your loss is −\(item.symbol)" }
            if item.key == "J" || item.key.hasPrefix("bias_") { return "sign flipped: every entry has the opposite sign of the expected one" }
            return "sign flipped: every entry has the opposite sign of the expected one (submit ∂\(L)/∂θ itself, not −∂\(L)/∂θ or an update Δθ)"
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
            return "all zero: every entry of \(item.symbol) is 0, but the expected value is not"
        case .clipped(let bound):
            let c = String(format: "%g", bound)
            return "clipped: every entry beyond ±\(c) is cut to ±\(c), as np.clip(dparam, -\(c), \(c)) does in min-char-rnn.py before its update; the other entries are right. A gradient check needs the gradient before clipping"
        case .shifted(let bug):
            return "shifted by one time step: \(item.phrase) matches the one you get when \(bug.mistake) (\(bug.id))"
        case .truncated(let tau, nil):
            let reach = tau == 0 ? "no earlier step" : tau == 1 ? "only 1 earlier step" : "only \(tau) earlier steps"
            return "truncated: this is truncated BPTT with τ = \(tau) (the error of each output reaches \(reach)); the fixture asks for full BPTT"
        case .truncated(let tau, let expected?):
            let off = tau - expected
            let how = off == -1 ? "one step short" : off == 1 ? "one step too far" : off < 0 ? "\(-off) steps short" : "\(off) steps too far"
            return "truncated at τ = \(tau) instead of τ = \(expected): the \(notation.truncationName ?? "truncation") is \(how)"
        case .notTruncated(let expected):
            return "not truncated: this is full BPTT, but the fixture sets the \(notation.truncationName ?? "truncation") τ = \(expected)"
        case .wholeLoss(let t):
            return item.isLoss
                ? "this is \(notation.lossSymbol) = \(notation.lossSymbol)_0 + … + \(notation.lossSymbol)_\(T - 1), the loss of every output, not \(notation.lossSymbol)_\(t) alone"
                : "this is the gradient of the whole loss \(notation.lossSymbol) = \(notation.lossSymbol)_0 + … + \(notation.lossSymbol)_\(T - 1), not of \(notation.lossSymbol)_\(t) alone"
        case .otherOutput(let found, let expected):
            return "this is \(notation.lossSymbol)_\(found), the loss of output \(found), not \(notation.lossSymbol)_\(expected)"
        case .known(_, let description):
            return description
        case .differentVariant(let match):
            return "this looks like the answer to a different variant (\(match.matching) of \(match.numericItems) items match another network and not this one)"
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
        if !item.isExplained {
            sentences.append(item.isCategorical
                ? "not right"
                : item.rightCount > 0
                    ? "\(item.rightCount) of \(item.right.count) entries are right; no catalogued mistake explains the others"
                    : "no catalogued mistake explains it")
        }
        return Self.sentences(sentences)
    }

    /// "U", "U and W", "U, V and W".
    public static func both(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// Sentences, each capitalised (unless a catalog id opens it) and ended with a full stop.
    public static func sentences(_ parts: [String]) -> String {
        parts.map { part in
            let opensWithID = part.prefix { $0 != " " }.contains("/")
            return (opensWithID ? part : part.prefix(1).uppercased() + part.dropFirst()) + (part.hasSuffix(".") ? "" : ".")
        }.joined(separator: " ")
    }
}

extension Grade {
    /// "score 0.50 (2 of 4 items correct)".
    public var summary: String { "score \(String(format: "%.2f", score)) (\(correctCount) of \(items.count) items correct)" }

    /// Digits of the values an instructor sees: 7 for hand exercises, 10 for code.
    public var digits: Int { exercise.byHand ? 7 : 10 }

    /// What a reader sees under an item besides its feedback: its worst entries (for a student only
    /// their coarse relative errors), and for a categorical item the answer given.
    public func detailLines(_ item: GradedItem, audience: GradeAudience) -> [String] {
        var lines: [String] = []
        if item.isCategorical, item.verdict != .correct {
            var line = "your answer: \(item.givenText.map { Echo.capped($0) } ?? "none")"
            if audience.reveals, let expected = item.expectedText { line += "; expected \(expected)" }
            lines.append(line)
        }
        for entry in item.worst {
            if audience.reveals {
                lines.append(
                    "\(entry.label): expected \(Format.value(entry.expected, digits: digits)), got \(Format.value(entry.given, digits: digits)) (relative error \(String(format: "%.2e", entry.relativeError)))")
            } else {
                lines.append("\(entry.label): relative error \(CoarseError(entry.relativeError).text)")
            }
        }
        return lines
    }

    /// The grade as autograder tests: one per item, `points` shared equally (1 per item by default).
    public func autograderReport(audience: GradeAudience, points: Double?, seconds: Double) -> AutograderReport {
        let share = (points ?? Double(items.count)) / Double(max(items.count, 1))
        let tests = items.map { item in
            let lines = ["\(item.verdict.rawValue), score \(String(format: "%.2f", item.score))"] + detailLines(item, audience: audience)
                + [feedback(item, audience: audience)].filter { !$0.isEmpty }
            return AutograderReport.Test(
                name: "exercise \(exercise.number): \(item.symbol)", score: item.score * share, maxScore: share,
                status: item.verdict == .correct ? .passed : .failed, output: lines.joined(separator: "\n"))
        }
        var output = "exercise \(exercise.number): \(exercise.title)\n\(source) graded against \(instance.networkName); \(summary)"
        if let match = otherVariant, let first = items.first {
            output += "\n" + ItemFeedback.sentences([describe(.differentVariant(match), first, audience: audience)])
        }
        return AutograderReport(
            name: "rnn-gradcheck exercise grade \(exercise.number)", tests: tests, output: output, seconds: seconds, source: Self.schema)
    }
}
