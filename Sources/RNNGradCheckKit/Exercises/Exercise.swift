import Foundation
import RNNGradCheck

/// One classroom exercise: a fixture in Fixtures/exercises/ (embedded in the binary from
/// Sources/RNNGradCheckKit/Exercises/Fixtures/, which Fixtures/exercises links to), what it asks for,
/// the tolerance of its grading, and its statement. notes/exercises.md has every statement with hints
/// and what a correct `exercise grade` prints.
public struct Exercise: Sendable {
    public enum Level: String, Sendable { case easy, medium, hard }

    /// What the loss of the exercise is.
    public enum Objective: Sendable, Equatable {
        /// E = Σ_t E_t, the fixture's loss (with its truncation, what the notation's BPTT returns).
        case sum
        /// E_t of one output alone (seeds 000, 003, 004 derive ∂E_3/∂W).
        case output(Int)
    }

    public let number: Int
    /// The fixture's file name in Fixtures/exercises/.
    public let file: String
    public let title: String
    public let level: Level
    /// Small enough to do on paper (H ≤ 2, T ≤ 3); otherwise meant for code.
    public let byHand: Bool
    public let objective: Objective
    /// The parameter keys whose gradients are asked for, in the notation's block order (the loss is
    /// always asked).
    public let gradients: [String]
    /// An entry is right when |given − expected| ≤ tolerance · max(|expected|, 10⁻³·largest |expected|
    /// of its block, 10⁻⁶): 1e-3 for hand exercises (give 4 significant digits), 1e-6 for code.
    public let tolerance: Double
    public let statement: String
    public let hints: [String]

    /// The tolerance as the statements write it: "1e-3", "1e-6".
    public var toleranceText: String {
        let exponent = (tolerance.exponentBase10).rounded()
        return abs(exponent - tolerance.exponentBase10) < 1e-12 ? "1e\(Int(exponent))" : "\(tolerance)"
    }

    /// The items graded, in order: "loss", then the parameter keys.
    public var items: [String] { ["loss"] + gradients }

    /// The fixture's JSON, as in Fixtures/exercises/ (embedded at build time).
    public var fixtureText: String { String(decoding: ExerciseFixtures.bytes(of: file), as: UTF8.self) }

    /// Where the fixture is in the repository.
    public var fixturePath: String { "Fixtures/exercises/\(file)" }

    /// The network and sequence of the exercise.
    public func problemCase() throws(RNNGradCheckError) -> ProblemCase {
        try Fixture.decode(Array(fixtureText.utf8), source: fixturePath)
    }

    /// How the loss of this exercise is written: E, C, or E_3.
    public func lossSymbol(_ notation: AnyNotation) -> String {
        switch objective {
        case .sum: return notation.lossSymbol
        case .output(let t): return "\(notation.lossSymbol)_\(t)"
        }
    }
}

/// The expected answer of an exercise: its loss and the gradients of every parameter.
public struct ExerciseReference: Sendable {
    public let loss: Double
    /// Every parameter block, in block order.
    public let blocks: [NamedBlock]

    public func block(_ key: String) -> NamedBlock? { blocks.first { $0.key == key } }

    /// The reference of `exercise` on its own network: the notation's hand-derived BPTT (with the
    /// fixture's truncation) for E, or the complex-step derivative of E_t for one output (exact to
    /// rounding; ExerciseTests cross-checks it with BPTT on the sentence with and without step t).
    public init(_ exercise: Exercise, problemCase: ProblemCase) {
        self.init(objective: exercise.objective, problem: problemCase.problem, truncation: problemCase.problem.truncation)
    }

    public init(objective: Exercise.Objective, problem: any BPTTProblem, truncation: Int?) {
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
