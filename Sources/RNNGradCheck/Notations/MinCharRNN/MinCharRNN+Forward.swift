// MinCharRNN forward pass: the first loop of lossFun, generic over the scalar so that the same code
// gives the loss (Double) and the complex-step derivative (Complex). Equation numbers refer to
// notes/min-char-rnn.md.

extension MinCharRNN.Model {
    /// (C1) hs[t] = tanh(Wxh xs[t] + Whh hs[t−1] + bh). xs[t] is one-hot: Wxh xs[t] is column
    /// inputs[t] of Wxh.
    public func hiddenState(input: Int, previous hPrevious: Vector<Scalar>) -> Vector<Scalar> {
        tanh(Wxh[column: input] + Whh.dot(hPrevious) + bh)
    }

    /// (C2) ys[t] = Why hs[t] + by, the unnormalised log probabilities of the next character.
    public func scores(_ h: Vector<Scalar>) -> Vector<Scalar> {
        Why.dot(h) + by
    }

    /// (C3, C4) −log ps[t][target] with ps[t] = softmax(ys[t]), as logsumexp(ys[t]) − ys[t][target].
    public func stepLoss(scores y: Vector<Scalar>, target: Int) -> Scalar {
        logSumExp(y) - y[target]
    }

    /// (C5) loss = Σ_t −log ps[t][targets[t]], starting from hs[−1] = hprev.
    public func loss(_ inputs: [Int], _ targets: [Int], hprev: Vector<Scalar>) -> Scalar {
        var loss = Scalar.zero
        var h = hprev
        for t in 0..<inputs.count {
            h = hiddenState(input: inputs[t], previous: h)
            loss += stepLoss(scores: scores(h), target: targets[t])
        }
        return loss
    }
}
