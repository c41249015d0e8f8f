// Wildml BPTT: [S000]'s numpy `bptt` (notes/sources.md), line by line. The python is quoted in the
// comments; read it beside the document. Equation numbers refer to notes/wildml.md.
//
// This is the teaching version: it allocates freely and its truncated double loop costs O(T·τ)
// matrix-vector products, like the original.

extension Wildml.RNN where Scalar == Double {
    /// `bptt(x, y)`: the gradients of E = Σ_t E_t with respect to U, V and W, where the error of
    /// output t is sent back through at most `bpttTruncate` earlier steps.
    public func bptt(_ x: [Int], _ y: [Int]) -> Wildml.Gradients {
        // T = len(y)
        let T = y.count
        // Perform forward propagation
        // o, s = self.forward_propagation(x)
        let (o, s) = forwardPropagation(x)
        // We accumulate the gradients in these variables
        var dLdU = Matrix<Double>.zeros(U.rows, U.columns)
        var dLdV = Matrix<Double>.zeros(V.rows, V.columns)
        var dLdW = Matrix<Double>.zeros(W.rows, W.columns)
        // delta_o = o
        // delta_o[np.arange(len(y)), y] -= 1.            (W5) ∂E_t/∂(V s_t) = ŷ_t − y_t
        var deltaO = o
        for t in 0..<T { deltaO[t][y[t]] -= 1 }
        // For each output backwards...
        // for t in np.arange(T)[::-1]:
        for t in (0..<T).reversed() {
            // dLdV += np.outer(delta_o[t], s[t].T)       (W6) ∂E_t/∂V = (ŷ_t − y_t) ⊗ s_t
            dLdV += outer(deltaO[t], s[t])
            // Initial delta calculation: dL/dz
            // delta_t = self.V.T.dot(delta_o[t]) * (1 - (s[t] ** 2))     (W7) δ_t = Vᵀ(ŷ_t − y_t) ⊙ (1 − s_t²)
            var deltaT = V.T.dot(deltaO[t]) .* (1 - (s[t] ** 2))
            // Backpropagation through time (for at most self.bptt_truncate steps)
            // for bptt_step in np.arange(max(0, t-self.bptt_truncate), t+1)[::-1]:
            for bpttStep in (max(0, t - bpttTruncate)...t).reversed() {
                // Add to gradients at each previous step
                // dLdW += np.outer(delta_t, s[bptt_step-1])             (W8) ∂E_t/∂W += δ ⊗ s_{k−1}
                dLdW += outer(deltaT, s[bpttStep - 1])
                // dLdU[:,x[bptt_step]] += delta_t                       (W8) ∂E_t/∂U += δ ⊗ x_k
                dLdU[column: x[bpttStep]] += deltaT
                // Update delta for next step dL/dz at t-1
                // delta_t = self.W.T.dot(delta_t) * (1 - s[bptt_step-1] ** 2)   (W9) δ_{k−1} = Wᵀδ_k ⊙ (1 − s_{k−1}²)
                deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)
            }
        }
        // return [dLdU, dLdV, dLdW]
        return Wildml.Gradients(dLdU: dLdU, dLdV: dLdV, dLdW: dLdW)
    }
}
