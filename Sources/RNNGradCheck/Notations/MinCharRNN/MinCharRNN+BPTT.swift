// MinCharRNN BPTT: min-char-rnn.py's lossFun, line by line. The python is quoted in the comments; read
// it beside the script. Equation numbers refer to notes/min-char-rnn.md.
//
// The backward pass is one sweep from the last step to the first: dhnext carries ∂loss/∂hs[t] from the
// steps after t, so every output's error reaches every earlier step (full BPTT over the chunk).

extension MinCharRNN {
    /// `loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs)-1]`.
    public typealias LossFunResult = (loss: Double, gradients: Gradients, hLast: Vector<Double>)
}

extension MinCharRNN.Model where Scalar == Double {
    /// `lossFun(inputs, targets, hprev)`: the loss, the gradients of the loss with respect to Wxh, Whh,
    /// Why, bh and by, and the last hidden state (the next chunk's hprev). Unlike the script, the
    /// gradients are not clipped (`MinCharRNN.clip` does that).
    public func lossFun(_ inputs: [Int], _ targets: [Int], _ hprev: Vector<Double>) -> MinCharRNN.LossFunResult {
        // xs, hs, ys, ps = {}, {}, {}, {}
        // hs[-1] = np.copy(hprev)
        var hs = StateSequence<Double>(initial: hprev, count: inputs.count)
        var ys = [Vector<Double>](), ps = [Vector<Double>]()
        var loss = 0.0
        // forward pass
        for t in 0..<inputs.count {
            // xs[t] = np.zeros((vocab_size,1)); xs[t][inputs[t]] = 1     (one-hot: inputs[t] itself)
            // hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t-1]) + bh)     (C1)
            hs[t] = hiddenState(input: inputs[t], previous: hs[t - 1])
            // ys[t] = np.dot(Why, hs[t]) + by                                      (C2)
            ys.append(scores(hs[t]))
            // ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))                         (C3)
            ps.append(softmax(ys[t]))
            // loss += -np.log(ps[t][targets[t],0])                                  (C4, C5)
            loss += stepLoss(scores: ys[t], target: targets[t])
        }
        // backward pass: compute gradients going backwards
        // dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
        var dWxh = Matrix<Double>.zeros(Wxh.rows, Wxh.columns)
        var dWhh = Matrix<Double>.zeros(Whh.rows, Whh.columns)
        var dWhy = Matrix<Double>.zeros(Why.rows, Why.columns)
        // dbh, dby = np.zeros_like(bh), np.zeros_like(by)
        var dbh = Vector<Double>.zeros(bh.count)
        var dby = Vector<Double>.zeros(by.count)
        // dhnext = np.zeros_like(hs[0])
        var dhnext = Vector<Double>.zeros(hiddenSize)
        // for t in reversed(xrange(len(inputs))):
        for t in (0..<inputs.count).reversed() {
            // dy = np.copy(ps[t])
            var dy = ps[t]
            // dy[targets[t]] -= 1 # backprop into y                                 (C6) ∂loss/∂ys[t] = ps[t] − onehot
            dy[targets[t]] -= 1
            // dWhy += np.dot(dy, hs[t].T)                                          (C7)
            dWhy += outer(dy, hs[t])
            // dby += dy                                                             (C7)
            dby += dy
            // dh = np.dot(Why.T, dy) + dhnext # backprop into h                     (C8) ∂loss/∂hs[t]
            let dh = Why.T.dot(dy) + dhnext
            // dhraw = (1 - hs[t] * hs[t]) * dh # backprop through tanh nonlinearity  (C9)
            let dhraw = (1 - hs[t] .* hs[t]) .* dh
            // dbh += dhraw                                                          (C10)
            dbh += dhraw
            // dWxh += np.dot(dhraw, xs[t].T)      (xs[t] one-hot: column inputs[t]) (C10)
            dWxh[column: inputs[t]] += dhraw
            // dWhh += np.dot(dhraw, hs[t-1].T)                                     (C10)
            dWhh += outer(dhraw, hs[t - 1])
            // dhnext = np.dot(Whh.T, dhraw)                                        (C8) carried to step t − 1
            dhnext = Whh.T.dot(dhraw)
        }
        // for dparam in [dWxh, dWhh, dWhy, dbh, dby]: np.clip(dparam, -5, 5, out=dparam)   (left out: see the header)
        // return loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs)-1]
        return (loss, MinCharRNN.Gradients(dWxh: dWxh, dWhh: dWhh, dWhy: dWhy, dbh: dbh, dby: dby), hs[inputs.count - 1])
    }
}
