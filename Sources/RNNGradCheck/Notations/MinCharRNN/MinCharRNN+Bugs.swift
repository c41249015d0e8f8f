// Realistic mistakes in min-char-rnn.py's lossFun (MinCharRNN+BPTT.swift). Each function below is a
// copy of `MinCharRNN.Model.lossFun(_:_:_:)` with one line changed, marked `// BUG:`; the python it
// stands for is in the bug's `mistake`. Read a bug beside MinCharRNN+BPTT.swift.
//
// The first one is the script's own clipping, kept before a gradient check: the classic false "bug"
// that makes a correct lossFun fail wherever a gradient exceeds ±5.

extension MinCharRNN {
    /// The classroom network of the catalog (K = 8, H = 4, T = 6).
    @Sendable static func classroom(_ seed: UInt64) -> Problem<Double> {
        random(sizes: ["K": 8, "H": 4, "T": 6], seed: seed, weightScale: 1, options: [:])
    }

    /// The classroom network on the script's seq_length = 25 with a repetitive text ("abab…", two of
    /// the eight characters): the output bias gradient of a frequent character is about −10, beyond
    /// the clipping bound 5. On the short classroom text every gradient stays within ±5 and the
    /// clipping changes nothing.
    @Sendable static func repetitiveText(_ seed: UInt64) -> Problem<Double> {
        let network = random(sizes: ["K": 8, "H": 4, "T": 25], seed: seed, weightScale: 1, options: [:])
        let text = (0...25).map { $0 % 2 }
        return Problem(model: network.model, inputs: Array(text.dropLast()), targets: Array(text.dropFirst()))
    }

    /// Every catalogued min-char-rnn bug.
    public static let bugs: [BPTTBug<Problem<Double>>] = [
        BPTTBug(
            id: "min-char-rnn/clipped-before-check",
            title: "gradients clipped to [−5, 5] before the check",
            mistake: "the gradients are clipped to [−5, 5] (np.clip, as the script does before its update) before they are checked: every entry beyond ±5 is cut",
            wrongLine: "return (loss, MinCharRNN.clip(MinCharRNN.Gradients(dWxh: dWxh, dWhh: dWhh, dWhy: dWhy, dbh: dbh, dby: dby)), hs[inputs.count - 1])",
            rightLine: "return (loss, MinCharRNN.Gradients(dWxh: dWxh, dWhh: dWhh, dWhy: dWhy, dbh: dbh, dby: dby), hs[inputs.count - 1])",
            classroomProblem: repetitiveText, gradients: { $0.model.lossFunClipped($0.inputs, $0.targets, $0.hprev).gradients }),
        BPTTBug(
            id: "min-char-rnn/target-not-subtracted",
            title: "dy = ps[t] without subtracting the target",
            mistake: "dy is ps[t] as it is: the 1 of the target character is never subtracted (dy[targets[t]] -= 1 is missing)",
            wrongLine: "",
            rightLine: "dy[targets[t]] -= 1",
            classroomProblem: classroom, gradients: { $0.model.lossFunTargetNotSubtracted($0.inputs, $0.targets, $0.hprev).gradients }),
        BPTTBug(
            id: "min-char-rnn/dhnext-reset",
            title: "dhnext reset to zero instead of carried back",
            mistake: "dhnext is set to zero where it should carry the error back (np.zeros_like(hs[0]) instead of np.dot(Whh.T, dhraw)): no propagation through time",
            wrongLine: "dhnext = Vector<Double>.zeros(hiddenSize)",
            rightLine: "dhnext = Whh.T.dot(dhraw)",
            classroomProblem: classroom, gradients: { $0.model.lossFunDhnextReset($0.inputs, $0.targets, $0.hprev).gradients }),
        BPTTBug(
            id: "min-char-rnn/dhnext-without-tanh-derivative",
            title: "dhnext from dh instead of dhraw",
            mistake: "dhnext is sent back from dh, before the tanh derivative (dhnext = np.dot(Whh.T, dh))",
            wrongLine: "dhnext = Whh.T.dot(dh)",
            rightLine: "dhnext = Whh.T.dot(dhraw)",
            classroomProblem: classroom, gradients: { $0.model.lossFunDhnextWithoutTanhDerivative($0.inputs, $0.targets, $0.hprev).gradients }),
        BPTTBug(
            id: "min-char-rnn/Whh-instead-of-Whh-transpose",
            title: "Whh instead of Whh.T in dhnext",
            mistake: "dhnext is sent back through Whh instead of its transpose (np.dot(Whh, dhraw))",
            wrongLine: "dhnext = Whh.dot(dhraw)",
            rightLine: "dhnext = Whh.T.dot(dhraw)",
            classroomProblem: classroom, gradients: { $0.model.lossFunWhhInsteadOfTranspose($0.inputs, $0.targets, $0.hprev).gradients }),
        BPTTBug(
            id: "min-char-rnn/current-state-in-dWhh",
            title: "hs[t] instead of hs[t-1] in dWhh",
            mistake: "dWhh takes the state of the same step, hs[t], instead of the previous one, hs[t-1]",
            wrongLine: "dWhh += outer(dhraw, hs[t])",
            rightLine: "dWhh += outer(dhraw, hs[t - 1])",
            shiftsTime: true,
            classroomProblem: classroom, gradients: { $0.model.lossFunCurrentStateInDWhh($0.inputs, $0.targets, $0.hprev).gradients }),
        BPTTBug(
            id: "min-char-rnn/tanh-derivative-of-previous-state",
            title: "(1 − hs[t-1]²) instead of (1 − hs[t]²)",
            mistake: "the tanh derivative is taken at the previous state, (1 - hs[t-1] * hs[t-1]), instead of the state the tanh produced",
            wrongLine: "let dhraw = (1 - hs[t - 1] .* hs[t - 1]) .* dh",
            rightLine: "let dhraw = (1 - hs[t] .* hs[t]) .* dh",
            shiftsTime: true,
            classroomProblem: classroom, gradients: { $0.model.lossFunTanhDerivativeOfPreviousState($0.inputs, $0.targets, $0.hprev).gradients }),
        BPTTBug(
            id: "min-char-rnn/bias-gradient-before-tanh-derivative",
            title: "dbh from dh instead of dhraw",
            mistake: "the hidden bias takes dh, before the tanh derivative, instead of dhraw (dbh += dh)",
            wrongLine: "dbh += dh",
            rightLine: "dbh += dhraw",
            classroomProblem: classroom, gradients: { $0.model.lossFunBiasBeforeTanhDerivative($0.inputs, $0.targets, $0.hprev).gradients }),
        BPTTBug(
            id: "min-char-rnn/missing-dby",
            title: "output bias gradient never accumulated",
            mistake: "dby is never accumulated (dby += dy is missing): the output bias gets a zero gradient",
            wrongLine: "",
            rightLine: "dby += dy",
            classroomProblem: classroom, gradients: { $0.model.lossFunMissingDby($0.inputs, $0.targets, $0.hprev).gradients }),
    ]
}

extension MinCharRNN.Model where Scalar == Double {
    /// min-char-rnn/clipped-before-check
    func lossFunClipped(_ inputs: [Int], _ targets: [Int], _ hprev: Vector<Double>) -> MinCharRNN.LossFunResult {
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
        return (loss, MinCharRNN.clip(MinCharRNN.Gradients(dWxh: dWxh, dWhh: dWhh, dWhy: dWhy, dbh: dbh, dby: dby)), hs[inputs.count - 1])  // BUG: clipped before the check
    }

    /// min-char-rnn/target-not-subtracted
    func lossFunTargetNotSubtracted(_ inputs: [Int], _ targets: [Int], _ hprev: Vector<Double>) -> MinCharRNN.LossFunResult {
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
            let dy = ps[t]
            // dy[targets[t]] -= 1 # backprop into y                                 (C6) ∂loss/∂ys[t] = ps[t] − onehot
            // BUG: missing line: dy[targets[t]] -= 1
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

    /// min-char-rnn/dhnext-reset
    func lossFunDhnextReset(_ inputs: [Int], _ targets: [Int], _ hprev: Vector<Double>) -> MinCharRNN.LossFunResult {
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
            dhnext = Vector<Double>.zeros(hiddenSize)  // BUG: reset instead of carried back
        }
        // for dparam in [dWxh, dWhh, dWhy, dbh, dby]: np.clip(dparam, -5, 5, out=dparam)   (left out: see the header)
        // return loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs)-1]
        return (loss, MinCharRNN.Gradients(dWxh: dWxh, dWhh: dWhh, dWhy: dWhy, dbh: dbh, dby: dby), hs[inputs.count - 1])
    }

    /// min-char-rnn/dhnext-without-tanh-derivative
    func lossFunDhnextWithoutTanhDerivative(_ inputs: [Int], _ targets: [Int], _ hprev: Vector<Double>) -> MinCharRNN.LossFunResult {
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
            dhnext = Whh.T.dot(dh)  // BUG: dh instead of dhraw
        }
        // for dparam in [dWxh, dWhh, dWhy, dbh, dby]: np.clip(dparam, -5, 5, out=dparam)   (left out: see the header)
        // return loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs)-1]
        return (loss, MinCharRNN.Gradients(dWxh: dWxh, dWhh: dWhh, dWhy: dWhy, dbh: dbh, dby: dby), hs[inputs.count - 1])
    }

    /// min-char-rnn/Whh-instead-of-Whh-transpose
    func lossFunWhhInsteadOfTranspose(_ inputs: [Int], _ targets: [Int], _ hprev: Vector<Double>) -> MinCharRNN.LossFunResult {
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
            dhnext = Whh.dot(dhraw)  // BUG: Whh instead of Whh.T
        }
        // for dparam in [dWxh, dWhh, dWhy, dbh, dby]: np.clip(dparam, -5, 5, out=dparam)   (left out: see the header)
        // return loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs)-1]
        return (loss, MinCharRNN.Gradients(dWxh: dWxh, dWhh: dWhh, dWhy: dWhy, dbh: dbh, dby: dby), hs[inputs.count - 1])
    }

    /// min-char-rnn/current-state-in-dWhh
    func lossFunCurrentStateInDWhh(_ inputs: [Int], _ targets: [Int], _ hprev: Vector<Double>) -> MinCharRNN.LossFunResult {
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
            dWhh += outer(dhraw, hs[t])  // BUG: hs[t] instead of hs[t-1]
            // dhnext = np.dot(Whh.T, dhraw)                                        (C8) carried to step t − 1
            dhnext = Whh.T.dot(dhraw)
        }
        // for dparam in [dWxh, dWhh, dWhy, dbh, dby]: np.clip(dparam, -5, 5, out=dparam)   (left out: see the header)
        // return loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs)-1]
        return (loss, MinCharRNN.Gradients(dWxh: dWxh, dWhh: dWhh, dWhy: dWhy, dbh: dbh, dby: dby), hs[inputs.count - 1])
    }

    /// min-char-rnn/tanh-derivative-of-previous-state
    func lossFunTanhDerivativeOfPreviousState(_ inputs: [Int], _ targets: [Int], _ hprev: Vector<Double>) -> MinCharRNN.LossFunResult {
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
            let dhraw = (1 - hs[t - 1] .* hs[t - 1]) .* dh  // BUG: hs[t-1] instead of hs[t]
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

    /// min-char-rnn/bias-gradient-before-tanh-derivative
    func lossFunBiasBeforeTanhDerivative(_ inputs: [Int], _ targets: [Int], _ hprev: Vector<Double>) -> MinCharRNN.LossFunResult {
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
            dbh += dh  // BUG: dh instead of dhraw
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

    /// min-char-rnn/missing-dby
    func lossFunMissingDby(_ inputs: [Int], _ targets: [Int], _ hprev: Vector<Double>) -> MinCharRNN.LossFunResult {
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
        let dby = Vector<Double>.zeros(by.count)
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
            // BUG: missing line: dby += dy
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
