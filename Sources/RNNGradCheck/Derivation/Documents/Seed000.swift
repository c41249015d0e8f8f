// [S000] Train RNNs (innohub), notes/sources.md: the WildML U/V/W model, its loss, the worked example
// ∂E_3/∂V and ∂E_3/∂W, and the numpy `bptt` with `bptt_truncate`. Every statement the document makes
// that can be computed (display equations, equations in its prose, its code and the code's comments),
// in its order, then the findings that cannot be computed. notes/wildml.md numbers the same equations
// W1–W9.

enum Seed000 {
    static func check(seed: UInt64, size: NetworkSize) -> DocumentCheck {
        let lab = WildmlLab(size: size, seed: seed)
        let trace = lab.trace
        let (T, H, K) = (lab.T, lab.H, lab.K)
        let (U, V, W) = (lab.rnn.U, lab.rnn.V, lab.rnn.W)
        var checkpoints: [Checkpoint] = []

        // MARK: The prose before the model

        /// o_t = softmax(V s_t) computed as the code's forward_propagation does, with s_t from 000.1.
        let o: [Vector<Double>] = {
            var s = Vector<Double>.zeros(H)
            return (0..<T).map { t in
                s = tanh(U.dot(lab.oneHotInput(t)) + W.dot(s))
                let e = V.dot(s).storage.map { Double.exp($0) }
                return Vector(e.map { $0 / e.reduce(0, +) })
            }
        }()
        checkpoints.append(Checkpoint(
            "000.18", .seed000, statement: .inlineEquation, location: "the sentence before the model (为了计算的方便 …)",
            printed: "the output o_{t−1} of time step t is written ŷ (ŷ_t = o_{t−1})",
            source: #"每一个时间戳 $t$ 的输出$o_{t-1}$记作 $\hat{y}$"#,
            comparedWith: "ŷ_t of the package's forward pass for t = 1 … T−1, against o, the outputs softmax(V s_t) of the code's forward_propagation",
            aggregation: "‖·‖ over ŷ_1 … ŷ_{T−1} together",
            explanation: "The output at time step t is o_t, as the unfolded figure and the code (`o[t]`, `delta_o[t]` paired with `s[t]`) have it; o_{t−1} is the previous step's output. Fix: “时间戳 t 的输出 o_t 记作 ŷ_t”.",
            readings: [
                Reading(.asPrinted, "ŷ_t is o_{t−1}, the output one step earlier",
                        compare(concatenated(Array(o[0..<(T - 1)])), concatenated(Array(trace.yHat[1...])))),
                Reading(.typoFix, "the output of the same step", formula: "ŷ_t = o_t",
                        compare(concatenated(Array(o[1...])), concatenated(Array(trace.yHat[1...])))),
            ]))

        // MARK: Forward pass and loss

        checkpoints.append(Checkpoint(
            "000.1", .seed000, location: "对于每一个时间戳的操作如下",
            printed: "s_t = tanh(U x_t + W s_{t−1})",
            source: #"s_t &= \tanh(Ux_t + Ws_{t-1})"#,
            comparedWith: "the states of the package's forward pass, s_{−1} = 0",
            aggregation: "‖·‖ over the states s_0 … s_{T−1} together",
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
            aggregation: "‖·‖ over the outputs ŷ_0 … ŷ_{T−1} together",
            readings: [Reading(.asPrinted, "softmax(z)_k = e^{z_k} / Σ_j e^{z_j}, computed without a shift", compare(concatenated(o), concatenated(trace.yHat)))]))

        checkpoints.append(Checkpoint(
            "000.3", .seed000, location: "相应的损失函数用交叉熵来定义",
            printed: "E_t(y_t, ŷ_t) = −y_t log ŷ_t;  E(y, ŷ) = Σ_t E_t(y_t, ŷ_t) = −Σ_t y_t log ŷ_t",
            source: #"E_t(y_t, \hat{y}_t) &= - y_{t} \log \hat{y}_{t} \\ E(y, \hat{y}) &=\sum\limits_{t} E_t(y_t,\hat{y}_t) \\ & = -\sum\limits_{t} y_{t} \log \hat{y}_{t}"#,
            comparedWith: "E_t = logsumexp(V s_t) − (V s_t)[y_t], each t, and their sum",
            aggregation: "‖·‖ over (E_0, …, E_{T−1}, E) together",
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
            aggregation: "‖·‖ over the K×H matrix",
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
            aggregation: "‖·‖ over the K entries",
            readings: [Reading(.asPrinted, "softmax followed by cross-entropy", compare(residual3, lab.dE(3, wrt: .logits, at: 3)))]))

        var crossProduct = Checkpoint(
            "000.6", .seed000, location: "## 对于 V 的梯度计算: the sentence after the equation (符号⊗ …)",
            printed: "∂E_3/∂V = (ŷ_3 − y_3) ⊗ s_3, “⊗ 是向量叉乘符号” (⊗ the cross product)",
            source: #"&=(\hat{y}_3 - y_3) \otimes s_3 \\ ... 符号$\otimes$ 是向量叉乘符号"#,
            comparedWith: "the complex-step derivative of E_3 with respect to V",
            aggregation: "‖·‖ over the K×H matrix",
            explanation: "The formula holds with ⊗ the outer product. The text calls ⊗ “向量叉乘”, the cross product, which is defined for two 3-vectors only and gives a vector, not a K×H matrix. Fix: “⊗ 是向量外积 (outer product)”, as [S002] and [S003] say.",
            readings: [
                Reading(.reading, "⊗ the outer product (ŷ_3 − y_3) s_3ᵀ", compare(outer(residual3, trace.s[3]), dE3dV)),
                Reading(.reading, "⊗ the cross product, as the text names it (向量叉乘)",
                        .notComparable("a cross product takes two 3-vectors and gives a 3-vector; ŷ_3 − y_3 has K entries, s_3 has H, and ∂E_3/∂V is a K×H matrix")),
            ])
        crossProduct.downstream = [.unused("⊗", because: "no later statement uses ⊗; the code's np.outer (000.11) is the outer product")]
        checkpoints.append(crossProduct)

        // MARK: The worked example: ∂E_3/∂W

        let dE3dW = lab.dE(3, wrt: .W)
        // ∂E_3/∂ŷ_3 · ∂ŷ_3/∂s_3, a row vector over s_3, from the two numerical factors.
        let dE3ds3 = lab.dOutput(3).T.dot(lab.dEdYHat(3))
        let oneTermTotal = compare(lab.dState(3, wrt: .W, immediate: false).T.dot(dE3ds3).storage, dE3dW.storage)
        let oneTermImmediate = compare(lab.dState(3, wrt: .W, immediate: true).T.dot(dE3ds3).storage, dE3dW.storage)

        /// Σ_{k=0}^{t} ∂E_3/∂s_3 · ∂s_3/∂s_k · ∂s_k/∂W over k in `steps`.
        func sumOverK(_ t: Int, _ steps: ClosedRange<Int>, immediate: Bool) -> [Double] {
            var sum = [Double](repeating: 0, count: H * H)
            for k in steps {
                let chain = lab.dState(t, wrtState: k).T.dot(dE3ds3)  // ∂E_3/∂s_k
                let term = lab.dState(k, wrt: .W, immediate: immediate).T.dot(chain).storage
                for i in sum.indices { sum[i] += term[i] }
            }
            return sum
        }
        let sumImmediate = compare(sumOverK(3, 0...3, immediate: true), dE3dW.storage)
        let sumTotal = compare(sumOverK(3, 0...3, immediate: false), dE3dW.storage)
        /// Term k of the sum against ∂E_3/∂W through step k alone, every k.
        func terms(immediate: Bool) -> ReadingOutcome {
            worst((0...3).map { k in
                let chain = lab.dState(3, wrtState: k).T.dot(dE3ds3)
                return compare(lab.dState(k, wrt: .W, immediate: immediate).T.dot(chain).storage, lab.dE(3, wrt: .W, onlyAtStep: k).storage)
            })
        }
        let termsImmediate = terms(immediate: true)
        let termsTotal = terms(immediate: false)

        var oneTerm = Checkpoint(
            "000.7", .seed000, location: "##对于W, U的梯度计算",
            printed: "∂E_3/∂W = ∂E_3/∂ŷ_3 · ∂ŷ_3/∂s_3 · ∂s_3/∂W",
            source: #"\frac{\partial E_3}{\partial W} &= \frac{\partial E_3}{\partial \hat{y}_3}\frac{\partial\hat{y}_3}{\partial s_3}\frac{\partial s_3}{\partial W}"#,
            comparedWith: "the complex-step derivative of E_3 with respect to W",
            aggregation: "‖·‖ over the H×H matrix",
            explanation: "The one-term chain holds only with ∂s_3/∂W the total derivative (through s_2, s_1, s_0 as well). Two lines later the sum over k (000.8) holds only with ∂s_k/∂W the immediate partial (s_{k−1} held fixed): one symbol, two meanings. Fix: write the immediate partial differently (∂⁺s_k/∂W, “s_{k−1} held fixed”) and keep ∂s_3/∂W for the total derivative, or drop the one-term line.",
            readings: [
                Reading(.reading, "∂s_3/∂W total: through s_2, s_1, s_0 as well", oneTermTotal),
                Reading(.reading, "∂s_3/∂W immediate: s_2 held fixed", oneTermImmediate),
            ])
        oneTerm.downstream = [Downstream(
            "∂s_k/∂W", printed: "∂s_k/∂W the total derivative, the meaning under which 000.7 holds",
            corrected: "∂s_k/∂W the immediate partial (s_{k−1} held fixed)",
            effects: [DownstreamEffect("000.8", printed: sumTotal, corrected: sumImmediate),
                      DownstreamEffect("000.9", printed: termsTotal, corrected: termsImmediate)])]
        checkpoints.append(oneTerm)

        var sum = Checkpoint(
            "000.8", .seed000, location: "##对于W, U的梯度计算: the chain through every step",
            printed: "∂E_3/∂W = Σ_{k=0}^{3} ∂E_3/∂ŷ_3 · ∂ŷ_3/∂s_3 · ∂s_3/∂s_k · ∂s_k/∂W",
            source: #"\frac{\partial E_3}{\partial W} &= \sum\limits_{k=0}^{3} \frac{\partial E_3}{\partial \hat{y}_3}\frac{\partial\hat{y}_3}{\partial s_3}\frac{\partial s_3}{\partial s_k}\frac{\partial s_k}{\partial W}"#,
            comparedWith: "the complex-step derivative of E_3 with respect to W",
            aggregation: "‖·‖ over the H×H matrix",
            explanation: "The sum holds only with ∂s_k/∂W the immediate partial (s_{k−1} held fixed). The line before (000.7) needs ∂s_3/∂W to be the total derivative, so a reader who keeps that meaning counts every earlier step again. See 000.7 for the fix.",
            readings: [
                Reading(.reading, "∂s_k/∂W immediate: s_{k−1} held fixed", sumImmediate),
                Reading(.reading, "∂s_k/∂W total: through every earlier state", sumTotal),
            ])
        sum.downstream = [Downstream(
            "∂s_k/∂W", printed: "∂s_k/∂W the total derivative, as in 000.7", corrected: "∂s_k/∂W the immediate partial",
            effects: [DownstreamEffect("000.9", printed: termsTotal, corrected: termsImmediate)])]
        checkpoints.append(sum)

        checkpoints.append(Checkpoint(
            "000.9", .seed000, location: "##对于W, U的梯度计算: the terms of the sum",
            printed: "term k of Σ_{k=0}^{3} (∂s_k/∂W immediate) = ∂E_3/∂W_k, the derivative through step k alone",
            source: #"\frac{\partial E_3}{\partial \hat{y}_3}\frac{\partial\hat{y}_3}{\partial s_3}\frac{\partial s_3}{\partial s_k}\frac{\partial s_k}{\partial W}"#,
            comparedWith: "for k = 0…3, the complex-step derivative of E_3 with respect to the copy of W that step k uses (weights untied in time)",
            aggregation: "worst over k = 0…3 of ‖·‖ over the H×H term",
            readings: [Reading(.asPrinted, "each term is the contribution of step k", termsImmediate)]))

        checkpoints.append(Checkpoint(
            "000.19", .seed000, statement: .naming, location: "after the chain through every step (所以在计算E3对于Ｗ的导数时 …)",
            printed: "to differentiate E_3 with respect to W one must go back to E_0 (“需要一致求导到Ｅ0”)",
            source: "需要一致求导到Ｅ0",
            comparedWith: "the complex-step derivative of E_3 with respect to W, against the chain over the quantities the sentence names",
            aggregation: "‖·‖ over the H×H matrix",
            explanation: "The chain of ∂E_3/∂W runs through the states s_3, s_2, s_1, s_0 (the sum of 000.8), not to E_0, the loss at step 0, which E_3 does not involve. (For W the k = 0 term is zero, since s_{−1} = 0.) Also “一致” is a slip for “一直” (all the way). Fix: “需要一直求导到 s_0”.",
            readings: [
                Reading(.asPrinted, "back to E_0, the loss at step 0",
                        .notComparable("E_3 does not depend on E_0; E_0 is not on the path from W to E_3")),
                Reading(.typoFix, "back to s_0: the sum over the states s_3 … s_0", formula: "需要一直求导到 s_0: Σ_{k=0}^{3}",
                        sumImmediate),
            ]))

        // MARK: The numpy bptt, line by line

        var deltaO = trace.yHat
        for t in 0..<T { deltaO[t][lab.y[t]] -= 1 }
        checkpoints.append(Checkpoint(
            "000.10", .seed000, statement: .code, location: "BBTP代码实例: delta_o",
            printed: "delta_o = o;  delta_o[np.arange(len(y)), y] -= 1.   (ŷ_t − y_t = ∂E_t/∂(V s_t))",
            source: "delta_o = o\ndelta_o[np.arange(len(y)), y] -= 1.",
            comparedWith: "for every t, the complex-step derivative of E_t with respect to V s_t",
            aggregation: "‖·‖ over delta_o, every t together",
            readings: [Reading(.asPrinted, "o holds ŷ_t, y the target ids", compare(concatenated(deltaO), concatenated((0..<T).map { lab.dE($0, wrt: .logits, at: $0) })))]))

        var dLdV = Matrix<Double>.zeros(K, H)
        for t in 0..<T { dLdV += outer(deltaO[t], trace.s[t]) }
        checkpoints.append(Checkpoint(
            "000.11", .seed000, statement: .code, location: "BBTP代码实例: dLdV",
            printed: "dLdV += np.outer(delta_o[t], s[t].T)   (summed over t: ∂E/∂V)",
            source: "dLdV += np.outer(delta_o[t], s[t].T)",
            comparedWith: "the complex-step derivative of E with respect to V",
            aggregation: "‖·‖ over the K×H gradient",
            readings: [Reading(.asPrinted, "accumulated over every output t", compare(dLdV, lab.dE(nil, wrt: .V)))]))

        let initialDeltas = (0..<T).map { t in V.T.dot(deltaO[t]) .* (1 - (trace.s[t] ** 2)) }
        // The recursion of the inner loop, for every output t and step k: δ_k^(t) = ∂E_t/∂z_k.
        var deltas: [[Vector<Double>]] = []  // deltas[t][k]
        for t in 0..<T {
            var row = Array(repeating: Vector<Double>.zeros(H), count: t + 1)
            row[t] = initialDeltas[t]
            for k in stride(from: t, to: 0, by: -1) { row[k - 1] = W.T.dot(row[k]) .* (1 - trace.s[k - 1] ** 2) }
            deltas.append(row)
        }
        let recursion = worst((0..<T).flatMap { t in (0..<t).map { k in compare(deltas[t][k], lab.dE(t, wrt: .preActivation, at: k)) } })
        let dLdWTerms = worst((0..<T).flatMap { t in
            (0...t).map { k in compare(outer(deltas[t][k], trace.s[k - 1]), lab.dE(t, wrt: .W, onlyAtStep: k)) }
        })
        let dLdUTerms = worst((0..<T).flatMap { t in
            (0...t).map { k -> ReadingOutcome in
                var term = Matrix<Double>.zeros(H, K)
                term[column: lab.x[k]] += deltas[t][k]
                return compare(term, lab.dE(t, wrt: .U, onlyAtStep: k))
            }
        })

        var initialDelta = Checkpoint(
            "000.12", .seed000, statement: .codeComment, location: "BBTP代码实例: “# Initial delta calculation: dL/dz”",
            printed: "delta_t = self.V.T.dot(delta_o[t]) * (1 - (s[t] ** 2))   (dL/dz)",
            source: "# Initial delta calculation: dL/dz\ndelta_t = self.V.T.dot(delta_o[t]) * (1 - (s[t] ** 2))",
            comparedWith: "for every t, the complex-step derivative of E_t with respect to z (the reading's z) at step t",
            aggregation: "‖·‖ over delta_t, every t together",
            explanation: "The text names z_3 = V s_3, the output pre-activation; the comment's z is the hidden pre-activation U x_t + W s_{t−1}. Read with the text's z, delta_t cannot even be compared (H entries against K). Fix: name the hidden pre-activation differently ([S002] calls it s_t, [S001] net_j).",
            readings: [
                Reading(.reading, "z the hidden pre-activation U x_t + W s_{t−1}",
                        compare(concatenated(initialDeltas), concatenated((0..<T).map { lab.dE($0, wrt: .preActivation, at: $0) }))),
                Reading(.reading, "z = V s_t, the output pre-activation the text calls z_3",
                        .notComparable("delta_t has H entries, ∂E_t/∂(V s_t) has K (K ≠ H)")),
            ])
        let deltaOShape = ReadingOutcome.notComparable("delta_o[t] has K entries where the code needs H (self.W.T.dot, np.outer with s, a column of U)")
        initialDelta.downstream = [Downstream(
            "delta_t", printed: "delta_t = dL/d(V s_t) = delta_o[t], z as the text defines it", corrected: "delta_t = ∂E_t/∂z_t, z the hidden pre-activation",
            effects: [DownstreamEffect("000.13", printed: deltaOShape, corrected: recursion),
                      DownstreamEffect("000.14", printed: deltaOShape, corrected: dLdWTerms),
                      DownstreamEffect("000.15", printed: deltaOShape, corrected: dLdUTerms)])]
        checkpoints.append(initialDelta)

        // The comment "for at most self.bptt_truncate steps", on the code's truncated gradient.
        let tau = 2
        var truncatedRNN = lab.rnn
        truncatedRNN.bpttTruncate = tau
        let truncated = truncatedRNN.bptt(lab.x, lab.y)
        func all(_ g: Wildml.Gradients) -> [Double] { g.dLdU.storage + g.dLdV.storage + g.dLdW.storage }
        func truncatedObjective(_ depth: Int) -> [Double] { [WildmlLab.Block.U, .V, .W].flatMap { lab.truncatedGradient($0, tau: depth).storage } }
        var truncationComment = Checkpoint(
            "000.20", .seed000, statement: .codeComment, location: "BBTP代码实例: “# Backpropagation through time (for at most self.bptt_truncate steps)”",
            printed: "the inner loop backpropagates for at most bptt_truncate steps",
            source: "# Backpropagation through time (for at most self.bptt_truncate steps)\nfor bptt_step in np.arange(max(0, t-self.bptt_truncate), t+1)[::-1]:",
            comparedWith: "the gradients bptt returns with bptt_truncate = \(tau), against the gradient of the objective truncated at the reading's reach (Σ_t Σ_k ∂E_t/∂θ_k by complex step)",
            aggregation: "‖·‖ over the three gradients [dLdU, dLdV, dLdW] together",
            explanation: "np.arange(max(0, t − bptt_truncate), t + 1) runs bptt_truncate + 1 times: step t itself and bptt_truncate steps before it. Read as “at most bptt_truncate iterations”, the comment describes a different gradient. Fix: “(back to at most bptt_truncate steps before t)”.",
            readings: [
                Reading(.reading, "at most bptt_truncate iterations of the inner loop: output t reaches steps t−\(tau - 1) … t",
                        compare(all(truncated), truncatedObjective(tau - 1))),
                Reading(.reading, "bptt_truncate steps back beyond t itself: output t reaches steps t−\(tau) … t",
                        compare(all(truncated), truncatedObjective(tau))),
            ])
        truncationComment.downstream = [.unused("bptt_truncate", because: "a comment: the code's numbers do not depend on it (000.17 checks what the loop returns)")]
        checkpoints.append(truncationComment)

        checkpoints.append(Checkpoint(
            "000.13", .seed000, statement: .code, location: "BBTP代码实例: the delta update",
            printed: "delta_t = self.W.T.dot(delta_t) * (1 - s[bptt_step-1] ** 2)",
            source: "delta_t = self.W.T.dot(delta_t) * (1 - s[bptt_step-1] ** 2)",
            comparedWith: "for every output t and step k < t, the complex-step derivative of E_t with respect to the hidden pre-activation z_k",
            aggregation: "worst over every output t and step k < t of ‖·‖ over the H entries",
            readings: [Reading(.asPrinted, "the delta of output t moved from step k to step k−1", recursion)]))

        checkpoints.append(Checkpoint(
            "000.21", .seed000, statement: .codeComment, location: "BBTP代码实例: “# Update delta for next step dL/dz at t-1”",
            printed: "after each update, delta_t is dL/dz at t−1",
            source: "# Update delta for next step dL/dz at t-1",
            comparedWith: "for every output t and every update (bptt_step = t … 1), the complex-step derivative of E_t with respect to the hidden pre-activation at the reading's step",
            aggregation: "worst over every output t and update of ‖·‖ over the H entries",
            explanation: "t is the output of the outer loop; the inner loop moves delta_t to bptt_step − 1 at every update, and the comment is right only for the first one (bptt_step = t). The variable's name delta_t says the same wrong thing. Fix: “dL/dz at bptt_step-1”.",
            readings: [
                Reading(.asPrinted, "at t−1, t the output of the outer loop", worst((1..<T).flatMap { t in
                    (1...t).map { b in compare(deltas[t][b - 1], lab.dE(t, wrt: .preActivation, at: t - 1)) }
                })),
                Reading(.typoFix, "at bptt_step − 1, the step the update moves to", formula: "# Update delta for next step dL/dz at bptt_step-1",
                        worst((1..<T).flatMap { t in (1...t).map { b in compare(deltas[t][b - 1], lab.dE(t, wrt: .preActivation, at: b - 1)) } })),
            ]))

        checkpoints.append(Checkpoint(
            "000.14", .seed000, statement: .code, location: "BBTP代码实例: “# Add to gradients at each previous step”",
            printed: "dLdW += np.outer(delta_t, s[bptt_step-1])",
            source: "dLdW += np.outer(delta_t, s[bptt_step-1])",
            comparedWith: "for every output t and step k ≤ t, the complex-step derivative of E_t with respect to the copy of W step k uses (weights untied in time)",
            aggregation: "worst over every output t and step k ≤ t of ‖·‖ over the H×H term",
            readings: [Reading(.asPrinted, "the term of step k", dLdWTerms)]))

        checkpoints.append(Checkpoint(
            "000.15", .seed000, statement: .code, location: "BBTP代码实例: dLdU",
            printed: "dLdU[:,x[bptt_step]] += delta_t",
            source: "dLdU[:,x[bptt_step]] += delta_t",
            comparedWith: "for every output t and step k ≤ t, the complex-step derivative of E_t with respect to the copy of U step k uses",
            aggregation: "worst over every output t and step k ≤ t of ‖·‖ over the H×K term",
            readings: [Reading(.asPrinted, "x_k one-hot: only column x_k of U gets the term", dLdUTerms)]))

        /// dLdW from the loop, with `previousOfFirst` as what `s[bptt_step-1]` reads at bptt_step = 0.
        func dLdW(previousOfFirst: Vector<Double>) -> Matrix<Double> {
            var sum = Matrix<Double>.zeros(H, H)
            for t in 0..<T {
                for k in 0...t { sum += outer(deltas[t][k], k == 0 ? previousOfFirst : trace.s[k - 1]) }
            }
            return sum
        }
        let dEdW = lab.dE(nil, wrt: .W)
        var fullRNN = lab.rnn
        fullRNN.bpttTruncate = T - 1
        let full = fullRNN.bptt(lab.x, lab.y)
        let exact = [lab.dE(nil, wrt: .U), lab.dE(nil, wrt: .V), dEdW].flatMap(\.storage)
        var lastRow = Checkpoint(
            "000.16", .seed000, statement: .code, location: "BBTP代码实例: s[bptt_step-1] at bptt_step = 0",
            printed: "s[bptt_step-1] with bptt_step = 0 reads s[-1]",
            source: "dLdW += np.outer(delta_t, s[bptt_step-1])",
            comparedWith: "the complex-step derivative of E with respect to W",
            aggregation: "‖·‖ over the H×H gradient",
            explanation: "At bptt_step = 0 the code reads s[-1]. In the WildML tutorial's forward_propagation, s has T+1 rows and s[-1] is an extra row of zeros (s_{−1} = 0); [S000] does not show that function. With the natural T-row array, s[-1] is the last state s_{T−1}. Fix: say so beside the code, or store the initial state explicitly.",
            readings: [
                Reading(.reading, "s has T+1 rows and s[-1] is the extra zero row, s_{−1} = 0 (the tutorial's forward_propagation)",
                        compare(dLdW(previousOfFirst: .zeros(H)), dEdW)),
                Reading(.reading, "s has T rows, so s[-1] is s_{T−1}, the last state",
                        compare(dLdW(previousOfFirst: trace.s[T - 1]), dEdW)),
            ])
        let returnedZeroRow = compare(all(full), exact)
        let returnedLastState = compare(full.dLdU.storage + full.dLdV.storage + dLdW(previousOfFirst: trace.s[T - 1]).storage, exact)
        lastRow.downstream = [Downstream(
            "s[-1]", printed: "s[-1] = s_{T−1}, the last row of a T-row state array", corrected: "s[-1] = s_{−1} = 0, the extra row",
            effects: [DownstreamEffect("000.17", printed: returnedLastState, corrected: returnedZeroRow)])]
        checkpoints.append(lastRow)

        var returned = Checkpoint(
            "000.17", .seed000, statement: .code, location: "BBTP代码实例: return [dLdU, dLdV, dLdW]",
            printed: "bptt(x, y) returns [dLdU, dLdV, dLdW] = [∂E/∂U, ∂E/∂V, ∂E/∂W]",
            source: "for bptt_step in np.arange(max(0, t-self.bptt_truncate), t+1)[::-1]:\n...\nreturn [dLdU, dLdV, dLdW]",
            comparedWith: "the complex-step derivatives of E (or of the truncated objective Σ_t Σ_{k≥t−τ} ∂E_t/∂θ_k)",
            aggregation: "‖·‖ over the three gradients [dLdU, dLdV, dLdW] together",
            explanation: "The text says the chain goes all the way back (000.19); the code stops at max(0, t − bptt_truncate). bptt returns the gradient of E only when bptt_truncate ≥ T − 1. Otherwise it returns, exactly, the gradient of the truncated objective: a different objective, not a bug. Fix: state that bptt_truncate trades exactness for speed (the tutorial's default, 4, truncates any sentence longer than five words).",
            readings: [
                Reading(.reading, "bptt_truncate ≥ T−1: the gradient of E", returnedZeroRow),
                Reading(.reading, "bptt_truncate = \(tau) < T−1: the gradient of E", compare(all(truncated), exact)),
                Reading(.reading, "bptt_truncate = \(tau): the gradient of the truncated objective (output t reaches steps t−\(tau)…t)",
                        compare(all(truncated), truncatedObjective(tau))),
            ])
        returned.downstream = [.unused("the gradients bptt returns", because: "the document ends with the function; nothing later uses what it returns")]
        checkpoints.append(returned)

        let uncomputable = [
            UncomputableFinding(
                "000.22", .seed000, statement: .misspelling, location: "the first paragraph", printed: "BBTT", severity: .typo,
                whyNotComputable: "a name", explanation: "The algorithm is BPTT (backpropagation through time); a student searching for “BBTT” finds nothing."),
            UncomputableFinding(
                "000.23", .seed000, statement: .misspelling, location: "the sentence before ## 对于 V 的梯度计算", printed: "分化的链式法则", severity: .typo,
                whyNotComputable: "a name",
                explanation: "“分化” (differentiation in the biological sense) for “微分”: the chain rule of differentiation is “微分的链式法则” (or just “链式法则”)."),
            UncomputableFinding(
                "000.24", .seed000, statement: .misspelling, location: "the heading of the code", printed: "BBTP代码实例", severity: .typo,
                whyNotComputable: "a name", explanation: "BPTT, as in 000.22, misspelled a second way."),
            UncomputableFinding(
                "000.25", .seed000, statement: .code, location: "the last line", printed: #"$\frac{7x+5}{1+y^3}$ … $sum \frac{1}{i^2}\quad\prod \frac{1}{i^2}$"#,
                severity: .typo, whyNotComputable: "unrelated to the model: no quantity of the RNN appears in it",
                explanation: "A line of LaTeX test fragments left at the end of the document (with “sum” missing its backslash). Delete it."),
        ]

        return DocumentCheck(document: .seed000, models: [(nil, lab.network(seed))], checkpoints: checkpoints, uncomputable: uncomputable)
    }
}
