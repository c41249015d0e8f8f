// DenominatorLayout: the W_in/W_rec/W_out notation of [S002] part 2 (BPTT), in denominator layout.
//
// Source (notes/sources.md): [S002] 反向传播 BP & BPTT (2018-05-23), part 2, "2. 随时间反向传播BPTT"
// (sections 2.1–2.5).
// Note: notes/denominator-layout.md (symbols, shapes, numbered equations D1–D12, the hand-worked example).
//
// Symbols kept: K, T, H; x_t (one-hot, stored as a token id), y_t (one-hot, stored as a token id);
// s_t (the hidden *pre-activation*), h_t = tanh(s_t), z_t, ŷ_t (`yHat`), E_t, E; r_t = ŷ_t − y_t;
// δ_k^(t) = ∂E_t/∂s_k (`delta[t][k]`); W_in (`WIn`, H×K), W_rec (`WRec`, H×H), W_out (`WOut`, K×H).
//
// Deviations from the source:
// - x_t and y_t are stored as token ids, not one-hot vectors; W_in x_t is read as column x_t of W_in
//   (the document's own remark 4), and −y_tᵀ log ŷ_t as −log ŷ_t[y_t] (its remark 3).
// - E_t is computed as logsumexp(z_t) − z_t[y_t] (= −log ŷ_t[y_t], no log of an underflowed value).
// - Time runs t = 0 … T−1 (T steps). The document writes Σ_{t=0}^{T}, one term too many for a
//   sentence x_1 … x_T; see notes/denominator-layout.md.
// - §2.4 and §2.5 write δ_k without its superscript: the gradient needs δ_k^(t), the δ of E_t at step
//   k (the §2.3 recursion), summed over t and k. That is what is implemented. Read with δ_k = ∂E_k/∂s_k
//   (the δ_t defined under §2.5) the printed double sum is wrong; notes/errata.md has the numbers.
// - Optional truncation τ limits the sum over k to k ≥ t − τ (the document always sums k = 0 … t).
//
// Keep in sync: Wildml (U ≡ W_in, W ≡ W_rec, V ≡ W_out; tested equal) and IndexWise.

/// The W_in/W_rec/W_out notation of seed 002, in denominator layout.
public enum DenominatorLayout {}

extension DenominatorLayout {
    /// W_in, W_rec and W_out (§2.1).
    public struct Parameters<Scalar: RealScalar>: Sendable {
        /// W_in ∈ ℝ^{H×K}: input → hidden.
        public var WIn: Matrix<Scalar>
        /// W_rec ∈ ℝ^{H×H}: hidden at t−1 → hidden at t.
        public var WRec: Matrix<Scalar>
        /// W_out ∈ ℝ^{K×H}: hidden → output.
        public var WOut: Matrix<Scalar>

        /// H, the number of hidden units.
        public var H: Int { WIn.rows }
        /// K, the vocabulary size.
        public var K: Int { WIn.columns }

        public init(WIn: Matrix<Scalar>, WRec: Matrix<Scalar>, WOut: Matrix<Scalar>) {
            precondition(WRec.rows == WIn.rows && WRec.columns == WIn.rows && WOut.rows == WIn.columns && WOut.columns == WIn.rows,
                         "W_in must be H×K, W_rec H×H, W_out K×H")
            self.WIn = WIn
            self.WRec = WRec
            self.WOut = WOut
        }
    }

    /// ∂E/∂W_in, ∂E/∂W_rec, ∂E/∂W_out, each shaped like its matrix (denominator layout).
    public struct Gradients: Sendable, Equatable {
        public var dEdWIn: Matrix<Double>
        public var dEdWRec: Matrix<Double>
        public var dEdWOut: Matrix<Double>

        public init(dEdWIn: Matrix<Double>, dEdWRec: Matrix<Double>, dEdWOut: Matrix<Double>) {
            self.dEdWIn = dEdWIn
            self.dEdWRec = dEdWRec
            self.dEdWOut = dEdWOut
        }
    }

    /// Every quantity of the forward pass (§2.1), step by step.
    public struct ForwardPass<Scalar: RealScalar>: Sendable {
        /// s_t, the pre-activations.
        public var s: [Vector<Scalar>]
        /// h_t = tanh(s_t), with h[-1] = h_{−1} = 0.
        public var h: StateSequence<Scalar>
        /// z_t = W_out h_t.
        public var z: [Vector<Scalar>]
        /// ŷ_t = softmax(z_t).
        public var yHat: [Vector<Scalar>]
        /// E_t.
        public var E: [Scalar]
    }
}
