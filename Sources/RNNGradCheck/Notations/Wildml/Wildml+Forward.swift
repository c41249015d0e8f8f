// Wildml forward pass: seed 000's model, generic over the scalar so that the same code gives the loss
// (Double) and the complex-step derivative (Complex). Equation numbers refer to notes/wildml.md.

extension Wildml.RNN {
    /// U x_t + W s_{t−1}, the hidden pre-activation (the "z" of the code comment "dL/dz"). x_t is
    /// one-hot, so U x_t is column x_t of U (the tutorial's `self.U[:, x[t]]`).
    public func preActivation(input xt: Int, previous sPrevious: Vector<Scalar>) -> Vector<Scalar> {
        U[column: xt] + W.dot(sPrevious)
    }

    /// (W1) s_t = tanh(U x_t + W s_{t−1}).
    public func state(input xt: Int, previous sPrevious: Vector<Scalar>) -> Vector<Scalar> {
        tanh(preActivation(input: xt, previous: sPrevious))
    }

    /// (W2) ŷ_t = softmax(V s_t).
    public func output(state st: Vector<Scalar>) -> Vector<Scalar> {
        softmax(V.dot(st))
    }

    /// (W3) E_t = −y_t · log ŷ_t = −log ŷ_t[y_t] (y_t one-hot), as logsumexp(V s_t) − (V s_t)[y_t].
    public func stepLoss(state st: Vector<Scalar>, target yt: Int) -> Scalar {
        let z = V.dot(st)
        return logSumExp(z) - z[yt]
    }

    /// `forward_propagation(x)`: the outputs `o` (ŷ_0 … ŷ_{T−1}) and the states `s` (s_0 … s_{T−1},
    /// with s[-1] = s_{−1} = 0).
    public func forwardPropagation(_ x: [Int]) -> (o: [Vector<Scalar>], s: StateSequence<Scalar>) {
        let T = x.count
        // One additional element for the initial hidden state, set to 0.
        var s = StateSequence<Scalar>(initial: .zeros(hiddenDim), count: T)
        var o = [Vector<Scalar>]()
        o.reserveCapacity(T)
        // For each time step...
        for t in 0..<T {
            s[t] = state(input: x[t], previous: s[t - 1])
            o.append(output(state: s[t]))
        }
        return (o, s)
    }

    /// `calculate_total_loss` for one sentence: (W4) E = Σ_t E_t.
    public func calculateTotalLoss(_ x: [Int], _ y: [Int]) -> Scalar {
        var E = Scalar.zero
        var s = Vector<Scalar>.zeros(hiddenDim)  // s_{-1} = 0
        for t in 0..<y.count {
            s = state(input: x[t], previous: s)
            E += stepLoss(state: s, target: y[t])
        }
        return E
    }
}
