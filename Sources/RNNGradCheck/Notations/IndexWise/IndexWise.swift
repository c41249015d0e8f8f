// IndexWise: the index-wise notation of seed 001 (after Boden, "A guide to recurrent neural networks
// and backpropagation"): sigmoid units, biases, summed squared error, unfolding through time.
//
// Source (notes/sources.md): [S001] RNN（二）前向和BPTT (xmdxcsj, CSDN): "forward", "backpropagation",
// "unfolding".
// Note: notes/index-wise.md (symbols, shapes, numbered equations I1–I13, the hand-worked example).
//
// Symbols kept: N inputs (index i), M hidden (indices j, h), O outputs (index k); x_i(t), s_j(t),
// net_j(t), net_k(t), y_k(t), d_k(t); v_ji (`v`, M×N, input → hidden), u_jh (`u`, M×M, previous hidden
// → hidden), w_kj (`w`, O×M, hidden → output), θ_j (`thetaJ`), θ_k (`thetaK`); f = g = sigmoid;
// C = ½ Σ Σ (d − y)²; δ_k, δ_j (the document's *negative* gradients, −∂C/∂net); the unfolding depth
// (`unfoldingDepth`, the document's T).
//
// Deviations from the source:
// - The document indexes the sample by l and lets l double as time ("t 时刻对应 l, t−1 对应 l−1"); here
//   one sequence of P patterns is the sample, and time is written t = 0 … P−1. The document's T is the
//   unfolding depth, not the sequence length: it is `unfoldingDepth` here (nil: unfold to t = 0).
// - Σ_z^T is read as z = 0 … T: the error of output t reaches steps t − T … t (the same reach as
//   seed 000's bptt_truncate).
// - The output δ is written (d_k − y_k) g′(y_k) in the document; g′ is evaluated at net_k, i.e.
//   y_k(1 − y_k) for the sigmoid. notes/errata.md has the numbers for the literal reading.
// - The document gives no update for the biases θ_j, θ_k; they follow the same rule with input 1:
//   −∂C/∂θ_k = Σ_t δ_k(t), −∂C/∂θ_j = Σ_t Σ_z δ_j(t − z).
// - Reported gradients are ∂C/∂parameter (true-gradient sign): the document's Δ divided by −η.
// - The initial state s(−1) is 0.
// - g may be the softmax (the document's other output activation). Its δ_k then uses the whole
//   Jacobian, δ_k = y_k[(d_k − y_k) − Σ_k′ (d_k′ − y_k′) y_k′]; the document's g′ is only the diagonal
//   ∂y_k/∂net_k, which with squared error gives a wrong gradient (notes/errata.md).
//
// Keep in sync: Wildml and DenominatorLayout (same recurrence; sigmoid instead of tanh, SSE instead of
// cross-entropy, and biases).

/// The index-wise notation of seed 001.
public enum IndexWise {}

extension IndexWise {
    /// The output activation g. Seed 001 gives two ("activate function"): the sigmoid, used by
    /// default as in its derivation, and the softmax, whose g′ it prints as the diagonal of the
    /// Jacobian only.
    public enum OutputActivation: String, Sendable, CaseIterable {
        case sigmoid
        case softmax
    }
}

extension IndexWise {
    /// The weights and biases of the document's table ("basic definition").
    public struct Network<Scalar: RealScalar>: Sendable {
        /// v_ji: M×N, input i → hidden j.
        public var v: Matrix<Scalar>
        /// u_jh: M×M, previous hidden h → hidden j.
        public var u: Matrix<Scalar>
        /// w_kj: O×M, hidden j → output k.
        public var w: Matrix<Scalar>
        /// θ_j: M hidden biases.
        public var thetaJ: Vector<Scalar>
        /// θ_k: O output biases.
        public var thetaK: Vector<Scalar>
        /// g, the output activation (f, the hidden one, is always the sigmoid).
        public var g: OutputActivation

        /// N inputs.
        public var N: Int { v.columns }
        /// M hidden units.
        public var M: Int { v.rows }
        /// O outputs.
        public var O: Int { w.rows }

        public init(
            v: Matrix<Scalar>, u: Matrix<Scalar>, w: Matrix<Scalar>, thetaJ: Vector<Scalar>, thetaK: Vector<Scalar>,
            g: OutputActivation = .sigmoid
        ) {
            precondition(u.rows == v.rows && u.columns == v.rows && w.columns == v.rows && thetaJ.count == v.rows && thetaK.count == w.rows,
                         "v must be M×N, u M×M, w O×M, θ_j of M, θ_k of O")
            self.v = v
            self.u = u
            self.w = w
            self.thetaJ = thetaJ
            self.thetaK = thetaK
            self.g = g
        }
    }

    /// ∂C/∂v, ∂C/∂u, ∂C/∂w, ∂C/∂θ_j, ∂C/∂θ_k (true-gradient sign), each shaped like its parameter.
    public struct Gradients: Sendable, Equatable {
        public var dCdV: Matrix<Double>
        public var dCdU: Matrix<Double>
        public var dCdW: Matrix<Double>
        public var dCdThetaJ: Vector<Double>
        public var dCdThetaK: Vector<Double>

        public init(dCdV: Matrix<Double>, dCdU: Matrix<Double>, dCdW: Matrix<Double>, dCdThetaJ: Vector<Double>, dCdThetaK: Vector<Double>) {
            self.dCdV = dCdV
            self.dCdU = dCdU
            self.dCdW = dCdW
            self.dCdThetaJ = dCdThetaJ
            self.dCdThetaK = dCdThetaK
        }
    }

    /// Every quantity of the forward pass, indexed [t][unit].
    public struct ForwardPass<Scalar: RealScalar>: Sendable {
        /// net_j(t).
        public var netJ: [Vector<Scalar>]
        /// s_j(t) = f(net_j(t)), with s[-1] = s(−1) = 0.
        public var s: StateSequence<Scalar>
        /// net_k(t).
        public var netK: [Vector<Scalar>]
        /// y_k(t) = g(net_k(t)).
        public var y: [Vector<Scalar>]
    }
}
