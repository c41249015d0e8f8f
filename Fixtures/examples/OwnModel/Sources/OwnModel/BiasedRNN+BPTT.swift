import RNNGradCheck
import RNNGradCheckKit

extension BiasedRNN {
    /// BPTT by hand: ∂L/∂θ for every parameter, derived in notes/library.md of the rnn-gradcheck
    /// repository.
    ///
    /// ```
    /// (B5)  ∂L/∂o_t = p_t − e_{y_t},  p_t = softmax(o_t)
    /// (B6)  ∂L/∂W_hy = Σ_t ∂L/∂o_t h_tᵀ,   ∂L/∂b_y = Σ_t ∂L/∂o_t
    /// (B7)  ∂L/∂h_t = W_hyᵀ ∂L/∂o_t + W_hhᵀ ∂L/∂a_{t+1}    (no second term for t = T−1)
    /// (B8)  ∂L/∂a_t = (1 − h_t ⊙ h_t) ⊙ ∂L/∂h_t
    /// (B9)  ∂L/∂W_xh = Σ_t ∂L/∂a_t x_tᵀ,  ∂L/∂W_hh = Σ_t ∂L/∂a_t h_{t−1}ᵀ,  ∂L/∂b_h = Σ_t ∂L/∂a_t
    /// (B10) ∂L/∂h_0 = W_hhᵀ ∂L/∂a_0
    /// ```
    ///
    /// `plantedBug` changes one line.
    public func gradients() -> ModelGradients {
        // Forward pass, keeping h_{−1} … h_{T−1} and the outputs.
        let T = inputs.count
        var h = [h0]  // h[t + 1] is h_t
        var o: [Vector<Double>] = []
        for t in 0..<T {
            h.append(tanh(Wxh.dot(inputs[t]) + Whh.dot(h[t]) + bh))  // (B1), (B2)
            o.append(Why.dot(h[t + 1]) + by)  // (B3)
        }

        var dWxh = Matrix<Double>.zeros(Wxh.rows, Wxh.columns)
        var dWhh = Matrix<Double>.zeros(Whh.rows, Whh.columns)
        var dbh = Vector<Double>.zeros(bh.count)
        var dWhy = Matrix<Double>.zeros(Why.rows, Why.columns)
        var dby = Vector<Double>.zeros(by.count)
        var daNext = Vector<Double>.zeros(bh.count)  // ∂L/∂a_{t+1}; zero past the last step
        // The matrix that carries the error from a_{t+1} back to h_t: W_hhᵀ (the bug: W_hh).
        func back(_ da: Vector<Double>) -> Vector<Double> { plantedBug == .untransposedRecurrence ? Whh.dot(da) : Whh.T.dot(da) }

        for t in stride(from: T - 1, through: 0, by: -1) {
            // Output layer, step t.
            var dO = softmax(o[t])
            dO[targets[t]] -= 1  // (B5)
            dWhy += outer(dO, h[t + 1])  // (B6)
            if plantedBug == .outputBiasLastStepOnly {
                if t == T - 1 { dby = dO }
            } else {
                dby += dO  // (B6)
            }
            // Back into the hidden state: from the output at t and from a_{t+1}.
            let dh = Why.T.dot(dO) + back(daNext)  // (B7)
            let da = (1 - h[t + 1] ** 2) .* dh  // (B8)
            // The three weights that act at step t.
            dWxh += outer(da, inputs[t])  // (B9)
            dWhh += outer(da, h[t])  // (B9), h[t] is h_{t−1}
            dbh += da  // (B9)
            daNext = da
        }
        let dh0 = plantedBug == .initialStateIgnored ? Vector<Double>.zeros(h0.count) : back(daNext)  // (B10)

        return [.matrix("W_xh", dWxh), .matrix("W_hh", dWhh), .vector("b_h", dbh), .matrix("W_hy", dWhy), .vector("b_y", dby), .vector("h_0", dh0)]
    }
}
