// DenominatorLayout BPTT (seed 002, §2.2–2.5), as the document derives it: first the δ_k^(t)
// recursion for every output t, then the document's sums. Equation numbers: notes/denominator-layout.md.
//
// This is the teaching version: it keeps the whole δ_k^(t) table (O(T²) vectors), as the derivation does.

extension DenominatorLayout.Parameters where Scalar == Double {
    /// ∂E/∂W_in, ∂E/∂W_rec and ∂E/∂W_out for the sentence x with targets y.
    ///
    /// - Parameter truncation: when given, the error of output t reaches only steps k ≥ t − τ
    ///   (the document always sums k = 0 … t).
    public func bptt(_ x: [Int], _ y: [Int], truncation: Int? = nil) -> DenominatorLayout.Gradients {
        let T = x.count
        let pass = forward(x, y)
        let h = pass.h
        /// The first step the error of output t reaches.
        func firstStep(_ t: Int) -> Int { max(0, t - (truncation ?? t)) }

        // (D7) r_t = ŷ_t − y_t, the residual.
        var r = pass.yHat
        for t in 0..<T { r[t][y[t]] -= 1 }

        // The δ recursion, for every output t (§2.3):
        //   (D8) δ_t^(t) = (W_outᵀ r_t) ⊙ (1 − h_t ⊙ h_t)
        //   (D9) δ_k^(t) = (W_recᵀ δ_{k+1}^(t)) ⊙ (1 − h_k ⊙ h_k),   k = t−1 … 0
        // delta[t][k] holds δ_k^(t) for k in firstStep(t)...t.
        var delta = [[Vector<Double>]]()
        for t in 0..<T {
            var deltaT = Array(repeating: Vector<Double>.zeros(H), count: t + 1)
            deltaT[t] = WOut.T.dot(r[t]) .* (1 - h[t] .* h[t])
            for k in stride(from: t - 1, through: firstStep(t), by: -1) {
                deltaT[k] = WRec.T.dot(deltaT[k + 1]) .* (1 - h[k] .* h[k])
            }
            delta.append(deltaT)
        }

        // (D10) ∂E/∂W_out = Σ_t r_t ⊗ h_t
        var dEdWOut = Matrix<Double>.zeros(K, H)
        for t in 0..<T {
            dEdWOut += outer(r[t], h[t])
        }

        // (D11) ∂E/∂W_rec = Σ_t Σ_{k=0}^{t} δ_k^(t) ⊗ h_{k−1},  with h_{−1} = 0
        var dEdWRec = Matrix<Double>.zeros(H, H)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWRec += outer(delta[t][k], h[k - 1])
            }
        }

        // (D12) ∂E/∂W_in = Σ_t Σ_{k=0}^{t} δ_k^(t) ⊗ x_k. x_k is one-hot with its 1 at x_k:
        // only column x_k of W_in is updated (§2.4).
        var dEdWIn = Matrix<Double>.zeros(H, K)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWIn[column: x[k]] += delta[t][k]
            }
        }

        return DenominatorLayout.Gradients(dEdWIn: dEdWIn, dEdWRec: dEdWRec, dEdWOut: dEdWOut)
    }
}
