// DenominatorLayout forward pass (seed 002, §2.1), generic over the scalar so that the same code gives
// the loss (Double) and the complex-step derivative (Complex). Equation numbers: notes/denominator-layout.md.

extension DenominatorLayout.Parameters {
    /// (D1) s_t = W_rec h_{t−1} + W_in x_t. x_t is one-hot, so W_in x_t is column x_t of W_in.
    public func preActivation(input xt: Int, previousHidden hPrevious: Vector<Scalar>) -> Vector<Scalar> {
        WRec.dot(hPrevious) + WIn[column: xt]
    }

    /// (D2) h_t = tanh(s_t).
    public func hidden(_ st: Vector<Scalar>) -> Vector<Scalar> { tanh(st) }

    /// (D3) z_t = W_out h_t.
    public func logits(_ ht: Vector<Scalar>) -> Vector<Scalar> { WOut.dot(ht) }

    /// (D5) E_t = −y_tᵀ log ŷ_t = −log ŷ_t[y_t], as logsumexp(z_t) − z_t[y_t].
    public func stepLoss(logits zt: Vector<Scalar>, target yt: Int) -> Scalar {
        logSumExp(zt) - zt[yt]
    }

    /// The forward pass over a sentence x_0 … x_{T−1} with targets y_0 … y_{T−1}.
    public func forward(_ x: [Int], _ y: [Int]) -> DenominatorLayout.ForwardPass<Scalar> {
        let T = x.count
        var pass = DenominatorLayout.ForwardPass<Scalar>(
            s: [], h: StateSequence(initial: .zeros(H), count: T), z: [], yHat: [], E: [])  // h_{-1} = 0
        for t in 0..<T {
            pass.s.append(preActivation(input: x[t], previousHidden: pass.h[t - 1]))  // (D1)
            pass.h[t] = hidden(pass.s[t])  // (D2)
            pass.z.append(logits(pass.h[t]))  // (D3)
            pass.yHat.append(softmax(pass.z[t]))  // (D4) ŷ_t = softmax(z_t)
            pass.E.append(stepLoss(logits: pass.z[t], target: y[t]))  // (D5)
        }
        return pass
    }

    /// (D6) E = Σ_t E_t.
    public func loss(_ x: [Int], _ y: [Int]) -> Scalar {
        var E = Scalar.zero
        var h = Vector<Scalar>.zeros(H)  // h_{-1} = 0
        for t in 0..<x.count {
            h = hidden(preActivation(input: x[t], previousHidden: h))
            E += stepLoss(logits: logits(h), target: y[t])
        }
        return E
    }
}
