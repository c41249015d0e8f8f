import Foundation
import RNNGradCheck

/// When a given number counts as the expected one, for one exercise.
///
/// An entry is right when |given − expected| ≤ tolerance · max(|expected|, floor), where the floor is
/// 10⁻³ of the largest expected entry of its block (at least 10⁻⁶): an entry a thousand times smaller
/// than its neighbours is compared in absolute terms, so that a hand calculation need not carry more
/// digits for it, and an expected 0 accepts a rounding-level answer.
public struct GradingTolerance {
    public let relative: Double

    public func floor(ofBlock expected: [Double]) -> Double {
        max(1e-3 * (expected.map(abs).max() ?? 0), 1e-6)
    }

    /// |given − expected| / (tolerance · max(|expected|, floor)): ≤ 1 is right. NaN never is.
    public func errorRatios(_ given: [Double], _ expected: [Double]) -> [Double] {
        let floor = floor(ofBlock: expected)
        return zip(given, expected).map { g, e in abs(g - e) / (relative * max(abs(e), floor)) }
    }

    public func rightEntries(_ given: [Double], _ expected: [Double]) -> [Bool] {
        errorRatios(given, expected).map { $0 <= 1 }
    }

    /// Every entry of `given` is right against `candidate`.
    public func matches(_ given: [Double], _ candidate: [Double]) -> Bool {
        given.count == candidate.count && rightEntries(given, candidate).allSatisfy { $0 }
    }
}

/// A mistake the grader recognises in one item, from its numbers alone or from a bug of the catalog.
public enum Diagnosis {
    /// The matrix was given with the transposed shape; `rightOnceTransposed` says whether it is then right.
    case transposedShape(given: String, expected: String, rightOnceTransposed: Bool)
    /// A square matrix that is the transpose of the expected one.
    case transposed
    case signFlipped
    /// Every entry is `factor` × the expected one; `names` are the factors it equals (2, ½, T, 1/T, …).
    case constantFactor(Double, names: [String])
    case zeroRows([Int])
    case zeroColumns([Int])
    case zeroEntries([Int])
    case allZero
    case shifted(AnyBPTTBug)
    /// Matches truncated BPTT with `tau`, while the exercise asks for `expected` (nil: full BPTT).
    case truncated(tau: Int, expected: Int?)
    /// Matches full BPTT, while the exercise asks for truncation `expected`.
    case notTruncated(expected: Int)
    /// The whole loss E (or its gradient) where the exercise asks for output `t` alone.
    case wholeLoss(output: Int)
    /// The loss of output `found` where the exercise asks for output `expected`.
    case otherOutput(found: Int, expected: Int)

    /// A short, stable name for autograders.
    public var kind: String {
        switch self {
        case .transposedShape: return "transposed-shape"
        case .transposed: return "transposed"
        case .signFlipped: return "sign-flipped"
        case .constantFactor: return "constant-factor"
        case .zeroRows: return "zero-rows"
        case .zeroColumns: return "zero-columns"
        case .zeroEntries: return "zero-entries"
        case .allZero: return "all-zero"
        case .shifted: return "shifted-by-one-step"
        case .truncated: return "truncated"
        case .notTruncated: return "not-truncated"
        case .wholeLoss: return "whole-loss"
        case .otherOutput: return "other-output"
        }
    }
}

/// One graded item: the loss, or the gradient of one parameter.
public struct GradedItem {
    public enum Verdict: String {
        case correct
        case partiallyCorrect = "partially correct"
        case wrong
    }

    public struct Entry {
        public let label: String
        public let expected: Double
        public let given: Double
    }

    /// "loss" or the parameter key.
    public let key: String
    /// "E", "E_3", "C", or the parameter's printed symbol.
    public let symbol: String
    public let shape: Shape?
    public let expected: [Double]
    /// The answer in the expected layout (transposed back when it was given transposed).
    public let given: [Double]
    public let transposedShape: Bool
    public let right: [Bool]
    /// Up to three wrong entries, the worst first.
    public let worst: [Entry]
    public let diagnoses: [Diagnosis]
    /// Catalogued bugs whose result equals the answer (beyond one already named in a diagnosis).
    public let bugs: [AnyBPTTBug]

    /// Every catalogued bug that gives this answer, the one named by a diagnosis first.
    public var matchingBugs: [AnyBPTTBug] {
        diagnoses.compactMap { if case .shifted(let bug) = $0 { return bug } else { return nil } } + bugs
    }

    public var isLoss: Bool { key == "loss" }
    public var rightCount: Int { transposedShape ? 0 : right.filter { $0 }.count }
    /// The fraction of entries that are right; a matrix given with the transposed shape has none in place.
    public var score: Double { right.isEmpty ? 0 : Double(rightCount) / Double(right.count) }
    public var verdict: Verdict { rightCount == right.count ? .correct : rightCount == 0 ? .wrong : .partiallyCorrect }

    /// "your W gradient", "your loss".
    public var phrase: String { isLoss ? "your loss" : "your \(symbol) gradient" }
}

/// The grade of one answer.
public struct Grade {
    public let exercise: Exercise
    public let problemCase: ProblemCase
    public let source: String
    public let items: [GradedItem]

    public var score: Double { items.isEmpty ? 0 : items.map(\.score).reduce(0, +) / Double(items.count) }
    public var correctCount: Int { items.filter { $0.verdict == .correct }.count }
    public var passed: Bool { correctCount == items.count }
}

/// Grades an answer against an exercise's reference and names the likely mistake.
public enum Grader {
    public static func grade(_ exercise: Exercise, problemCase: ProblemCase, answer: Answer, source: String) -> Grade {
        let problem = problemCase.problem
        let tolerance = GradingTolerance(relative: exercise.tolerance)
        let reference = ExerciseReference(exercise, problemCase: problemCase)
        let alternatives = Alternatives(exercise: exercise, problemCase: problemCase)

        var items: [GradedItem] = []
        let lossSymbol = exercise.lossSymbol(problemCase.notation)
        items.append(gradeLoss(answer.loss, expected: reference.loss, symbol: lossSymbol, tolerance: tolerance, alternatives: alternatives))
        for key in exercise.gradients {
            guard let expected = reference.block(key), let given = answer.blocks[key] else { continue }
            items.append(gradeBlock(given, expected: expected, tolerance: tolerance, alternatives: alternatives, steps: problem.steps))
        }
        return Grade(exercise: exercise, problemCase: problemCase, source: source, items: items)
    }

    // MARK: - The loss

    private static func gradeLoss(
        _ given: Double, expected: Double, symbol: String, tolerance: GradingTolerance, alternatives: Alternatives
    ) -> GradedItem {
        let right = tolerance.rightEntries([given], [expected])
        var diagnoses: [Diagnosis] = []
        if !right[0] {
            if let diagnosis = sign(given: [given], expected: [expected], tolerance)
                ?? factor(given: [given], expected: [expected], steps: alternatives.steps, tolerance)
            {
                diagnoses.append(diagnosis)
            } else if let whole = alternatives.wholeLoss, tolerance.matches([given], [whole.loss]) {
                diagnoses.append(.wholeLoss(output: whole.output))
            } else if let other = alternatives.outputLosses.first(where: { tolerance.matches([given], [$0.loss]) }) {
                diagnoses.append(.otherOutput(found: other.output, expected: alternatives.output ?? 0))
            }
        }
        return GradedItem(
            key: "loss", symbol: symbol, shape: nil, expected: [expected], given: [given], transposedShape: false, right: right,
            worst: right[0] ? [] : [GradedItem.Entry(label: symbol, expected: expected, given: given)],
            diagnoses: diagnoses, bugs: [])
    }

    // MARK: - A gradient block

    private static func gradeBlock(
        _ answer: Answer.Block, expected block: NamedBlock, tolerance: GradingTolerance, alternatives: Alternatives, steps: Int
    ) -> GradedItem {
        let expected = block.values
        var given = answer.values
        var diagnoses: [Diagnosis] = []
        if answer.transposedShape, case .matrix(let rows, let columns) = block.shape {
            // The student's matrix is columns×rows: entry [i, j] of the expected layout is their [j, i].
            given = (0..<(rows * columns)).map { index in answer.values[(index % columns) * rows + index / columns] }
            diagnoses.append(.transposedShape(
                given: "\(columns)×\(rows)", expected: "\(rows)×\(columns)", rightOnceTransposed: tolerance.matches(given, expected)))
        }
        let right = tolerance.rightEntries(given, expected)
        // A NaN ratio (an overflowing difference) counts as the worst.
        let ratios = tolerance.errorRatios(given, expected).map { $0.isNaN ? Double.infinity : $0 }
        let worst = ratios.indices.filter { ratios[$0] > 1 }.sorted { ratios[$0] > ratios[$1] }.prefix(3).map {
            GradedItem.Entry(label: block.label(ofEntry: $0), expected: expected[$0], given: given[$0])
        }

        var bugs: [AnyBPTTBug] = []
        if !right.allSatisfy({ $0 }) {
            if let diagnosis = diagnose(given: given, expected: expected, block: block, tolerance: tolerance, alternatives: alternatives, steps: steps) {
                diagnoses.append(diagnosis)
            }
            // Every catalogued bug whose result is this answer (and differs from the right one).
            for (bug, blocks) in alternatives.bugs {
                guard let candidate = blocks.first(where: { $0.key == block.key })?.values,
                    !tolerance.matches(candidate, expected), tolerance.matches(given, candidate)
                else { continue }
                if case .shifted(let named) = diagnoses.last, named.id == bug.id { continue }
                bugs.append(bug)
            }
        }
        return GradedItem(
            key: block.key, symbol: block.symbol, shape: block.shape, expected: expected, given: given,
            transposedShape: answer.transposedShape, right: right, worst: Array(worst), diagnoses: diagnoses, bugs: bugs)
    }

    /// The first mistake that explains the whole block, tried in order: transposed, sign flipped, a
    /// constant factor, zero rows, shifted by one time step, truncated (or the whole loss for an
    /// exercise on one output).
    private static func diagnose(
        given: [Double], expected: [Double], block: NamedBlock, tolerance: GradingTolerance, alternatives: Alternatives, steps: Int
    ) -> Diagnosis? {
        if case .matrix(let rows, let columns) = block.shape, rows == columns {
            let transposed = (0..<(rows * columns)).map { expected[($0 % columns) * columns + $0 / columns] }
            if !tolerance.matches(transposed, expected), tolerance.matches(given, transposed) { return .transposed }
        }
        if let diagnosis = sign(given: given, expected: expected, tolerance) ?? factor(given: given, expected: expected, steps: steps, tolerance) {
            return diagnosis
        }
        if let diagnosis = zeros(given: given, expected: expected, shape: block.shape, tolerance) { return diagnosis }
        for (bug, blocks) in alternatives.bugs where bug.shiftsTime {
            if let candidate = blocks.first(where: { $0.key == block.key })?.values,
                !tolerance.matches(candidate, expected), tolerance.matches(given, candidate)
            {
                return .shifted(bug)
            }
        }
        for truncation in alternatives.truncations {
            guard let candidate = truncation.blocks.first(where: { $0.key == block.key })?.values,
                !tolerance.matches(candidate, expected), tolerance.matches(given, candidate)
            else { continue }
            if let tau = truncation.tau { return .truncated(tau: tau, expected: alternatives.truncation) }
            if let expectedTau = alternatives.truncation { return .notTruncated(expected: expectedTau) }
        }
        if let whole = alternatives.wholeLoss, let candidate = whole.blocks.first(where: { $0.key == block.key })?.values,
            !tolerance.matches(candidate, expected), tolerance.matches(given, candidate)
        {
            return .wholeLoss(output: whole.output)
        }
        return nil
    }

    private static func sign(given: [Double], expected: [Double], _ tolerance: GradingTolerance) -> Diagnosis? {
        let negated = expected.map { -$0 }
        guard !tolerance.matches(negated, expected), tolerance.matches(given, negated) else { return nil }
        return .signFlipped
    }

    /// The factors a grader names: a student's scaling is rarely an arbitrary number.
    public static func namedFactors(steps T: Int) -> [(name: String, value: Double)] {
        let t = Double(T)
        return [("2", 2), ("½", 0.5), ("T", t), ("1/T", 1 / t), ("−2", -2), ("−½", -0.5), ("1/ln 10", 1 / M_LN10), ("ln 10", M_LN10)]
    }

    private static func factor(given: [Double], expected: [Double], steps: Int, _ tolerance: GradingTolerance) -> Diagnosis? {
        // The least-squares factor c minimising ‖given − c·expected‖.
        let expectedSquares = expected.reduce(0) { $0 + $1 * $1 }
        guard expectedSquares > 0 else { return nil }
        let c = zip(given, expected).reduce(0) { $0 + $1.0 * $1.1 } / expectedSquares
        guard c.isFinite, c != 0 else { return nil }
        let scaled = expected.map { c * $0 }
        guard !tolerance.matches(scaled, expected), tolerance.matches(given, scaled) else { return nil }
        if tolerance.matches(given, expected.map { -$0 }) { return nil }  // the sign flip, already tried
        let names = namedFactors(steps: steps).filter { abs(c / $0.value - 1) <= max(2 * tolerance.relative, 1e-9) }.map(\.name)
        // Any single number is some multiple of another: an unnamed factor says something only when
        // it holds across several entries.
        let floor = tolerance.floor(ofBlock: expected)
        guard !names.isEmpty || expected.filter({ abs($0) > floor }).count >= 2 else { return nil }
        return .constantFactor(c, names: names)
    }

    /// Rows (or columns, or vector entries) that are 0 where the expected ones are not, all else right.
    private static func zeros(given: [Double], expected: [Double], shape: Shape, _ tolerance: GradingTolerance) -> Diagnosis? {
        // 0 to within what the tolerance allows for an expected 0.
        let threshold = tolerance.relative * tolerance.floor(ofBlock: expected)
        let zero = given.map { abs($0) <= threshold }
        let right = tolerance.rightEntries(given, expected)
        if zero.allSatisfy({ $0 }) { return right.allSatisfy({ $0 }) ? nil : .allZero }
        switch shape {
        case .vector:
            let missing = given.indices.filter { zero[$0] && !right[$0] }
            guard !missing.isEmpty, given.indices.allSatisfy({ right[$0] || missing.contains($0) }) else { return nil }
            return .zeroEntries(missing)
        case .matrix(let rows, let columns):
            func lines(_ count: Int, _ entries: (Int) -> [Int]) -> [Int]? {
                let missing = (0..<count).filter { line in
                    entries(line).allSatisfy { zero[$0] } && !entries(line).allSatisfy { right[$0] }
                }
                let explained = (0..<count).allSatisfy { line in missing.contains(line) || entries(line).allSatisfy { right[$0] } }
                return missing.isEmpty || !explained ? nil : missing
            }
            if let missing = lines(rows, { row in (0..<columns).map { row * columns + $0 } }) { return .zeroRows(missing) }
            if let missing = lines(columns, { column in (0..<rows).map { $0 * columns + column } }) { return .zeroColumns(missing) }
            return nil
        case .tensor:
            return nil
        }
    }
}

/// What the grader compares an answer with besides the reference: the same exercise under other
/// truncations, every catalogued bug of the notation, and for an exercise on one output the whole loss.
public struct Alternatives {
    public struct Truncation {
        /// nil: full BPTT.
        public let tau: Int?
        public let blocks: [NamedBlock]
    }

    public let steps: Int
    /// The exercise's own truncation (nil: full BPTT).
    public let truncation: Int?
    /// The exercise's output, for an exercise on one output.
    public let output: Int?
    public let truncations: [Truncation]
    public let bugs: [(bug: AnyBPTTBug, blocks: [NamedBlock])]
    /// For an exercise on one output t: E and ∂E/∂θ of the whole sentence.
    public let wholeLoss: (output: Int, loss: Double, blocks: [NamedBlock])?
    /// For an exercise on one output t: the losses of the other outputs.
    public let outputLosses: [(output: Int, loss: Double)]

    public init(exercise: Exercise, problemCase: ProblemCase) {
        let problem = problemCase.problem
        steps = problem.steps
        truncation = problem.truncation
        let tau = problem.truncation
        switch exercise.objective {
        case .sum:
            output = nil
            let others: [Int?] = ([nil] + (0..<max(0, steps - 1)).map { Optional($0) }).filter { $0 != tau }
            truncations = others.map { Truncation(tau: $0, blocks: problem.gradientBlocks(truncation: $0)) }
            // Catalogued bugs are whole-sentence computations: they are compared on E only.
            let parameters = problem.parameterBlocks
            bugs = problemCase.notation.bugs.compactMap { bug in
                bug.gradients(of: problem).map { values in
                    (bug, zip(parameters, values).map { NamedBlock(key: $0.key, symbol: $0.symbol, shape: $0.shape, values: $1) })
                }
            }
            wholeLoss = nil
            outputLosses = []
        case .output(let t):
            output = t
            let others: [Int?] = ([nil] + (0..<t).map { Optional($0) }).filter { $0 != tau }
            truncations = others.map { Truncation(tau: $0, blocks: problem.outputGradientBlocks(t, truncation: $0)) }
            bugs = []
            wholeLoss = (t, problem.loss(), problem.gradientBlocks(truncation: tau))
            outputLosses = (0..<steps).filter { $0 != t }.map { ($0, problem.outputLossValue($0)) }
        }
    }
}
