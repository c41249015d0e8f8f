// Seed 000, "Train RNNs": the WildML U/V/W model, its loss, the worked example ∂E_3/∂V and ∂E_3/∂W,
// and the numpy `bptt` with `bptt_truncate`. Every equation the document states that can be computed,
// in its order. notes/wildml.md numbers the same equations W1–W9.

enum Seed000 {
    static func check(seed: UInt64) -> DocumentCheck {
        let lab = WildmlLab(size: NetworkSize(vocabulary: 5, hidden: 3, steps: 5), seed: seed)
        let network = lab.network(seed)
        let trace = lab.trace
        let (T, H) = (lab.T, lab.H)
        let (U, V, W) = (lab.rnn.U, lab.rnn.V, lab.rnn.W)
        var checkpoints: [Checkpoint] = []

        // MARK: Forward pass and loss

        checkpoints.append(Checkpoint(
            "000.1", .seed000, location: "对于每一个时间戳的操作如下",
            printed: "s_t = tanh(U x_t + W s_{t−1})",
            source: #"s_t &= \tanh(Ux_t + Ws_{t-1})"#,
            comparedWith: "the states of the package's forward pass, s_{−1} = 0",
            readings: [
                Reading(.asPrinted, "x_t one-hot, U x_t a matrix-vector product", {
                    var s = Vector<Double>.zeros(H)
                    var states: [Vector<Double>] = []
                    for t in 0..<T {
                        s = tanh(U.dot(lab.oneHotInput(t)) + W.dot(s))
                        states.append(s)
                    }
                    return compare(concatenated(states), concatenated(trace.s.steps))
                }())
            ]))

        checkpoints.append(Checkpoint(
            "000.2", .seed000, location: "对于每一个时间戳的操作如下",
            printed: "ŷ_t = softmax(V s_t)",
            source: #"\hat{y}_t &= \mathrm{softmax}(Vs_t)"#,
            comparedWith: "the outputs of the package's forward pass (a max-shifted softmax)",
            readings: [
                Reading(.asPrinted, "softmax(z)_k = e^{z_k} / Σ_j e^{z_j}, computed without a shift", {
                    let outputs = trace.s.steps.map { s -> Vector<Double> in
                        let e = V.dot(s).storage.map { Double.exp($0) }
                        return Vector(e.map { $0 / e.reduce(0, +) })
                    }
                    return compare(concatenated(outputs), concatenated(trace.yHat))
                }())
            ]))

        checkpoints.append(Checkpoint(
            "000.3", .seed000, location: "相应的损失函数用交叉熵来定义",
            printed: "E_t(y_t, ŷ_t) = −y_t log ŷ_t;  E(y, ŷ) = Σ_t E_t(y_t, ŷ_t) = −Σ_t y_t log ŷ_t",
            source: #"E_t(y_t, \hat{y}_t) &= - y_{t} \log \hat{y}_{t} \\ E(y, \hat{y}) &=\sum\limits_{t} E_t(y_t,\hat{y}_t) \\ & = -\sum\limits_{t} y_{t} \log \hat{y}_{t}"#,
            comparedWith: "E_t = logsumexp(V s_t) − (V s_t)[y_t], each t, and their sum",
            readings: [
                Reading(.asPrinted, "y_t one-hot and y_t log ŷ_t an inner product", {
                    let Et = (0..<T).map { t in -lab.oneHotTarget(t).dot(Vector(trace.yHat[t].storage.map { Double.log($0) })) }
                    return compare(Et + [Et.reduce(0, +)], trace.E + [trace.E.reduce(0, +)])
                }())
            ]))

        // MARK: The worked example: ∂E_3/∂V

        let dE3dV = lab.dE(3, wrt: .V)
        checkpoints.append(Checkpoint(
            "000.4", .seed000, location: "## 对于 V 的梯度计算",
            printed: "∂E_3/∂V = ∂E_3/∂ŷ_3 · ∂ŷ_3/∂V",
            source: #"\frac{\partial E_3}{\partial V} &=\frac{\partial E_3}{\partial \hat{y}_3}\frac{\partial\hat{y}_3}{\partial V}"#,
            comparedWith: "the complex-step derivative of E_3 with respect to V",
            readings: [
                Reading(.asPrinted, "E_3 = −y_3 · log ŷ_3 as a function of ŷ_3, times the Jacobian of ŷ_3 = softmax(V s_3) in V",
                        compare(lab.dOutputWrtV(3).T.dot(lab.dEdYHat(3)).storage, dE3dV.storage))
            ]))

        let residual3 = trace.yHat[3] - lab.oneHotTarget(3)
        checkpoints.append(Checkpoint(
            "000.5", .seed000, location: "## 对于 V 的梯度计算 (z_3 = V s_3)",
            printed: "∂E_3/∂ŷ_3 · ∂ŷ_3/∂z_3 = ŷ_3 − y_3",
            source: #"\frac{\partial E_3}{\partial \hat{y}_3}\frac{\partial\hat{y}_3}{\partial z_3} ... =(\hat{y}_3 - y_3)"#,
            comparedWith: "the complex-step derivative of E_3 with respect to z_3 = V s_3",
            readings: [Reading(.asPrinted, "softmax followed by cross-entropy", compare(residual3, lab.dE(3, wrt: .logits, at: 3)))]))

        checkpoints.append(Checkpoint(
            "000.6", .seed000, location: "## 对于 V 的梯度计算: “符号⊗ 是向量叉乘符号”",
            printed: "∂E_3/∂V = (ŷ_3 − y_3) ⊗ s_3",
            source: #"&=(\hat{y}_3 - y_3) \otimes s_3 \\ ... 符号$\otimes$ 是向量叉乘符号"#,
            comparedWith: "the complex-step derivative of E_3 with respect to V",
            readings: [
                Reading(.reading, "⊗ the outer product (ŷ_3 − y_3) s_3ᵀ", compare(outer(residual3, trace.s[3]), dE3dV)),
                Reading(.reading, "⊗ the cross product, as the text names it (向量叉乘)",
                        .notComparable("a cross product needs two 3-vectors; ŷ_3 − y_3 has \(lab.K) entries and s_3 has \(H)")),
            ]))

        // MARK: The worked example: ∂E_3/∂W

        let dE3dW = lab.dE(3, wrt: .W)
        // ∂E_3/∂ŷ_3 · ∂ŷ_3/∂s_3, a row vector over s_3, from the two numerical factors.
        let dE3ds3 = lab.dOutput(3).T.dot(lab.dEdYHat(3))
        checkpoints.append(Checkpoint(
            "000.7", .seed000, location: "##对于W, U的梯度计算",
            printed: "∂E_3/∂W = ∂E_3/∂ŷ_3 · ∂ŷ_3/∂s_3 · ∂s_3/∂W",
            source: #"\frac{\partial E_3}{\partial W} &= \frac{\partial E_3}{\partial \hat{y}_3}\frac{\partial\hat{y}_3}{\partial s_3}\frac{\partial s_3}{\partial W}"#,
            comparedWith: "the complex-step derivative of E_3 with respect to W",
            readings: [
                Reading(.reading, "∂s_3/∂W total: through s_2, s_1, s_0 as well",
                        compare(lab.dState(3, wrt: .W, immediate: false).T.dot(dE3ds3).storage, dE3dW.storage)),
                Reading(.reading, "∂s_3/∂W immediate: s_2 held fixed",
                        compare(lab.dState(3, wrt: .W, immediate: true).T.dot(dE3ds3).storage, dE3dW.storage)),
            ]))

        func sumOverK(_ t: Int, immediate: Bool) -> [Double] {
            var sum = [Double](repeating: 0, count: H * H)
            for k in 0...t {
                let chain = lab.dState(t, wrtState: k).T.dot(dE3ds3)  // ∂E_3/∂s_k
                let term = lab.dState(k, wrt: .W, immediate: immediate).T.dot(chain).storage
                for i in sum.indices { sum[i] += term[i] }
            }
            return sum
        }
        checkpoints.append(Checkpoint(
            "000.8", .seed000, location: "##对于W, U的梯度计算: “会进行连续的链式操作”",
            printed: "∂E_3/∂W = Σ_{k=0}^{3} ∂E_3/∂ŷ_3 · ∂ŷ_3/∂s_3 · ∂s_3/∂s_k · ∂s_k/∂W",
            source: #"\frac{\partial E_3}{\partial W} &= \sum\limits_{k=0}^{3} \frac{\partial E_3}{\partial \hat{y}_3}\frac{\partial\hat{y}_3}{\partial s_3}\frac{\partial s_3}{\partial s_k}\frac{\partial s_k}{\partial W}"#,
            comparedWith: "the complex-step derivative of E_3 with respect to W",
            readings: [
                Reading(.reading, "∂s_k/∂W immediate: s_{k−1} held fixed", compare(sumOverK(3, immediate: true), dE3dW.storage)),
                Reading(.reading, "∂s_k/∂W total: through every earlier state", compare(sumOverK(3, immediate: false), dE3dW.storage)),
            ]))

        checkpoints.append(Checkpoint(
            "000.9", .seed000, location: "##对于W, U的梯度计算: the terms of the sum",
            printed: "term k of Σ_{k=0}^{3} (∂s_k/∂W immediate) = ∂E_3/∂W_k, the derivative through step k alone",
            source: #"\frac{\partial E_3}{\partial \hat{y}_3}\frac{\partial\hat{y}_3}{\partial s_3}\frac{\partial s_3}{\partial s_k}\frac{\partial s_k}{\partial W}"#,
            comparedWith: "for k = 0…3, the complex-step derivative of E_3 with respect to the copy of W that step k uses (weights untied in time)",
            readings: [
                Reading(.asPrinted, "each term is the contribution of step k", worst((0...3).map { k in
                    let chain = lab.dState(3, wrtState: k).T.dot(dE3ds3)
                    return compare(lab.dState(k, wrt: .W, immediate: true).T.dot(chain).storage, lab.dE(3, wrt: .W, onlyAtStep: k).storage)
                }))
            ]))

        // MARK: The numpy bptt, line by line

        var deltaO = trace.yHat
        for t in 0..<T { deltaO[t][lab.y[t]] -= 1 }
        checkpoints.append(Checkpoint(
            "000.10", .seed000, location: "BBTP代码实例: delta_o",
            printed: "delta_o = o;  delta_o[np.arange(len(y)), y] -= 1.   (ŷ_t − y_t = ∂E_t/∂(V s_t))",
            source: "delta_o = o\ndelta_o[np.arange(len(y)), y] -= 1.",
            comparedWith: "for every t, the complex-step derivative of E_t with respect to V s_t",
            readings: [Reading(.asPrinted, "o holds ŷ_t, y the target ids", compare(concatenated(deltaO), concatenated((0..<T).map { lab.dE($0, wrt: .logits, at: $0) })))]))

        var dLdV = Matrix<Double>.zeros(lab.K, H)
        for t in 0..<T { dLdV += outer(deltaO[t], trace.s[t]) }
        checkpoints.append(Checkpoint(
            "000.11", .seed000, location: "BBTP代码实例: dLdV",
            printed: "dLdV += np.outer(delta_o[t], s[t].T)   (summed over t: ∂E/∂V)",
            source: "dLdV += np.outer(delta_o[t], s[t].T)",
            comparedWith: "the complex-step derivative of E with respect to V",
            readings: [Reading(.asPrinted, "accumulated over every output t", compare(dLdV, lab.dE(nil, wrt: .V)))]))

        let initialDeltas = (0..<T).map { t in V.T.dot(deltaO[t]) .* (1 - (trace.s[t] ** 2)) }
        checkpoints.append(Checkpoint(
            "000.12", .seed000, location: "BBTP代码实例: “# Initial delta calculation: dL/dz”",
            printed: "delta_t = self.V.T.dot(delta_o[t]) * (1 - (s[t] ** 2))   (dL/dz)",
            source: "# Initial delta calculation: dL/dz\ndelta_t = self.V.T.dot(delta_o[t]) * (1 - (s[t] ** 2))",
            comparedWith: "for every t, the complex-step derivative of E_t with respect to z (the reading's z) at step t",
            readings: [
                Reading(.reading, "z the hidden pre-activation U x_t + W s_{t−1}",
                        compare(concatenated(initialDeltas), concatenated((0..<T).map { lab.dE($0, wrt: .preActivation, at: $0) }))),
                Reading(.reading, "z = V s_t, the output pre-activation the text calls z_3",
                        .notComparable("delta_t has H=\(H) entries, ∂E_t/∂(V s_t) has K=\(lab.K)")),
            ]))

        // The recursion of the inner loop, for every output t and step k: δ_k^(t) = ∂E_t/∂z_k.
        var deltas: [[Vector<Double>]] = []  // deltas[t][k]
        for t in 0..<T {
            var row = Array(repeating: Vector<Double>.zeros(H), count: t + 1)
            row[t] = initialDeltas[t]
            for k in stride(from: t, to: 0, by: -1) { row[k - 1] = W.T.dot(row[k]) .* (1 - trace.s[k - 1] ** 2) }
            deltas.append(row)
        }
        checkpoints.append(Checkpoint(
            "000.13", .seed000, location: "BBTP代码实例: “# Update delta for next step dL/dz at t-1”",
            printed: "delta_t = self.W.T.dot(delta_t) * (1 - s[bptt_step-1] ** 2)",
            source: "# Update delta for next step dL/dz at t-1\ndelta_t = self.W.T.dot(delta_t) * (1 - s[bptt_step-1] ** 2)",
            comparedWith: "for every output t and step k < t, the complex-step derivative of E_t with respect to the hidden pre-activation z_k",
            readings: [Reading(.asPrinted, "the delta of output t moved from step k to step k−1", worst((0..<T).flatMap { t in
                (0..<t).map { k in compare(deltas[t][k], lab.dE(t, wrt: .preActivation, at: k)) }
            }))]))

        checkpoints.append(Checkpoint(
            "000.14", .seed000, location: "BBTP代码实例: “# Add to gradients at each previous step”",
            printed: "dLdW += np.outer(delta_t, s[bptt_step-1])",
            source: "dLdW += np.outer(delta_t, s[bptt_step-1])",
            comparedWith: "for every output t and step k ≤ t, the complex-step derivative of E_t with respect to the copy of W step k uses (weights untied in time)",
            readings: [Reading(.asPrinted, "the term of step k", worst((0..<T).flatMap { t in
                (0...t).map { k in compare(outer(deltas[t][k], trace.s[k - 1]), lab.dE(t, wrt: .W, onlyAtStep: k)) }
            }))]))

        checkpoints.append(Checkpoint(
            "000.15", .seed000, location: "BBTP代码实例",
            printed: "dLdU[:,x[bptt_step]] += delta_t",
            source: "dLdU[:,x[bptt_step]] += delta_t",
            comparedWith: "for every output t and step k ≤ t, the complex-step derivative of E_t with respect to the copy of U step k uses",
            readings: [Reading(.asPrinted, "x_k one-hot: only column x_k of U gets the term", worst((0..<T).flatMap { t in
                (0...t).map { k -> ReadingOutcome in
                    var term = Matrix<Double>.zeros(H, lab.K)
                    term[column: lab.x[k]] += deltas[t][k]
                    return compare(term, lab.dE(t, wrt: .U, onlyAtStep: k))
                }
            }))]))

        /// dLdW from the loop, with `previousOfFirst` as what `s[bptt_step-1]` reads at bptt_step = 0.
        func dLdW(previousOfFirst: Vector<Double>) -> Matrix<Double> {
            var sum = Matrix<Double>.zeros(H, H)
            for t in 0..<T {
                for k in 0...t { sum += outer(deltas[t][k], k == 0 ? previousOfFirst : trace.s[k - 1]) }
            }
            return sum
        }
        let dEdW = lab.dE(nil, wrt: .W)
        checkpoints.append(Checkpoint(
            "000.16", .seed000, location: "BBTP代码实例: s[bptt_step-1] at bptt_step = 0",
            printed: "s[bptt_step-1] with bptt_step = 0 reads s[-1]",
            source: "dLdW += np.outer(delta_t, s[bptt_step-1])",
            comparedWith: "the complex-step derivative of E with respect to W",
            readings: [
                Reading(.reading, "s has T+1 rows and s[-1] is the extra zero row, s_{−1} = 0 (the tutorial's forward_propagation)",
                        compare(dLdW(previousOfFirst: .zeros(H)), dEdW)),
                Reading(.reading, "s has T rows, so s[-1] is s_{T−1}, the last state",
                        compare(dLdW(previousOfFirst: trace.s[T - 1]), dEdW)),
            ]))

        let tau = 2
        var truncatedRNN = lab.rnn
        truncatedRNN.bpttTruncate = tau
        let truncated = truncatedRNN.bptt(lab.x, lab.y)
        var fullRNN = lab.rnn
        fullRNN.bpttTruncate = T - 1
        let full = fullRNN.bptt(lab.x, lab.y)
        let exact = [lab.dE(nil, wrt: .U), lab.dE(nil, wrt: .V), dEdW]
        func all(_ g: Wildml.Gradients) -> [Double] { g.dLdU.storage + g.dLdV.storage + g.dLdW.storage }
        checkpoints.append(Checkpoint(
            "000.17", .seed000, location: "BBTP代码实例: return [dLdU, dLdV, dLdW]",
            printed: "bptt(x, y) returns [dLdU, dLdV, dLdW] = [∂E/∂U, ∂E/∂V, ∂E/∂W]",
            source: "for bptt_step in np.arange(max(0, t-self.bptt_truncate), t+1)[::-1]:\n...\nreturn [dLdU, dLdV, dLdW]",
            comparedWith: "the complex-step derivatives of E (or of the truncated objective Σ_t Σ_{k≥t−τ} ∂E_t/∂θ_k)",
            readings: [
                Reading(.reading, "bptt_truncate ≥ T−1: the gradient of E", compare(all(full), exact.flatMap(\.storage))),
                Reading(.reading, "bptt_truncate = \(tau) < T−1: the gradient of E", compare(all(truncated), exact.flatMap(\.storage))),
                Reading(.reading, "bptt_truncate = \(tau): the gradient of the truncated objective (output t reaches steps t−\(tau)…t)",
                        compare(all(truncated), [WildmlLab.Block.U, .V, .W].flatMap { lab.truncatedGradient($0, tau: tau).storage })),
            ]))

        return DocumentCheck(document: .seed000, network: network, checkpoints: checkpoints)
    }
}
