// Wildml: the U/V/W notation of the WildML RNN tutorial.
//
// Sources (notes/sources.md): [S000] Train RNNs (innohub): the model, the loss, ∂E_3/∂V, ∂E_3/∂W and
// the numpy `bptt` with `bptt_truncate`, ported line by line in Wildml+BPTT.swift; [S003] 递归神经网络之BPTT
// (sevenold) and [S004] 6.9 BPTT 算法推导 (DeepLearning-500-questions): the same model and the same
// U/V/W ([S004] writes h, o, L for s, V s, E).
// Note: notes/wildml.md (symbols, shapes, numbered equations W1–W9, the hand-worked example).
//
// Symbols kept: U (H×K), V (K×H), W (H×H); x, y token ids; s_t, ŷ_t (`o` in the code), E_t, E;
// dLdU, dLdV, dLdW, delta_o (`deltaO`), delta_t (`deltaT`), bptt_truncate (`bpttTruncate`),
// bptt_step (`bpttStep`), hidden_dim, word_dim.
//
// Deviations from the source:
// - s_{-1} = 0 is stored explicitly (StateSequence.initial); the python reaches it through `s[-1]`,
//   the extra last row of its (T + 1)-row state array. `s[-1]` here reads that named initial state.
// - The loss is computed as E_t = logsumexp(V s_t) − (V s_t)[y_t], which equals −log ŷ_t[y_t] but
//   never takes the log of an underflowed probability. softmax subtracts max_k z_k first.
// - Seed 000 shows only `bptt`; `forward_propagation` and `calculate_total_loss` follow the same
//   tutorial's RNNNumpy class (the seed's equations s_t = tanh(U x_t + W s_{t−1}), ŷ_t = softmax(V s_t)).
// - The code comment "dL/dz" in `bptt` means the hidden pre-activation U x_t + W s_{t−1}; the seed's
//   text uses z_3 = V s_3 for the output pre-activation. Same letter, two quantities.
// - Indices are 0-based, as in the python (t = 0…T−1).
//
// Keep in sync: DenominatorLayout (W_in ≡ U, W_rec ≡ W, W_out ≡ V; tested equal) and IndexWise.

/// The U/V/W notation of seeds 000, 003 and 004.
public enum Wildml {}

extension Wildml {
    /// The tutorial's `RNNNumpy`: three weight matrices and the truncation of its `bptt`.
    public struct RNN<Scalar: RealScalar>: Sendable {
        /// U: H×K, input (one-hot word) → hidden.
        public var U: Matrix<Scalar>
        /// V: K×H, hidden → output.
        public var V: Matrix<Scalar>
        /// W: H×H, hidden → hidden.
        public var W: Matrix<Scalar>
        /// `bptt_truncate`: the error of output t reaches steps max(0, t − bpttTruncate) … t.
        public var bpttTruncate: Int

        /// `self.hidden_dim`, H.
        public var hiddenDim: Int { U.rows }
        /// `self.word_dim`, K.
        public var wordDim: Int { U.columns }

        public init(U: Matrix<Scalar>, V: Matrix<Scalar>, W: Matrix<Scalar>, bpttTruncate: Int) {
            precondition(V.rows == U.columns && V.columns == U.rows && W.rows == U.rows && W.columns == U.rows,
                         "U must be H×K, V K×H, W H×H")
            precondition(bpttTruncate >= 0, "bpttTruncate must be ≥ 0")
            self.U = U
            self.V = V
            self.W = W
            self.bpttTruncate = bpttTruncate
        }
    }

    /// `[dLdU, dLdV, dLdW]`, the three matrices `bptt` returns.
    public struct Gradients: Sendable, Equatable {
        public var dLdU: Matrix<Double>
        public var dLdV: Matrix<Double>
        public var dLdW: Matrix<Double>

        public init(dLdU: Matrix<Double>, dLdV: Matrix<Double>, dLdW: Matrix<Double>) {
            self.dLdU = dLdU
            self.dLdV = dLdV
            self.dLdW = dLdW
        }
    }
}
