import Foundation
import RNNGradCheck

/// When a given number counts as the expected one, for one exercise.
///
/// An entry is right when |given − expected| ≤ tolerance · max(|expected|, floor), where the floor is
/// 10⁻³ of the largest expected entry of its block (at least 10⁻⁶): an entry a thousand times smaller
/// than its neighbours is compared in absolute terms, so that a hand calculation need not carry more
/// digits for it, and an expected 0 accepts a rounding-level answer.
public struct GradingTolerance: Sendable {
    public let relative: Double

    public init(relative: Double) { self.relative = relative }

    public func floor(ofBlock expected: [Double]) -> Double {
        max(1e-3 * (expected.map(abs).max() ?? 0), 1e-6)
    }

    /// |given − expected| / max(|expected|, floor): the relative error of each entry, with the floor.
    public func relativeErrors(_ given: [Double], _ expected: [Double]) -> [Double] {
        let floor = floor(ofBlock: expected)
        return zip(given, expected).map { g, e in abs(g - e) / max(abs(e), floor) }
    }

    /// |given − expected| / (tolerance · max(|expected|, floor)): ≤ 1 is right. NaN never is.
    public func errorRatios(_ given: [Double], _ expected: [Double]) -> [Double] {
        relativeErrors(given, expected).map { $0 / relative }
    }

    public func rightEntries(_ given: [Double], _ expected: [Double]) -> [Bool] {
        errorRatios(given, expected).map { $0 <= 1 }
    }

    /// Every entry of `given` is right against `candidate`.
    public func matches(_ given: [Double], _ candidate: [Double]) -> Bool {
        given.count == candidate.count && rightEntries(given, candidate).allSatisfy { $0 }
    }
}

/// A mistake the grader recognises in one item, from its numbers alone, from a bug of the catalog, or
/// from the exercise's own list of typical mistakes.
public enum Diagnosis: Sendable {
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
    /// Every wrong entry is ±`bound`, with the expected entry's sign and beyond it; the others are right:
    /// the gradient was clipped (min-char-rnn.py's np.clip(dparam, -5, 5)).
    case clipped(bound: Double)
    case shifted(AnyBPTTBug)
    /// Matches truncated BPTT with `tau`, while the exercise asks for `expected` (nil: full BPTT).
    case truncated(tau: Int, expected: Int?)
    /// Matches full BPTT, while the exercise asks for truncation `expected`.
    case notTruncated(expected: Int)
    /// The whole loss E (or its gradient) where the exercise asks for output `t` alone.
    case wholeLoss(output: Int)
    /// The loss of output `found` where the exercise asks for output `expected`.
    case otherOutput(found: Int, expected: Int)
    /// One of the exercise's typical mistakes (`NamedAlternative`), or what a categorical answer shows.
    case known(kind: String, description: String)
    /// The whole answer matches another network's numbers better than this one's.
    case differentVariant(VariantMatch)

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
        case .clipped: return "clipped"
        case .shifted: return "shifted-by-one-step"
        case .truncated: return "truncated"
        case .notTruncated: return "not-truncated"
        case .wholeLoss: return "whole-loss"
        case .otherOutput: return "other-output"
        case .known(let kind, _): return kind
        case .differentVariant: return "different-variant"
        }
    }
}

/// An answer that matches another network than the one it is graded against.
public struct VariantMatch: Sendable {
    /// nil: the published network of the exercise; otherwise the student whose variant it matches.
    public let student: String?
    /// Numeric items that match that network and not this one, of all numeric items.
    public let matching: Int
    public let numericItems: Int

    /// For the instructor: "the published network" or "student bob's variant".
    public var label: String { student.map { "student \(Echo.capped($0))'s variant" } ?? "the published network" }
}

/// One graded item: the loss, the gradient of one parameter, or one of a task's own items.
public struct GradedItem: Sendable {
    public enum Verdict: String, Sendable {
        case correct
        case partiallyCorrect = "partially correct"
        case wrong
    }

    public struct Entry: Sendable {
        public let label: String
        public let expected: Double
        public let given: Double
        /// |given − expected| / max(|expected|, floor).
        public let relativeError: Double
    }

    /// "loss", a parameter key, or a task item ("J", "vanishes", "bug", "step", "bias_W").
    public let key: String
    /// "E", "E_3", "C", the parameter's printed symbol, or the item's ("∂s_7/∂s_0").
    public let symbol: String
    public let shape: Shape?
    public let expected: [Double]
    /// The answer in the expected layout (transposed back when it was given transposed).
    public let given: [Double]
    /// For a categorical item (a Boolean, a bug id, a line): the answer and the expected one, as text.
    public let givenText: String?
    public let expectedText: String?
    public let transposedShape: Bool
    public let right: [Bool]
    /// Up to three wrong entries, the worst first.
    public let worst: [Entry]
    public let diagnoses: [Diagnosis]
    /// Catalogued bugs whose result equals the answer (beyond one already named in a diagnosis).
    public let bugs: [AnyBPTTBug]
    /// The answer is for another variant: the item scores nothing, whatever its numbers.
    public let voided: Bool

    public init(
        key: String, symbol: String, shape: Shape?, expected: [Double], given: [Double], givenText: String? = nil,
        expectedText: String? = nil, transposedShape: Bool, right: [Bool], worst: [Entry], diagnoses: [Diagnosis], bugs: [AnyBPTTBug],
        voided: Bool = false
    ) {
        self.key = key
        self.symbol = symbol
        self.shape = shape
        self.expected = expected
        self.given = given
        self.givenText = givenText
        self.expectedText = expectedText
        self.transposedShape = transposedShape
        self.right = right
        self.worst = worst
        self.diagnoses = diagnoses
        self.bugs = bugs
        self.voided = voided
    }

    /// This item scoring nothing because the answer is another variant's.
    func voided(by match: VariantMatch) -> GradedItem {
        GradedItem(
            key: key, symbol: symbol, shape: shape, expected: expected, given: given, givenText: givenText, expectedText: expectedText,
            transposedShape: transposedShape, right: right, worst: worst, diagnoses: [.differentVariant(match)], bugs: [], voided: true)
    }

    /// Every catalogued bug that gives this answer, the one named by a diagnosis first.
    public var matchingBugs: [AnyBPTTBug] {
        diagnoses.compactMap { if case .shifted(let bug) = $0 { return bug } else { return nil } } + bugs
    }

    public var isLoss: Bool { key == "loss" }
    /// A mistake or a catalogued bug explains the item (a matrix given with the transposed shape
    /// that is still wrong once transposed back does not count).
    public var isExplained: Bool {
        !bugs.isEmpty || diagnoses.contains { if case .transposedShape(_, _, false) = $0 { return false } else { return true } }
    }
    /// A Boolean, a bug id or a line rather than numbers.
    public var isCategorical: Bool { givenText != nil || expectedText != nil }
    public var rightCount: Int { transposedShape || voided ? 0 : right.filter { $0 }.count }
    /// The fraction of entries that are right; a matrix given with the transposed shape has none in place.
    public var score: Double { right.isEmpty ? 0 : Double(rightCount) / Double(right.count) }
    public var verdict: Verdict { rightCount == right.count ? .correct : rightCount == 0 ? .wrong : .partiallyCorrect }

    /// "your W gradient", "your loss", "your J".
    public var phrase: String {
        if isLoss { return "your loss" }
        return key == "J" || key.hasPrefix("bias_") ? "your \(symbol)" : "your \(symbol) gradient"
    }
}

/// The grade of one answer.
public struct Grade: Sendable {
    public let instance: ExerciseInstance
    public let source: String
    public let items: [GradedItem]
    /// The student the answer names (its "student" key), if any.
    public let answerStudent: String?
    /// Set when the answer matches another network than the one graded.
    public let otherVariant: VariantMatch?

    public var exercise: Exercise { instance.exercise }
    public var problemCase: ProblemCase { instance.problemCase }
    public var score: Double { items.isEmpty ? 0 : items.map(\.score).reduce(0, +) / Double(items.count) }
    public var correctCount: Int { items.filter { $0.verdict == .correct }.count }
    public var passed: Bool { correctCount == items.count }
}

/// A network an answer may have been computed on instead of the one graded: the published network, or
/// another student's variant.
public struct VariantCandidate: Sendable {
    public let instance: ExerciseInstance
    public let reference: ExerciseReference

    public init(_ instance: ExerciseInstance) {
        self.instance = instance
        reference = ExerciseReference(instance)
    }
}

/// Grades an answer against an exercise's reference and names the likely mistake.
public enum Grader {
    /// Grades `answer` on the published network of `exercise`.
    public static func grade(_ exercise: Exercise, problemCase: ProblemCase, answer: Answer, source: String) -> Grade {
        var bug: AnyBPTTBug?
        if case .findTheBug(let id) = exercise.task { bug = NotationRegistry.bug(named: id) }
        return grade(ExerciseInstance(exercise: exercise, problemCase: problemCase, student: nil, bug: bug), answer: answer, source: source)
    }

    /// Grades `answer` on `instance`. When it is not right and matches one of `otherNetworks` better
    /// than this one, every item scores 0 and says so.
    public static func grade(_ instance: ExerciseInstance, answer: Answer, source: String, otherNetworks: [VariantCandidate] = []) -> Grade {
        let exercise = instance.exercise
        let problem = instance.problemCase.problem
        let tolerance = GradingTolerance(relative: exercise.tolerance)
        let reference = ExerciseReference(instance)
        let alternatives = Alternatives(instance)

        var items: [GradedItem] = []
        switch exercise.task {
        case .gradients:
            let lossSymbol = exercise.lossSymbol(instance.problemCase.notation)
            if let loss = answer.loss {
                items.append(gradeLoss(loss, expected: reference.loss, symbol: lossSymbol, tolerance: tolerance, alternatives: alternatives))
            }
            for key in exercise.gradients {
                guard let expected = reference.block(key), let given = answer.blocks[key] else { continue }
                items.append(gradeBlock(given, expected: expected, tolerance: tolerance, alternatives: alternatives, steps: problem.steps))
            }
        case .vanishingFactor, .truncationBias:
            for expected in reference.blocks {
                guard let given = answer.blocks[expected.key] else { continue }
                items.append(gradeBlock(given, expected: expected, tolerance: tolerance, alternatives: alternatives, steps: problem.steps))
            }
            if let expected = reference.booleans["vanishes"], let given = answer.booleans["vanishes"] {
                items.append(gradeVanishes(given, expected: expected, answerJ: items.first, tolerance: tolerance))
            }
        case .findTheBug:
            items += gradeBug(instance, answer: answer, reference: reference)
        }

        // Another network is suspected only for an answer that nothing on the student's own network
        // explains: a named mistake or a catalogued bug is the likelier story.
        let explained = items.contains { !$0.isCategorical && $0.isExplained }
        let match = items.allSatisfy({ $0.verdict == .correct }) || explained
            ? nil : otherVariant(answer, instance, reference, otherNetworks, tolerance)
        if let match { items = items.map { $0.voided(by: match) } }
        return Grade(instance: instance, source: source, items: items, answerStudent: answer.student, otherVariant: match)
    }

    // MARK: - Another variant's answer

    /// The network among `candidates` whose reference the answer matches on more numeric items than
    /// this one's (and on at least half of them).
    private static func otherVariant(
        _ answer: Answer, _ instance: ExerciseInstance, _ reference: ExerciseReference, _ candidates: [VariantCandidate],
        _ tolerance: GradingTolerance
    ) -> VariantMatch? {
        func numeric(_ reference: ExerciseReference) -> [(given: [Double], expected: [Double])] {
            var pairs: [(given: [Double], expected: [Double])] = []
            if instance.exercise.asksForGradients, let loss = answer.loss { pairs.append(([loss], [reference.loss])) }
            for block in reference.blocks {
                guard let given = answer.blocks[block.key], !given.transposedShape else { continue }
                pairs.append((given.values, block.values))
            }
            return pairs
        }
        let mine = numeric(reference).map { tolerance.matches($0.given, $0.expected) }
        guard !mine.isEmpty else { return nil }
        var best: VariantMatch?
        for candidate in candidates {
            let theirs = numeric(candidate.reference).map { tolerance.matches($0.given, $0.expected) }
            guard theirs.count == mine.count else { continue }
            let only = zip(theirs, mine).filter { $0 && !$1 }.count
            let ours = mine.filter { $0 }.count
            guard only >= 1, theirs.filter({ $0 }).count > ours, 2 * theirs.filter({ $0 }).count >= theirs.count else { continue }
            if best == nil || only > best!.matching {
                best = VariantMatch(student: candidate.instance.student, matching: only, numericItems: mine.count)
            }
        }
        return best
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
        let error = tolerance.relativeErrors([given], [expected])[0]
        return GradedItem(
            key: "loss", symbol: symbol, shape: nil, expected: [expected], given: [given], transposedShape: false, right: right,
            worst: right[0] ? [] : [GradedItem.Entry(label: symbol, expected: expected, given: given, relativeError: error)],
            diagnoses: diagnoses, bugs: [])
    }

    // MARK: - A block of numbers

    /// Grades one block (a gradient, or a task's matrix) and names what explains a wrong one. Used for
    /// exercises and, through `ProgramFeedback`, for the gradients of programs.
    public static func gradeBlock(
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
        let errors = tolerance.relativeErrors(given, expected)
        // A NaN ratio (an overflowing difference) counts as the worst.
        let ratios = tolerance.errorRatios(given, expected).map { $0.isNaN ? Double.infinity : $0 }
        let worst = ratios.indices.filter { ratios[$0] > 1 }.sorted { ratios[$0] > ratios[$1] }.prefix(3).map {
            GradedItem.Entry(label: block.label(ofEntry: $0), expected: expected[$0], given: given[$0], relativeError: errors[$0])
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
    /// constant factor, zero rows, clipped, shifted by one time step, truncated (or the whole loss for
    /// an exercise on one output), then the exercise's own typical mistakes.
    private static func diagnose(
        given: [Double], expected: [Double], block: NamedBlock, tolerance: GradingTolerance, alternatives: Alternatives, steps: Int
    ) -> Diagnosis? {
        func explains(_ candidate: [Double]?) -> Bool {
            guard let candidate else { return false }
            return !tolerance.matches(candidate, expected) && tolerance.matches(given, candidate)
        }
        if case .matrix(let rows, let columns) = block.shape, rows == columns {
            let transposed = (0..<(rows * columns)).map { expected[($0 % columns) * columns + $0 / columns] }
            if explains(transposed) { return .transposed }
        }
        if let diagnosis = sign(given: given, expected: expected, tolerance) ?? factor(given: given, expected: expected, steps: steps, tolerance) {
            return diagnosis
        }
        if let diagnosis = zeros(given: given, expected: expected, shape: block.shape, tolerance) { return diagnosis }
        if let diagnosis = clipped(given: given, expected: expected, tolerance) { return diagnosis }
        for (bug, blocks) in alternatives.bugs where bug.shiftsTime {
            if explains(blocks.first(where: { $0.key == block.key })?.values) { return .shifted(bug) }
        }
        for truncation in alternatives.truncations {
            guard explains(truncation.blocks.first(where: { $0.key == block.key })?.values) else { continue }
            if let tau = truncation.tau { return .truncated(tau: tau, expected: alternatives.truncation) }
            if let expectedTau = alternatives.truncation { return .notTruncated(expected: expectedTau) }
        }
        if let whole = alternatives.wholeLoss, explains(whole.blocks.first(where: { $0.key == block.key })?.values) {
            return .wholeLoss(output: whole.output)
        }
        for alternative in alternatives.named {
            if explains(alternative.blocks.first(where: { $0.key == block.key })?.values) {
                return .known(kind: alternative.kind, description: alternative.description)
            }
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
        guard !names.isEmpty || expected.filter({ abs($0) > floor }).count >= 3 else { return nil }
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

    /// Every wrong entry is ±c with the expected entry's sign and |expected| > c, every right entry
    /// lies within ±c, and c is a round number: the gradient was clipped at c (np.clip's bound is a
    /// chosen number, 5 in min-char-rnn.py).
    private static func clipped(given: [Double], expected: [Double], _ tolerance: GradingTolerance) -> Diagnosis? {
        let right = tolerance.rightEntries(given, expected)
        let wrong = given.indices.filter { !right[$0] }
        guard let first = wrong.first else { return nil }
        let c = abs(given[first])
        guard c > 0, c.isFinite else { return nil }
        for i in wrong {
            guard abs(abs(given[i]) - c) <= tolerance.relative * c, (given[i] > 0) == (expected[i] > 0), abs(expected[i]) > c else { return nil }
        }
        for i in given.indices where right[i] {
            guard abs(expected[i]) <= c * (1 + tolerance.relative) else { return nil }
        }
        // A bound someone chose is a round number (5, 0.5, 1, 2.5): two significant digits at most.
        // (Without this, any gradient whose entries come in ± pairs, a K = 2 output layer's, would
        // look clipped at its own size.)
        let magnitude = Foundation.pow(10, Foundation.floor(Foundation.log10(c)) - 1)
        guard abs(c - (c / magnitude).rounded() * magnitude) <= tolerance.relative * c else { return nil }
        return .clipped(bound: c)
    }

    // MARK: - Categorical items

    /// "vanishes": right or wrong, and when wrong whether the student's own J says otherwise.
    private static func gradeVanishes(_ given: Bool, expected: Bool, answerJ: GradedItem?, tolerance: GradingTolerance) -> GradedItem {
        var diagnoses: [Diagnosis] = []
        if given != expected {
            let threshold = "10⁻²"
            if let J = answerJ, J.verdict == .correct {
                diagnoses.append(.known(
                    kind: "threshold",
                    description: "your J is right; it vanishes when ‖J‖_F < \(threshold): compare the Frobenius norm of your J with \(threshold)"))
            } else if let J = answerJ {
                let norm = VanishingFactor.norm(J.given)
                let ownVerdict = norm < VanishingFactor.threshold
                diagnoses.append(.known(
                    kind: "follows-from-J",
                    description: ownVerdict == given
                        ? "it follows from your J (‖J‖_F = \(String(format: "%.2g", norm))), which is not right: get J right first"
                        : "your own J has ‖J‖_F = \(String(format: "%.2g", norm)), which says the opposite (the threshold is \(threshold))"))
            }
        }
        return GradedItem(
            key: "vanishes", symbol: "vanishes", shape: nil, expected: [], given: [], givenText: String(given), expectedText: String(expected),
            transposedShape: false, right: [given == expected], worst: [], diagnoses: diagnoses, bugs: [])
    }

    /// "bug" and "step" of find-the-bug: a bug is right when it computes the given gradient on this
    /// network (whatever its id); a step is right when it is the line of that bug.
    private static func gradeBug(_ instance: ExerciseInstance, answer: Answer, reference: ExerciseReference) -> [GradedItem] {
        guard let given = instance.givenBlocks, let expectedID = reference.texts["bug"], let expectedLine = reference.integers["step"] else { return [] }
        let problem = instance.problemCase.problem
        let right = problem.gradientBlocks(truncation: nil)
        let clearly = GradingTolerance(relative: instance.exercise.tolerance)
        var items: [GradedItem] = []
        var rightBug: (id: String, line: Int)?
        if let id = answer.texts["bug"] {
            var diagnoses: [Diagnosis] = []
            var correct = false
            if let bug = NotationRegistry.bug(named: id), bug.notation == instance.problemCase.notation.name, let values = bug.gradients(of: problem) {
                let wrongIn = zip(given, right).filter { !clearly.matches($0.values, $1.values) }.map(\.0.symbol)
                let theirs = zip(right, values).map { NamedBlock(key: $0.key, symbol: $0.symbol, shape: $0.shape, values: $1) }
                let changes = zip(theirs, right).filter { !clearly.matches($0.values, $1.values) }.map(\.0.symbol)
                correct = zip(given, theirs).allSatisfy { clearly.matches($0.values, $1.values) }
                if correct {
                    rightBug = (id, FindTheBug.line(of: id) ?? expectedLine)
                } else {
                    let what: String
                    if changes.isEmpty {
                        what = "it leaves every block right, while the given gradient is wrong in \(ItemFeedback.both(wrongIn))"
                    } else if changes == wrongIn {
                        what = "it changes the same blocks, \(ItemFeedback.both(changes)), but to other values: compare which entries are wrong, and by how much"
                    } else {
                        what = "it changes \(ItemFeedback.both(changes)), while the given gradient is wrong in \(ItemFeedback.both(wrongIn))"
                    }
                    diagnoses.append(.known(kind: "other-bug", description: "\(id) gives another gradient on this network: \(what)"))
                }
            } else {
                diagnoses.append(.known(
                    kind: "unknown-bug",
                    description: "'\(Echo.capped(id))' is not a catalogued \(instance.problemCase.notation.name) bug ('rnn-gradcheck bugs --notation \(instance.problemCase.notation.name)' lists them)"))
            }
            items.append(GradedItem(
                key: "bug", symbol: "bug", shape: nil, expected: [], given: [], givenText: id, expectedText: expectedID, transposedShape: false,
                right: [correct], worst: [], diagnoses: diagnoses, bugs: []))
        }
        if let line = answer.integers["step"] {
            let wanted = rightBug?.line ?? expectedLine
            var diagnoses: [Diagnosis] = []
            if line != wanted {
                let text = FindTheBug.listing.indices.contains(line - 1) ? FindTheBug.listing[line - 1].trimmingCharacters(in: .whitespaces) : ""
                diagnoses.append(.known(
                    kind: "other-line",
                    description: rightBug != nil
                        ? "the bug you name is not on line \(line) (\(text))"
                        : "line \(line) (\(text)) is not where the bug is"))
            }
            items.append(GradedItem(
                key: "step", symbol: "step", shape: nil, expected: [], given: [], givenText: String(line), expectedText: String(wanted),
                transposedShape: false, right: [line == wanted], worst: [], diagnoses: diagnoses, bugs: []))
        }
        return items
    }
}

/// What the grader compares an answer with besides the reference: the same exercise under other
/// truncations, every catalogued bug of the notation, for an exercise on one output the whole loss,
/// and the exercise's own typical mistakes.
public struct Alternatives: Sendable {
    public struct Truncation: Sendable {
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
    /// The exercise's own typical mistakes.
    public let named: [NamedAlternative]

    /// The alternatives of a gradient of `problemCase` with its own truncation: what `check-external`
    /// and `check-model` compare a program's gradients with.
    public init(gradientsOf problemCase: ProblemCase) {
        self.init(objective: .sum, problemCase: problemCase)
    }

    public init(_ instance: ExerciseInstance) {
        let exercise = instance.exercise
        switch exercise.task {
        case .gradients:
            self.init(objective: exercise.objective, problemCase: instance.problemCase)
        case .vanishingFactor(let t, let k):
            self.init(problemCase: instance.problemCase, named: VanishingFactor.alternatives(instance.problemCase.problem, output: t, step: k))
        case .truncationBias:
            self.init(problemCase: instance.problemCase, named: TruncationBiasExercise.alternatives(instance.problemCase.problem, keys: exercise.gradients))
        case .findTheBug:
            self.init(problemCase: instance.problemCase, named: [])
        }
    }

    private init(problemCase: ProblemCase, named: [NamedAlternative]) {
        steps = problemCase.problem.steps
        truncation = problemCase.problem.truncation
        output = nil
        truncations = []
        bugs = []
        wholeLoss = nil
        outputLosses = []
        self.named = named
    }

    private init(objective: Exercise.Objective, problemCase: ProblemCase) {
        let problem = problemCase.problem
        steps = problem.steps
        truncation = problem.truncation
        named = []
        let tau = problem.truncation
        switch objective {
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

    /// Every alternative with a name, for comparing what two networks can tell apart.
    var all: [(name: String, blocks: [NamedBlock])] {
        truncations.map { ("truncation \($0.tau.map(String.init) ?? "none")", $0.blocks) }
            + bugs.map { ($0.bug.id, $0.blocks) }
            + (wholeLoss.map { [("whole-loss", $0.blocks)] } ?? [])
            + named.map { ($0.kind, $0.blocks) }
    }
}
