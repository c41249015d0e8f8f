import RNNGradCheck
import RNNGradCheckKit

/// An Elman RNN with biases and a learned initial state, over real input vectors, with a softmax
/// output and a cross-entropy loss: a model rnn-gradcheck does not ship, checked with its Swift API.
/// The equations are numbered as in notes/library.md of the rnn-gradcheck repository.
///
/// ```
/// (B1) a_t = W_xh x_t + W_hh h_{t−1} + b_h       W_xh: H×D, W_hh: H×H, b_h: H, x_t: D
///      h_{−1} = h_0                              h_0: H, a parameter like the others
/// (B2) h_t = tanh(a_t)
/// (B3) o_t = W_hy h_t + b_y                      W_hy: K×H, b_y: K
/// (B4) L = Σ_t L_t,  L_t = −log softmax(o_t)[y_t] = logsumexp(o_t) − o_t[y_t]
/// ```
///
/// Sizes must agree (`example` makes a consistent network); targets are class ids in 0..<K.
public struct BiasedRNN: Sendable {
    public var Wxh: Matrix<Double>
    public var Whh: Matrix<Double>
    public var bh: Vector<Double>
    public var Why: Matrix<Double>
    public var by: Vector<Double>
    public var h0: Vector<Double>
    /// x_0 … x_{T−1}, D numbers each.
    public var inputs: [Vector<Double>]
    /// y_0 … y_{T−1}, each in 0..<K.
    public var targets: [Int]
    /// A mistake to plant in `gradients()` (nil: the correct BPTT).
    public var plantedBug: PlantedBug?

    /// Mistakes a hand derivation of this model's BPTT makes, each in one line of `gradients()`.
    public enum PlantedBug: String, CaseIterable, Sendable {
        /// (B7) and (B10) with W_hh instead of W_hhᵀ: the error goes back through the wrong matrix.
        case untransposedRecurrence = "untransposed-recurrence"
        /// (B10) left out: the learned initial state h_0 gets no gradient.
        case initialStateIgnored = "initial-state-ignored"
        /// (B6) for b_y from the last step only: `=` where `+=` belongs.
        case outputBiasLastStepOnly = "output-bias-last-step-only"
    }

    public init(
        Wxh: Matrix<Double>, Whh: Matrix<Double>, bh: Vector<Double>, Why: Matrix<Double>, by: Vector<Double>, h0: Vector<Double>,
        inputs: [Vector<Double>], targets: [Int], plantedBug: PlantedBug? = nil
    ) {
        self.Wxh = Wxh
        self.Whh = Whh
        self.bh = bh
        self.Why = Why
        self.by = by
        self.h0 = h0
        self.inputs = inputs
        self.targets = targets
        self.plantedBug = plantedBug
    }

    /// A seeded random network and sequence: weights and inputs uniform in [−1, 1), targets uniform
    /// in 0..<K. The same seed gives the same network on every platform.
    public static func example(
        seed: UInt64 = 1, inputSize D: Int = 3, hiddenSize H: Int = 4, classes K: Int = 5, steps T: Int = 6,
        plantedBug: PlantedBug? = nil
    ) -> BiasedRNN {
        var random = SeededGenerator(seed: seed)
        return BiasedRNN(
            Wxh: random.matrix(H, D, scale: 1), Whh: random.matrix(H, H, scale: 1), bh: random.vector(H, scale: 1),
            Why: random.matrix(K, H, scale: 1), by: random.vector(K, scale: 1), h0: random.vector(H, scale: 1),
            inputs: (0..<T).map { _ in random.vector(D, scale: 1) }, targets: random.tokens(T, vocabulary: K),
            plantedBug: plantedBug)
    }
}

extension BiasedRNN: GradientCheckable {
    /// The six blocks, by the names reports print.
    public var parameters: ModelParameters<Double> {
        [.matrix("W_xh", Wxh), .matrix("W_hh", Whh), .vector("b_h", bh), .matrix("W_hy", Why), .vector("b_y", by), .vector("h_0", h0)]
    }

    /// (B1)–(B4), in any scalar: `Double` for the loss and finite differences, `Complex` for the
    /// complex step. The weights come from `parameters`, the data from `self`.
    public func loss<Scalar: RealScalar>(_ parameters: ModelParameters<Scalar>) throws -> Scalar {
        let Wxh = try parameters.matrix("W_xh"), Whh = try parameters.matrix("W_hh"), bh = try parameters.vector("b_h")
        let Why = try parameters.matrix("W_hy"), by = try parameters.vector("b_y")
        var h = try parameters.vector("h_0")  // h_{−1}
        var L = Scalar.zero
        for t in inputs.indices {
            let a = Wxh.dot(Vector(inputs[t])) + Whh.dot(h) + bh  // (B1)
            h = tanh(a)  // (B2)
            let o = Why.dot(h) + by  // (B3)
            L += logSumExp(o) - o[targets[t]]  // (B4)
        }
        return L
    }
}
