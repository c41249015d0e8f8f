import Foundation
import RNNGradCheck

/// One classroom exercise: a fixture in Fixtures/exercises/ (embedded in the binary from
/// Sources/RNNGradCheckKit/Exercises/Fixtures/, which Fixtures/exercises links to), what it asks for,
/// the tolerance of its grading, its statement, and how a student's variant is drawn.
/// notes/exercises.md has every statement with hints and what a correct `exercise grade` prints.
public struct Exercise: Sendable {
    public enum Level: String, Sendable { case easy, medium, hard }

    /// What the loss of a gradients exercise is.
    public enum Objective: Sendable, Equatable {
        /// E = Σ_t E_t, the fixture's loss (with its truncation, what the notation's BPTT returns).
        case sum
        /// E_t of one output alone (seeds 000, 003, 004 derive ∂E_3/∂W).
        case output(Int)
    }

    /// What the answer holds.
    public enum Task: Sendable, Equatable {
        /// The loss and the gradients of `gradients` (the gradients format).
        case gradients
        /// J = ∂s_t/∂s_k = ∏_{j=k+1}^{t} diag(1 − s_j²) W of a wildml network ([S003], [S004]), and
        /// whether it vanishes: ‖J‖_F < `VanishingFactor.threshold`. Items "J" and "vanishes".
        case vanishingFactor(output: Int, step: Int)
        /// The catalogued bug that computed a given gradient, and its line in the listing of seed 000's
        /// bptt. Items "bug" and "step". `published` is the bug of the published network.
        case findTheBug(published: String)
        /// The bias of truncated BPTT, ∂E/∂θ − dLdθ(τ), for each key of `gradients`. Items "bias_KEY".
        case truncationBias
    }

    public let number: Int
    /// The fixture's file name in Fixtures/exercises/.
    public let file: String
    public let title: String
    public let level: Level
    /// Small enough to do on paper (H ≤ 2, T ≤ 3); otherwise meant for code.
    public let byHand: Bool
    public let task: Task
    public let objective: Objective
    /// The parameter keys whose gradients are asked for (the truncation bias: whose bias), in the
    /// notation's block order.
    public let gradients: [String]
    /// An entry is right when |given − expected| ≤ tolerance · max(|expected|, 10⁻³·largest |expected|
    /// of its block, 10⁻⁶): 1e-3 for hand exercises (give 4 significant digits), 1e-6 for code.
    public let tolerance: Double
    /// The statement and the hints as written, with placeholders (`{{x}}`, `{{y_0}}`, …) that
    /// `ExerciseText` fills from the network a student gets.
    public let statementTemplate: String
    public let hintTemplates: [String]
    /// How a student's variant is drawn.
    public let variants: VariantRule
    /// The exercise whose network (and variants) this one shares: exercise 2 works on exercise 1's.
    public let sharesNetworkOf: Int?

    public init(
        number: Int, file: String, title: String, level: Level, byHand: Bool, task: Task = .gradients,
        objective: Objective = .sum, gradients: [String], tolerance: Double, sharesNetworkOf: Int? = nil,
        variants: VariantRule = VariantRule(), statement: String, hints: [String]
    ) {
        self.number = number
        self.file = file
        self.title = title
        self.level = level
        self.byHand = byHand
        self.task = task
        self.objective = objective
        self.gradients = gradients
        self.tolerance = tolerance
        self.statementTemplate = statement
        self.hintTemplates = hints
        self.variants = variants
        self.sharesNetworkOf = sharesNetworkOf
    }

    /// The tolerance as the statements write it: "1e-3", "1e-6".
    public var toleranceText: String {
        let exponent = (tolerance.exponentBase10).rounded()
        return abs(exponent - tolerance.exponentBase10) < 1e-12 ? "1e\(Int(exponent))" : "\(tolerance)"
    }

    /// The items graded, in order: "loss" and the parameter keys, or the task's own items.
    public var items: [String] {
        switch task {
        case .gradients: return ["loss"] + gradients
        case .vanishingFactor: return ["J", "vanishes"]
        case .findTheBug: return ["bug", "step"]
        case .truncationBias: return gradients.map { "bias_\($0)" }
        }
    }

    /// Whether the answer is in the gradients format (a loss and gradients); otherwise it holds
    /// `"values"`.
    public var asksForGradients: Bool { task == .gradients }

    /// The fixture's JSON, as in Fixtures/exercises/ (embedded at build time).
    public var fixtureText: String { String(decoding: ExerciseFixtures.bytes(of: file), as: UTF8.self) }

    /// Where the fixture is in the repository.
    public var fixturePath: String { "Fixtures/exercises/\(file)" }

    /// The published network and sequence of the exercise (its fixture).
    public func problemCase() throws(RNNGradCheckError) -> ProblemCase {
        try Fixture.decode(Array(fixtureText.utf8), source: fixturePath)
    }

    /// The exercise as published: its fixture, and for find-the-bug the published bug.
    public func published() throws(RNNGradCheckError) -> ExerciseInstance {
        let problemCase = try problemCase()
        var bug: AnyBPTTBug?
        if case .findTheBug(let id) = task { bug = NotationRegistry.bug(named: id) }
        return ExerciseInstance(exercise: self, problemCase: problemCase, student: nil, bug: bug)
    }

    /// How the loss of this exercise is written: E, C, or E_3.
    public func lossSymbol(_ notation: AnyNotation) -> String {
        switch objective {
        case .sum: return notation.lossSymbol
        case .output(let t): return "\(notation.lossSymbol)_\(t)"
        }
    }

    /// The statement and hints of `instance`, placeholders filled.
    public func text(for instance: ExerciseInstance) -> (statement: String, hints: [String]) {
        (ExerciseText.fill(statementTemplate, instance), hintTemplates.map { ExerciseText.fill($0, instance) })
    }

    /// The statement of the published network (what notes/exercises.md holds).
    public var statement: String { (try? published()).map { text(for: $0).statement } ?? statementTemplate }
    /// The hints of the published network.
    public var hints: [String] { (try? published()).map { text(for: $0).hints } ?? hintTemplates }
}

/// An exercise on one network: the published one, or a student's variant.
public struct ExerciseInstance: @unchecked Sendable {
    public let exercise: Exercise
    public let problemCase: ProblemCase
    /// The student whose variant this is; nil for the published network.
    public let student: String?
    /// Find-the-bug: the catalogued bug whose gradient the student is given.
    public let bug: AnyBPTTBug?

    public init(exercise: Exercise, problemCase: ProblemCase, student: String?, bug: AnyBPTTBug?) {
        self.exercise = exercise
        self.problemCase = problemCase
        self.student = student
        self.bug = bug
    }

    public var isVariant: Bool { student != nil }

    /// "Fixtures/exercises/03-wildml-bptt.json", or "the variant of student alice".
    public var networkName: String {
        student.map { "the variant of student \(Echo.capped($0))" } ?? exercise.fixturePath
    }

    /// The fixture a student's program reads: the published file as it is, or the variant written out.
    public var fixtureText: String {
        guard let student else { return exercise.fixtureText }
        let description = "Exercise \(exercise.number): \(exercise.title), the variant of student \(student)."
        return JSONWriter.write(Fixture.encode(problemCase, description: description))
    }

    /// The gradient the student is given in find-the-bug: what the bug computes on the network.
    public var givenBlocks: [NamedBlock]? {
        guard let bug, let values = bug.gradients(of: problemCase.problem) else { return nil }
        return zip(problemCase.problem.parameterBlocks, values).map { NamedBlock(key: $0.key, symbol: $0.symbol, shape: $0.shape, values: $1) }
    }
}

/// The expected answer of an exercise on one network.
public struct ExerciseReference: Sendable {
    /// The loss (of the objective; for the tasks that do not ask for it, E all the same).
    public let loss: Double
    /// The numeric items: every gradient block in block order, or the task's matrices ("J",
    /// "bias_U", …).
    public let blocks: [NamedBlock]
    /// The Boolean items ("vanishes").
    public let booleans: [String: Bool]
    /// The text items ("bug": a catalog id).
    public let texts: [String: String]
    /// The integer items ("step": a line of a listing).
    public let integers: [String: Int]

    public func block(_ key: String) -> NamedBlock? { blocks.first { $0.key == key } }

    /// The reference of `exercise` on its own network: the notation's hand-derived BPTT (with the
    /// fixture's truncation) for E, or the complex-step derivative of E_t for one output (exact to
    /// rounding; ExerciseTests cross-checks it with BPTT on the sentence with and without step t).
    public init(_ exercise: Exercise, problemCase: ProblemCase) {
        var bug: AnyBPTTBug?
        if case .findTheBug(let id) = exercise.task { bug = NotationRegistry.bug(named: id) }
        self.init(ExerciseInstance(exercise: exercise, problemCase: problemCase, student: nil, bug: bug))
    }

    public init(_ instance: ExerciseInstance) {
        let exercise = instance.exercise
        let problem = instance.problemCase.problem
        var booleans: [String: Bool] = [:], texts: [String: String] = [:], integers: [String: Int] = [:]
        switch exercise.task {
        case .gradients:
            switch exercise.objective {
            case .sum:
                loss = problem.loss()
                blocks = problem.gradientBlocks(truncation: problem.truncation)
            case .output(let t):
                loss = problem.outputLossValue(t)
                blocks = problem.outputGradientBlocks(t, truncation: problem.truncation)
            }
        case .vanishingFactor(let t, let k):
            loss = problem.loss()
            let J = VanishingFactor.jacobian(problem, output: t, step: k)
            blocks = [J]
            booleans["vanishes"] = VanishingFactor.vanishes(J.values)
        case .findTheBug:
            loss = problem.loss()
            blocks = []
            if let bug = instance.bug {
                texts["bug"] = bug.id
                integers["step"] = FindTheBug.line(of: bug.id)
            }
        case .truncationBias:
            loss = problem.loss()
            blocks = TruncationBiasExercise.bias(problem, keys: exercise.gradients)
        }
        self.booleans = booleans
        self.texts = texts
        self.integers = integers
    }
}

extension BPTTProblem {
    /// E_t, the loss of output t alone.
    public func outputLossValue(_ t: Int) -> Double { outputLoss(t) { _ in self } }

    /// ∂E_t/∂θ by the complex step, block by block (with a truncation τ: through steps t − τ … t only).
    public func outputGradientBlocks(_ t: Int, truncation: Int?) -> [NamedBlock] {
        let gradient = NumericalDifferentiation.outputGradient(of: self, output: t, truncation: truncation)
        return zip(parameterBlocks, gradient.blocks).map { block, values in
            NamedBlock(key: block.key, symbol: block.symbol, shape: block.shape, values: values)
        }
    }
}

extension Double {
    /// log₁₀ of the value.
    fileprivate var exponentBase10: Double { Foundation.log10(self) }
}
