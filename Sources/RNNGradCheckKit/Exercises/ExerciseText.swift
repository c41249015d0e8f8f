import Foundation
import RNNGradCheck

/// Fills the placeholders of an exercise's statement and hints from the network a student gets, so
/// that a variant's statement names its own inputs and numbers:
///
///     {{x}}, {{y}}             the inputs and targets: "(1, 0)", "(0.5, −1.0)"
///     {{x_t}}, {{y_t}}         one token id
///     {{U[:,x_t]}}             a column of a parameter, the column of token x_t: "(0.1, −0.6)"
///     {{fixture}}              the fixture file: the published one's path, or "your fixture"
///     {{listing}}              seed 000's bptt with line numbers (find the bug)
///     {{bugs}}                 how many catalogued bugs a find-the-bug variant may carry
///
/// A placeholder it does not know stays as it is (ExerciseTests checks that none is left).
public enum ExerciseText {
    public static func fill(_ template: String, _ instance: ExerciseInstance) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            result += rest[..<open.lowerBound]
            let name = String(rest[open.upperBound..<close.lowerBound])
            result += value(of: name, instance) ?? "{{\(name)}}"
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    private static func value(of name: String, _ instance: ExerciseInstance) -> String? {
        let problem = instance.problemCase.problem
        switch name {
        case "x": return sequence(problem.inputSequence)
        case "y": return sequence(problem.targetSequence)
        case "fixture": return instance.isVariant ? "your-fixture.json" : instance.exercise.fixturePath
        case "listing": return FindTheBug.numberedListing
        case "bugs": return String(FindTheBug.candidates.count)
        default: break
        }
        if let token = token(name, problem) { return String(token) }
        // A column of a parameter selected by a token: "U[:,x_0]".
        if let bracket = name.firstIndex(of: "["), name.hasSuffix("]") {
            let key = String(name[..<bracket])
            let inside = name[name.index(after: bracket)..<name.index(before: name.endIndex)]
            guard inside.hasPrefix(":,"), let column = token(String(inside.dropFirst(2)), problem),
                let block = problem.parameterBlocks.first(where: { $0.key == key }), case .matrix(let rows, let columns) = block.shape,
                column < columns
            else { return nil }
            return "(" + (0..<rows).map { number(block.values[$0 * columns + column]) }.joined(separator: ", ") + ")"
        }
        return nil
    }

    /// "x_3" or "y_0": that token id of the inputs or targets.
    private static func token(_ name: String, _ problem: any NotationProblem) -> Int? {
        let parts = name.split(separator: "_")
        guard parts.count == 2, let t = Int(parts[1]) else { return nil }
        let data: SequenceData
        switch parts[0] {
        case "x": data = problem.inputSequence
        case "y": data = problem.targetSequence
        default: return nil
        }
        guard case .tokens(let ids) = data, ids.indices.contains(t) else { return nil }
        return ids[t]
    }

    /// "(1, 0)" for tokens; "(0.5, −1.0)" for rows of one number; "((1.0, 0.0), (0.5, 0.5))" otherwise.
    static func sequence(_ data: SequenceData) -> String {
        switch data {
        case .tokens(let ids): return "(" + ids.map(String.init).joined(separator: ", ") + ")"
        case .vectors(let rows):
            if rows.allSatisfy({ $0.count == 1 }) { return "(" + rows.map { number($0[0]) }.joined(separator: ", ") + ")" }
            return "(" + rows.map { "(" + $0.map(number).joined(separator: ", ") + ")" }.joined(separator: ", ") + ")"
        }
    }

    /// A number as the statements write it: as few decimals as it needs (at least one), a true minus sign.
    static func number(_ x: Double) -> String {
        var text = String(format: "%.1f", x)
        for decimals in 1...6 {
            text = String(format: "%.\(decimals)f", x)
            if abs(Double(text)! - x) < 1e-12 { break }
        }
        return text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }
}
