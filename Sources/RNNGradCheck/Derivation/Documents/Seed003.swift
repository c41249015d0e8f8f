// [S003] 递归神经网络之BPTT (sevenold), notes/sources.md: the same U/V/W model as [S000] with S_t,
// net_3 = V·S_3, the example t = 3 for ΔV, ΔW and ΔU, and the updates.

enum Seed003 {
    static func check(seed: UInt64, size: NetworkSize) -> DocumentCheck {
        let lab = WildmlLab(size: size, seed: seed)
        let trace = lab.trace
        let (T, H, K) = (lab.T, lab.H, lab.K)
        let (U, V, W) = (lab.rnn.U, lab.rnn.V, lab.rnn.W)
        var checkpoints: [Checkpoint] = []

        var s = Vector<Double>.zeros(H)
        let states: [Vector<Double>] = (0..<T).map { t in
            s = tanh(U.dot(lab.oneHotInput(t)) + W.dot(s))
            return s
        }
        checkpoints.append(Checkpoint(
            "003.1", .seed003, location: "前向计算: INPUT LAYER --> HIDDEN LAYER",
            printed: "S_t = tanh(U·X_t + W·S_{t−1})",
            source: #"S_t=tanh(U \cdot X_t+W \cdot S_{t-1})"#,
            comparedWith: "the states of the package's forward pass, S_{−1} = 0",
            aggregation: "‖·‖ over the states S_0 … S_{T−1} together",
            readings: [Reading(.asPrinted, "X_t one-hot", compare(concatenated(states), concatenated(trace.s.steps)))]))

        let outputs = trace.s.steps.map { softmax(V.dot($0)) }
        /// E_t = −y_t · log ŷ_t with `target` standing for y_t.
        func loss(_ target: (Int) -> Vector<Double>) -> [Double] {
            (0..<T).map { t in -target(t).dot(Vector(trace.yHat[t].storage.map { Double.log($0) })) }
        }
        checkpoints.append(Checkpoint(
            "003.2", .seed003, statement: .symbolReuse, location: "前向计算: HIDDEN LAYER --> OUTPUT LAYER, with “y_t：是t时刻的正确值”",
            printed: "y_t = softmax(V·S_t)",
            source: #"y_t = softmax(V \cdot S_t)"#,
            comparedWith: "the document's y_t, the target (“t时刻的正确值”, one-hot), and its ŷ_t, the prediction",
            aggregation: "‖·‖ over every t together",
            explanation: "[S003] defines y_t as the target (“t时刻的正确值”) and ŷ_t as the prediction, and its loss uses both; the forward pass writes the prediction as y_t. Fix: ŷ_t = softmax(V·S_t).",
            readings: [
                Reading(.asPrinted, "y_t the target, as the document defines it",
                        compare(concatenated(outputs), concatenated((0..<T).map(lab.oneHotTarget)))),
                Reading(.typoFix, "the prediction ŷ_t", formula: "ŷ_t = softmax(V·S_t)",
                        compare(concatenated(outputs), concatenated(trace.yHat))),
            ]))

        let perStep = loss(lab.oneHotTarget)
        checkpoints.append(Checkpoint(
            "003.3", .seed003, location: "损失函数",
            printed: "E_t(y_t, ŷ_t) = −y_t·log ŷ_t",
            source: #"E_t(y_t,\widehat y_t) = -y_t \cdot log\widehat y_t"#,
            comparedWith: "E_t = logsumexp(V S_t) − (V S_t)[y_t], each t",
            aggregation: "‖·‖ over (E_0, …, E_{T−1})",
            readings: [Reading(.asPrinted, "y_t one-hot, · the inner product", compare(perStep, trace.E))]))

        checkpoints.append(Checkpoint(
            "003.10", .seed003, statement: .indexBinding, location: "损失函数",
            printed: "E(y_t, ŷ_t) = −Σ_t y_t·log ŷ_t",
            source: #"E(y_t,\widehat y_t) = -\sum_t y_t \cdot log\widehat y_t"#,
            comparedWith: "E = Σ_t E_t of the package's forward pass, and each E_t",
            aggregation: "‖·‖ over every t (as printed) or one number (repaired)",
            explanation: "t is bound by the sum on the right and free on the left: E(y_t, ŷ_t) reads as a loss of step t, which the sum is not. Fix: E(y, ŷ) = −Σ_t y_t·log ŷ_t, as [S000] writes it.",
            readings: [
                Reading(.asPrinted, "E(y_t, ŷ_t) a function of step t's target and prediction",
                        compare(Array(repeating: perStep.reduce(0, +), count: T), trace.E)),
                Reading(.typoFix, "the loss of the whole sequence", formula: "E(y, ŷ) = −Σ_t y_t·log ŷ_t",
                        compare(perStep.reduce(0, +), trace.E.reduce(0, +))),
            ]))

        let blocks: [WildmlLab.Block] = [.U, .W, .V]
        let dE = Dictionary(uniqueKeysWithValues: blocks.map { ($0, lab.dE(nil, wrt: $0)) })
        checkpoints.append(Checkpoint(
            "003.4", .seed003, location: "反向计算",
            printed: "ΔU = ∂E/∂U = Σ_t ∂E_t/∂U;  ΔW = ∂E/∂W = Σ_t ∂E_t/∂W;  ΔV = ∂E/∂V = Σ_t ∂E_t/∂V",
            source: #"\bigtriangleup U=\frac{ \partial E}{\partial U} = \sum_t \frac{\partial E_t}{\partial U}"#,
            comparedWith: "the complex-step derivatives of E with respect to U, W and V",
            aggregation: "worst over U, W, V of ‖·‖ over the matrix",
            readings: [Reading(.asPrinted, "the loss is summed over t, so its gradient is", worst(blocks.map { block in
                var sum = Matrix<Double>.zeros(lab.shape(block).rows, lab.shape(block).columns)
                for t in 0..<T { sum += lab.dE(t, wrt: block) }
                return compare(sum, dE[block]!)
            }))]))

        let residual3 = trace.yHat[3] - lab.oneHotTarget(3)
        let dE3dV = lab.dE(3, wrt: .V)
        checkpoints.append(Checkpoint(
            "003.5", .seed003, statement: .symbolReuse, location: "我们令t=3为栗子 (net_3 = V·S_3, ⊗是外积)",
            printed: "ΔV = ∂E_3/∂V = ∂E_3/∂ŷ_3 · ∂ŷ_3/∂net_3 · ∂net_3/∂V = (ŷ_3 − y_3) ⊗ S_3",
            source: #"\bigtriangleup V=\frac{ \partial E_3}{\partial V} = \frac{\partial E_3}{\partial \widehat y_3} \cdot \frac{\partial \widehat y_3}{\partial net_3} \cdot \frac{\partial net_3}{\partial V} = (\widehat y_3 - y_3) \otimes S_3"#,
            comparedWith: "the complex-step derivative of E_3 (or of E) with respect to V",
            aggregation: "‖·‖ over the K×H matrix",
            explanation: "ΔV has just been defined as ∂E/∂V = Σ_t ∂E_t/∂V (003.4); the example writes ΔV = ∂E_3/∂V. The right side is ∂E_3/∂V; taken as ∂E/∂V it is wrong, and 003.9 updates V with ΔV. Fix: write ∂E_3/∂V in the example, without ΔV.",
            readings: [
                Reading(.reading, "ΔV stands for the example's ∂E_3/∂V", compare(outer(residual3, trace.s[3]), dE3dV)),
                Reading(.reading, "ΔV is ∂E/∂V, as defined two lines above", compare(outer(residual3, trace.s[3]), dE[.V]!)),
            ]))

        let dE3dW = lab.dE(3, wrt: .W)
        let dE3dS3 = lab.dOutput(3).T.dot(lab.dEdYHat(3))
        checkpoints.append(Checkpoint(
            "003.6", .seed003, location: "我们令t=3为栗子",
            printed: "ΔW = ∂E_3/∂W = ∂E_3/∂ŷ_3 · ∂ŷ_3/∂S_3 · ∂S_3/∂W",
            source: #"\bigtriangleup W=\frac{ \partial E_3}{\partial W} = \frac{\partial E_3}{\partial \widehat y_3} \cdot \frac{\partial \widehat y_3}{\partial S_3} \cdot \frac{\partial S_3}{\partial W}"#,
            comparedWith: "the complex-step derivative of E_3 with respect to W",
            aggregation: "‖·‖ over the H×H matrix",
            explanation: "As in [S000] (000.7): the one-term chain holds only with ∂S_3/∂W the total derivative, while the sum over k two lines later (003.7) needs the immediate partial. Fix: write the immediate partial differently.",
            readings: [
                Reading(.reading, "∂S_3/∂W total: through S_2, S_1, S_0 as well",
                        compare(lab.dState(3, wrt: .W, immediate: false).T.dot(dE3dS3).storage, dE3dW.storage)),
                Reading(.reading, "∂S_3/∂W immediate: S_2 held fixed",
                        compare(lab.dState(3, wrt: .W, immediate: true).T.dot(dE3dS3).storage, dE3dW.storage)),
            ]))

        checkpoints.append(Checkpoint(
            "003.11", .seed003, statement: .indexBinding, location: "我们令t=3为栗子: “因为”",
            printed: "S_3 = tanh(U·X_t + W·S_2)",
            source: #"S_3 = tanh(U \cdot X_t+W \cdot S_2)"#,
            comparedWith: "S_3 of the package's forward pass",
            aggregation: "‖·‖ over the H entries",
            explanation: "An equation about step 3 with the input X_t: t is free (copied from the general forward pass). Fix: S_3 = tanh(U·X_3 + W·S_2).",
            readings: [
                Reading(.asPrinted, "X_t with t free", .notComparable("t is not bound in an equation about step 3")),
                Reading(.typoFix, "the input of step 3", formula: "S_3 = tanh(U·X_3 + W·S_2)",
                        compare(tanh(U.dot(lab.oneHotInput(3)) + W.dot(trace.s[2])), trace.s[3])),
            ]))

        /// Σ_{k=0}^{3} ∂E_3/∂ŷ_3 · ∂ŷ_3/∂S_3 · ∂S_3/∂S_k · ∂S_k/∂net_k · ∂net_k/∂(block), net_k the
        /// hidden pre-activation, every factor a numerical Jacobian.
        func sumOverK(_ block: WildmlLab.Block, immediate: Bool) -> [Double] {
            let (rows, columns) = lab.shape(block)
            var sum = [Double](repeating: 0, count: rows * columns)
            for k in 0...3 {
                let dE3dSk = lab.dState(3, wrtState: k).T.dot(dE3dS3)
                let dE3dNetk = lab.dStateWrtPreActivation(k).T.dot(dE3dSk)
                let term = lab.dPreActivation(k, wrt: block, immediate: immediate).T.dot(dE3dNetk).storage
                for i in sum.indices { sum[i] += term[i] }
            }
            return sum
        }
        let netUndefined = ReadingOutcome.notComparable("S_k does not depend on V·S_k, so ∂S_k/∂net_k is not defined")
        checkpoints.append(Checkpoint(
            "003.7", .seed003, statement: .symbolReuse, location: "我们令t=3为栗子: “W 在每一步中都有使用”",
            printed: "ΔW = ∂E_3/∂W = Σ_{k=0}^{3} ∂E_3/∂ŷ_3 · ∂ŷ_3/∂S_3 · ∂S_3/∂S_k · ∂S_k/∂net_k · ∂net_k/∂W",
            source: #"\bigtriangleup W=\frac{ \partial E_3}{\partial W} =\sum_{k=0}^3 \frac{\partial E_3}{\partial \widehat y_3} \cdot \frac{\partial \widehat y_3}{\partial S_3} \cdot \frac{\partial S_3}{\partial S_k} \cdot \frac{\partial S_k}{\partial net_k} \cdot \frac{\partial net_k}{\partial W}"#,
            comparedWith: "the complex-step derivative of E_3 with respect to W",
            aggregation: "‖·‖ over the H×H matrix",
            explanation: "Two readings are needed at once. net_3 = V·S_3 was just defined as the output pre-activation, but here ∂S_k/∂net_k needs net_k to be the hidden one, U·X_k + W·S_{k−1}: one symbol, two quantities. And ∂net_k/∂W must be the immediate partial (S_{k−1} held fixed), while the line before (003.6) needs the total derivative. Fix: name the hidden pre-activation differently, and write the immediate partial explicitly.",
            readings: [
                Reading(.reading, "net_k the hidden pre-activation U·X_k + W·S_{k−1}, ∂net_k/∂W immediate (S_{k−1} held fixed)",
                        compare(sumOverK(.W, immediate: true), dE3dW.storage)),
                Reading(.reading, "net_k the hidden pre-activation, ∂net_k/∂W total",
                        compare(sumOverK(.W, immediate: false), dE3dW.storage)),
                Reading(.reading, "net_k = V·S_k, like the net_3 = V·S_3 defined above", netUndefined),
            ]))

        checkpoints.append(Checkpoint(
            "003.8", .seed003, location: "我们令t=3为栗子: “U参数W参数的传递过程基本一致”",
            printed: "ΔU = ∂E_3/∂W = Σ_{k=0}^{3} ∂E_3/∂ŷ_3 · ∂ŷ_3/∂S_3 · ∂S_3/∂S_k · ∂S_k/∂net_k · ∂net_k/∂U",
            source: #"\bigtriangleup U=\frac{ \partial E_3}{\partial W} =\sum_{k=0}^3 \frac{\partial E_3}{\partial \widehat y_3} \cdot \frac{\partial \widehat y_3}{\partial S_3} \cdot \frac{\partial S_3}{\partial S_k} \cdot \frac{\partial S_k}{\partial net_k} \cdot \frac{\partial net_k}{\partial U}"#,
            comparedWith: "the complex-step derivative of E_3 with respect to W (as printed) or U",
            aggregation: "‖·‖ over the matrix",
            explanation: "The left side says ∂E_3/∂W; the chain after it ends in ∂net_k/∂U and is an H×K matrix, while ∂E_3/∂W is H×H. Fix: ΔU = ∂E_3/∂U.",
            readings: [
                Reading(.asPrinted, "the sum equals ∂E_3/∂W",
                        compare(Matrix(rows: H, columns: K, storage: sumOverK(.U, immediate: true)), dE3dW)),
                Reading(.typoFix, "the left side is ∂E_3/∂U", formula: "ΔU = ∂E_3/∂U = Σ_{k=0}^{3} … ∂net_k/∂U",
                        compare(sumOverK(.U, immediate: true), lab.dE(3, wrt: .U).storage)),
            ]))

        let gradient = lab.rnn.bptt(lab.x, lab.y)
        /// The update direction −ηΔ against −η∂E/∂θ (η = 1), and the rate at which E changes along
        /// it against −‖Δ‖².
        func rateAgainstNorm(_ steps: [WildmlLab.Block: Matrix<Double>]) -> ReadingOutcome {
            let step = WildmlLab.Block.allCases.flatMap { steps[$0]!.storage }
            let norm = step.reduce(0) { $0 + $1 * $1 }
            return worst([compare(step, WildmlLab.Block.allCases.flatMap { dE[$0]!.storage }), compare(-norm, lab.descentRate(steps))])
        }
        let update = rateAgainstNorm([.U: gradient.dLdU, .V: gradient.dLdV, .W: gradient.dLdW])
        checkpoints.append(Checkpoint(
            "003.9", .seed003, location: "参数更新 (η：学习率)",
            printed: "U_new = U_old − η ΔU;  V_new = V_old − η ΔV;  W_new = W_old − η ΔW",
            source: #"U_{new}=U_{old}-\eta \bigtriangleup U"#,
            comparedWith: "Δ (U, V and W together) against ∂E/∂θ by complex step, and the rate at which E changes along the update, d/dη E(θ − ηΔ) at η = 0, against −‖Δ‖²",
            aggregation: "worst of ‖·‖ over the whole update and the rate (one number)",
            readings: [Reading(.asPrinted, "Δ = ∂E/∂θ (003.4): a gradient-descent step", update)]))

        // MARK: Downstream

        checkpoints.attach(Downstream(
            "y_t", printed: "y_t = softmax(V·S_t), the prediction written where the target belongs", corrected: "y_t the one-hot target",
            effects: [DownstreamEffect("003.3", printed: compare(loss { outputs[$0] }, trace.E), corrected: checkpoints.outcome("003.3", 0)),
                      DownstreamEffect("003.5", printed: compare(outer(trace.yHat[3] - outputs[3], trace.s[3]), dE3dV),
                                       corrected: checkpoints.outcome("003.5", 0))]),
            to: "003.2")
        checkpoints.attach(Downstream(
            "ΔV", printed: "ΔV = ∂E_3/∂V, as the example writes it", corrected: "ΔV = ∂E/∂V (003.4)",
            effects: [DownstreamEffect("003.9", printed: rateAgainstNorm([.U: gradient.dLdU, .V: dE3dV, .W: gradient.dLdW]), corrected: update)]),
            to: "003.5")
        checkpoints.attach(Downstream(
            "∂S_k/∂W", printed: "∂S/∂W the total derivative, the meaning under which 003.6 holds", corrected: "the immediate partial",
            effects: [DownstreamEffect("003.7", printed: checkpoints.outcome("003.7", 1), corrected: checkpoints.outcome("003.7", 0))]),
            to: "003.6")
        checkpoints.attach(Downstream(
            "net_k", printed: "net_k = V·S_k, as net_3 = V·S_3 is defined", corrected: "net_k the hidden pre-activation U·X_k + W·S_{k−1}",
            effects: [DownstreamEffect("003.8", printed: netUndefined, corrected: checkpoints.outcome("003.8", 1))]),
            to: "003.7")

        let uncomputable = [
            UncomputableFinding(
                "003.12", .seed003, statement: .symbolReuse, location: "循环神经网络的训练算法: step 2",
                printed: "误差项E值", severity: .typo,
                whyNotComputable: "a name: the step describes the error term in words",
                explanation: "The error term (∂E/∂net, the derivative of the loss with respect to a neuron's weighted input) is named E, the letter of the loss itself. The usual symbol is δ. Fix: 误差项 δ."),
            UncomputableFinding(
                "003.13", .seed003, statement: .misspelling, location: "after ΔW's chain: “注意”",
                printed: "我们总结了W的每个时刻的渐变 … 不需要总结任何东西", severity: .typo,
                whyNotComputable: "words",
                explanation: "A word-for-word translation of “we sum up the gradients of W at each time step”: “总结” (summarise) for 求和 (sum up) and “渐变” (a colour gradient) for 梯度 (gradient). A student searching for 渐变 finds image processing."),
            UncomputableFinding(
                "003.14", .seed003, statement: .misspelling, location: "梯度消失和梯度爆炸: the third remedy",
                printed: "长短时记忆网络（LTSM）", severity: .typo,
                whyNotComputable: "a name", explanation: "The abbreviation is LSTM (long short-term memory)."),
        ]

        return DocumentCheck(
            document: .seed003, models: [(nil, "a random U/V/W network (K=\(K), H=\(H), T=\(T), seed \(seed))")],
            checkpoints: checkpoints, uncomputable: uncomputable)
    }
}
