// DenominatorLayout, fast: the full-BPTT gradient in one backward sweep instead of the δ_k^(t) table
// (T(T + 1)/2 vectors, each a matrix-vector product away from the next). Seed 002's network is seed
// 000's with other names (W_in ≡ U, W_rec ≡ W, W_out ≡ V; its s_t is the pre-activation where seed 000's
// s_t is the state), so the sweep is Wildml's (Wildml+OneSweep.swift) on the same numbers. Not the
// document's derivation, so it is not what a student reads: DenominatorLayout+BPTT.swift is. It is
// tested equal to it (FastPathTests.testDenominatorLayoutOneSweep_EqualsTheLiteralBPTT).

extension DenominatorLayout.Parameters where Scalar == Double {
    /// E and ∂E/∂W_in, ∂E/∂W_rec, ∂E/∂W_out (full BPTT) for the sentence x with targets y.
    public func oneSweep(_ x: [Int], _ y: [Int]) -> (loss: Double, gradients: DenominatorLayout.Gradients) {
        let rnn = Wildml.RNN(U: WIn, V: WOut, W: WRec, bpttTruncate: x.count)
        let (loss, g) = rnn.oneSweep(x, y)
        return (loss, DenominatorLayout.Gradients(dEdWIn: g.dLdU, dEdWRec: g.dLdW, dEdWOut: g.dLdV))
    }
}
