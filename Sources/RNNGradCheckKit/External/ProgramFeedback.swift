import RNNGradCheck

/// The grader's diagnosis of a program's answer on one network: what `exercise grade` says of an
/// answer, said of a program's loss and gradients (`check-external`, and `check-model` when the
/// program says which notation and data it computes). The reference is the notation's hand-derived
/// BPTT with the network's truncation (each confirmed against numerical gradients by the test
/// suite); the mistakes are the grader's own: transposed, sign flipped, a constant factor, zero rows,
/// clipped, shifted by one time step, truncated (or not, or one step off), and every catalogued bug.
public struct ProgramFeedback: Sendable {
    /// The loss and every parameter block, graded.
    public let items: [GradedItem]
    public let tolerance: Double
    private let words: ItemFeedback

    /// How close a program's number must be to a candidate to be named after it: the code exercises'
    /// 1e-6 for a float64 program, the hand exercises' 1e-3 for a float32 one (its own rounding is
    /// about 1e-7 of the largest entry, and the floor of 10⁻³ of the block's largest entry applies).
    public static func tolerance(_ precision: Precision) -> Double {
        precision == .float64 ? Exercises.codeTolerance : Exercises.handTolerance
    }

    public init(problemCase: ProblemCase, loss: Double, gradients: [[Double]], precision: Precision) {
        let problem = problemCase.problem
        let tolerance = GradingTolerance(relative: Self.tolerance(precision))
        let alternatives = Alternatives(gradientsOf: problemCase)
        let reference = problemCase.gradientBlocks
        var items: [GradedItem] = []
        let expectedLoss = problem.loss()
        let right = tolerance.rightEntries([loss], [expectedLoss])
        var lossDiagnoses: [Diagnosis] = []
        if !right[0] {
            // The loss: its sign, a named factor (the mean E/T, log₁₀).
            for (name, factor) in Grader.namedFactors(steps: problem.steps) where tolerance.matches([loss], [factor * expectedLoss]) {
                lossDiagnoses.append(.constantFactor(factor, names: [name]))
                break
            }
            if lossDiagnoses.isEmpty, tolerance.matches([loss], [-expectedLoss]) { lossDiagnoses.append(.signFlipped) }
        }
        items.append(GradedItem(
            key: "loss", symbol: problemCase.notation.lossSymbol, shape: nil, expected: [expectedLoss], given: [loss], transposedShape: false,
            right: right, worst: [], diagnoses: lossDiagnoses, bugs: []))
        for (block, given) in zip(reference, gradients) {
            items.append(Grader.gradeBlock(
                Answer.Block(values: given, transposedShape: false), expected: block, tolerance: tolerance, alternatives: alternatives,
                steps: problem.steps))
        }
        self.items = items
        self.tolerance = tolerance.relative
        words = ItemFeedback(notation: problemCase.notation, steps: problem.steps, lossSymbol: problemCase.notation.lossSymbol)
    }

    /// The items that differ from the reference.
    public var wrong: [GradedItem] { items.filter { $0.verdict != .correct } }

    /// What the feedback says of one item ("" for a right one).
    public func feedback(_ item: GradedItem) -> String { words.feedback(item) }

    /// The likely mistakes in a few words, for a gradebook: "U, W: wildml/missing-tanh-derivative".
    public var summary: String {
        var byMistake: [(mistake: String, symbols: [String])] = []
        for item in wrong {
            let names = item.matchingBugs.map(\.id) + item.diagnoses.filter { if case .shifted = $0 { return false } else { return true } }.map(\.kind)
            let mistake = names.isEmpty ? "unexplained" : names.joined(separator: ", ")
            if let index = byMistake.firstIndex(where: { $0.mistake == mistake }) {
                byMistake[index].symbols.append(item.symbol)
            } else {
                byMistake.append((mistake, [item.symbol]))
            }
        }
        return byMistake.map { "\($0.symbols.joined(separator: ", ")): \($0.mistake)" }.joined(separator: "; ")
    }

    /// For programs: per wrong item its mistakes, matching bugs and feedback.
    public func json() -> JSONValue {
        .object([
            ("reference", .string("the package's hand-derived BPTT on the fixture, with its truncation")),
            ("tolerance", .number(tolerance)),
            ("items", .array(wrong.map { item in
                .object([
                    ("item", .string(item.key)),
                    ("symbol", .string(item.symbol)),
                    ("mistakes", .array(item.diagnoses.map { .object([("kind", .string($0.kind)), ("description", .string(words.describe($0, item)))]) })),
                    ("matching_bugs", .array(item.matchingBugs.map { .object([("id", .string($0.id)), ("mistake", .string($0.mistake))]) })),
                    ("feedback", .string(feedback(item))),
                ])
            })),
        ])
    }
}
