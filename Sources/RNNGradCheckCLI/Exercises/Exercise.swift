import Foundation
import RNNGradCheck

/// One classroom exercise: a fixture in Fixtures/exercises/ (embedded in the binary), what it asks for,
/// the tolerance of its grading, and its statement. notes/exercises.md has every statement with hints
/// and what a correct `exercise grade` prints.
struct Exercise: Sendable {
    enum Level: String, Sendable { case easy, medium, hard }

    /// What the loss of the exercise is.
    enum Objective: Sendable, Equatable {
        /// E = Σ_t E_t, the fixture's loss (with its truncation, what the notation's BPTT returns).
        case sum
        /// E_t of one output alone (seeds 000, 003, 004 derive ∂E_3/∂W).
        case output(Int)
    }

    let number: Int
    /// The fixture's file name in Fixtures/exercises/.
    let file: String
    let title: String
    let level: Level
    /// Small enough to do on paper (H ≤ 2, T ≤ 3); otherwise meant for code.
    let byHand: Bool
    let objective: Objective
    /// The parameter keys whose gradients are asked for, in the notation's block order (the loss is
    /// always asked).
    let gradients: [String]
    /// An entry is right when |given − expected| ≤ tolerance · max(|expected|, 10⁻³·largest |expected|
    /// of its block, 10⁻⁶): 1e-3 for hand exercises (give 4 significant digits), 1e-6 for code.
    let tolerance: Double
    let statement: String
    let hints: [String]

    /// The tolerance as the statements write it: "1e-3", "1e-6".
    var toleranceText: String {
        let exponent = (tolerance.exponentBase10).rounded()
        return abs(exponent - tolerance.exponentBase10) < 1e-12 ? "1e\(Int(exponent))" : "\(tolerance)"
    }

    /// The items graded, in order: "loss", then the parameter keys.
    var items: [String] { ["loss"] + gradients }

    /// The fixture's JSON, as in Fixtures/exercises/ (byte for byte; ExerciseTests compares them).
    var fixtureText: String { ExerciseFixtures.text(of: file) }

    /// Where the fixture is in the repository.
    var fixturePath: String { "Fixtures/exercises/\(file)" }

    /// The network and sequence of the exercise.
    func problemCase() throws(CLIError) -> ProblemCase {
        try Fixture.decode(Array(fixtureText.utf8), source: fixturePath)
    }

    /// How the loss of this exercise is written: E, C, or E_3.
    func lossSymbol(_ notation: Notation) -> String {
        switch objective {
        case .sum: return notation.lossSymbol
        case .output(let t): return "\(notation.lossSymbol)_\(t)"
        }
    }
}

/// The expected answer of an exercise: its loss and the gradients of every parameter.
struct ExerciseReference {
    let loss: Double
    /// Every parameter block, in block order.
    let blocks: [BlockValues]

    func block(_ key: String) -> BlockValues? { blocks.first { $0.key == key } }

    /// The reference of `exercise` on its own network: the notation's hand-derived BPTT (with the
    /// fixture's truncation) for E, or the complex-step derivative of E_t for one output (exact to
    /// rounding; ExerciseTests cross-checks it with BPTT on the sentence with and without step t).
    init(_ exercise: Exercise, problemCase: ProblemCase) {
        self.init(objective: exercise.objective, problem: problemCase.problem, truncation: problemCase.problem.truncation)
    }

    init(objective: Exercise.Objective, problem: any BPTTProblem, truncation: Int?) {
        switch objective {
        case .sum:
            loss = problem.loss()
            blocks = problem.gradientBlocks(truncation: truncation)
        case .output(let t):
            loss = problem.outputLossValue(t)
            blocks = problem.outputGradientBlocks(t, truncation: truncation)
        }
    }
}

extension BPTTProblem {
    /// E_t, the loss of output t alone.
    func outputLossValue(_ t: Int) -> Double { outputLoss(t) { _ in self } }

    /// ∂E_t/∂θ by the complex step, block by block (with a truncation τ: through steps t − τ … t only).
    func outputGradientBlocks(_ t: Int, truncation: Int?) -> [BlockValues] {
        let gradient = NumericalDifferentiation.outputGradient(of: self, output: t, truncation: truncation)
        return Self.blocks.enumerated().map { index, block in
            BlockValues(key: block.key, symbol: block.symbol, shape: self[keyPath: block.shape], values: gradient.blocks[index])
        }
    }
}

extension Double {
    /// log₁₀ of the value.
    fileprivate var exponentBase10: Double { Foundation.log10(self) }
}
