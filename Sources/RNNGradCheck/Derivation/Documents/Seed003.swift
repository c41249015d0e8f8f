// Seed 003, "递归神经网络之BackPropagation Through Time": the same U/V/W model with S_t, net_3 = V·S_3,
// the example t = 3 for ΔV, ΔW and ΔU, and the updates.

enum Seed003 {
    static func check(seed: UInt64) -> DocumentCheck {
        let lab = WildmlLab(size: NetworkSize(vocabulary: 5, hidden: 3, steps: 5), seed: seed)
        let trace = lab.trace
        let (T, H, K) = (lab.T, lab.H, lab.K)
        let (U, V, W) = (lab.rnn.U, lab.rnn.V, lab.rnn.W)
        var checkpoints: [Checkpoint] = []

        checkpoints.append(Checkpoint(
            "003.1", .seed003, location: "前向计算: INPUT LAYER --> HIDDEN LAYER",
            printed: "S_t = tanh(U·X_t + W·S_{t−1})",
            source: #"S_t=tanh(U \cdot X_t+W \cdot S_{t-1})"#,
            comparedWith: "the states of the package's forward pass, S_{−1} = 0",
            readings: [Reading(.asPrinted, "X_t one-hot", {
                var s = Vector<Double>.zeros(H)
                var states: [Vector<Double>] = []
                for t in 0..<T {
                    s = tanh(U.dot(lab.oneHotInput(t)) + W.dot(s))
                    states.append(s)
                }
                return compare(concatenated(states), concatenated(trace.s.steps))
            }())]))

        let outputs = trace.s.steps.map { softmax(V.dot($0)) }
        checkpoints.append(Checkpoint(
            "003.2", .seed003, location: "前向计算: HIDDEN LAYER --> OUTPUT LAYER, with “y_t：是t时刻的正确值”",
            printed: "y_t = softmax(V·S_t)",
            source: #"y_t = softmax(V \cdot S_t)"#,
            comparedWith: "the document's y_t, the target (“t时刻的正确值”, one-hot), and its ŷ_t, the prediction",
            readings: [
                Reading(.asPrinted, "y_t the target, as the document defines it",
                        compare(concatenated(outputs), concatenated((0..<T).map(lab.oneHotTarget)))),
                Reading(.typoFix, "the prediction ŷ_t", formula: "ŷ_t = softmax(V·S_t)",
                        compare(concatenated(outputs), concatenated(trace.yHat))),
            ]))

        checkpoints.append(Checkpoint(
            "003.3", .seed003, location: "损失函数",
            printed: "E_t(y_t, ŷ_t) = −y_t·log ŷ_t;  E(y_t, ŷ_t) = −Σ_t y_t·log ŷ_t",
            source: #"E_t(y_t,\widehat y_t) = -y_t \cdot log\widehat y_t ... E(y_t,\widehat y_t) = -\sum_t y_t \cdot log\widehat y_t"#,
            comparedWith: "E_t = logsumexp(V S_t) − (V S_t)[y_t], each t, and their sum",
            readings: [Reading(.asPrinted, "y_t one-hot, · the inner product", {
                let Et = (0..<T).map { t in -lab.oneHotTarget(t).dot(Vector(trace.yHat[t].storage.map { Double.log($0) })) }
                return compare(Et + [Et.reduce(0, +)], trace.E + [trace.E.reduce(0, +)])
            }())]))

        let blocks: [WildmlLab.Block] = [.U, .W, .V]
        let dE = Dictionary(uniqueKeysWithValues: blocks.map { ($0, lab.dE(nil, wrt: $0)) })
        checkpoints.append(Checkpoint(
            "003.4", .seed003, location: "反向计算",
            printed: "ΔU = ∂E/∂U = Σ_t ∂E_t/∂U;  ΔW = ∂E/∂W = Σ_t ∂E_t/∂W;  ΔV = ∂E/∂V = Σ_t ∂E_t/∂V",
            source: #"\bigtriangleup U=\frac{ \partial E}{\partial U} = \sum_t \frac{\partial E_t}{\partial U}"#,
            comparedWith: "the complex-step derivatives of E with respect to U, W and V",
            readings: [Reading(.asPrinted, "the loss is summed over t, so its gradient is", worst(blocks.map { block in
                var sum = Matrix<Double>.zeros(lab.shape(block).rows, lab.shape(block).columns)
                for t in 0..<T { sum += lab.dE(t, wrt: block) }
                return compare(sum, dE[block]!)
            }))]))

        let residual3 = trace.yHat[3] - lab.oneHotTarget(3)
        let dE3dV = lab.dE(3, wrt: .V)
        checkpoints.append(Checkpoint(
            "003.5", .seed003, location: "我们令t=3为栗子 (net_3 = V·S_3, ⊗是外积)",
            printed: "ΔV = ∂E_3/∂V = ∂E_3/∂ŷ_3 · ∂ŷ_3/∂net_3 · ∂net_3/∂V = (ŷ_3 − y_3) ⊗ S_3",
            source: #"\bigtriangleup V=\frac{ \partial E_3}{\partial V} = \frac{\partial E_3}{\partial \widehat y_3} \cdot \frac{\partial \widehat y_3}{\partial net_3} \cdot \frac{\partial net_3}{\partial V} = (\widehat y_3 - y_3) \otimes S_3"#,
            comparedWith: "the complex-step derivative of E_3 (or of E) with respect to V",
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
            readings: [
                Reading(.reading, "∂S_3/∂W total: through S_2, S_1, S_0 as well",
                        compare(lab.dState(3, wrt: .W, immediate: false).T.dot(dE3dS3).storage, dE3dW.storage)),
                Reading(.reading, "∂S_3/∂W immediate: S_2 held fixed",
                        compare(lab.dState(3, wrt: .W, immediate: true).T.dot(dE3dS3).storage, dE3dW.storage)),
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
        checkpoints.append(Checkpoint(
            "003.7", .seed003, location: "我们令t=3为栗子: “W 在每一步中都有使用”",
            printed: "ΔW = ∂E_3/∂W = Σ_{k=0}^{3} ∂E_3/∂ŷ_3 · ∂ŷ_3/∂S_3 · ∂S_3/∂S_k · ∂S_k/∂net_k · ∂net_k/∂W",
            source: #"\bigtriangleup W=\frac{ \partial E_3}{\partial W} =\sum_{k=0}^3 \frac{\partial E_3}{\partial \widehat y_3} \cdot \frac{\partial \widehat y_3}{\partial S_3} \cdot \frac{\partial S_3}{\partial S_k} \cdot \frac{\partial S_k}{\partial net_k} \cdot \frac{\partial net_k}{\partial W}"#,
            comparedWith: "the complex-step derivative of E_3 with respect to W",
            readings: [
                Reading(.reading, "net_k the hidden pre-activation U·X_k + W·S_{k−1}, ∂net_k/∂W immediate (S_{k−1} held fixed)",
                        compare(sumOverK(.W, immediate: true), dE3dW.storage)),
                Reading(.reading, "net_k the hidden pre-activation, ∂net_k/∂W total",
                        compare(sumOverK(.W, immediate: false), dE3dW.storage)),
                Reading(.reading, "net_k = V·S_k, like the net_3 = V·S_3 defined above",
                        .notComparable("S_k does not depend on V·S_k, so ∂S_k/∂net_k is not defined")),
            ]))

        checkpoints.append(Checkpoint(
            "003.8", .seed003, location: "我们令t=3为栗子: “U参数W参数的传递过程基本一致”",
            printed: "ΔU = ∂E_3/∂W = Σ_{k=0}^{3} ∂E_3/∂ŷ_3 · ∂ŷ_3/∂S_3 · ∂S_3/∂S_k · ∂S_k/∂net_k · ∂net_k/∂U",
            source: #"\bigtriangleup U=\frac{ \partial E_3}{\partial W} =\sum_{k=0}^3 \frac{\partial E_3}{\partial \widehat y_3} \cdot \frac{\partial \widehat y_3}{\partial S_3} \cdot \frac{\partial S_3}{\partial S_k} \cdot \frac{\partial S_k}{\partial net_k} \cdot \frac{\partial net_k}{\partial U}"#,
            comparedWith: "the complex-step derivative of E_3 with respect to W (as printed) or U",
            readings: [
                Reading(.asPrinted, "the sum equals ∂E_3/∂W",
                        compare(Matrix(rows: H, columns: K, storage: sumOverK(.U, immediate: true)), dE3dW)),
                Reading(.typoFix, "the left side is ∂E_3/∂U", formula: "ΔU = ∂E_3/∂U = Σ_{k=0}^{3} … ∂net_k/∂U",
                        compare(sumOverK(.U, immediate: true), lab.dE(3, wrt: .U).storage)),
            ]))

        let gradient = lab.rnn.bptt(lab.x, lab.y)
        let norm = [gradient.dLdU, gradient.dLdV, gradient.dLdW].flatMap(\.storage).reduce(0) { $0 + $1 * $1 }
        checkpoints.append(Checkpoint(
            "003.9", .seed003, location: "参数更新 (η：学习率)",
            printed: "U_new = U_old − η ΔU;  V_new = V_old − η ΔV;  W_new = W_old − η ΔW",
            source: #"U_{new}=U_{old}-\eta \bigtriangleup U"#,
            comparedWith: "the rate at which E changes along the update: the complex-step derivative of E(θ − ηΔ) in η at η = 0, against −‖Δ‖²",
            readings: [Reading(.asPrinted, "Δ = ∂E/∂θ (003.4): a gradient-descent step",
                               compare(-norm, lab.descentRate([.U: gradient.dLdU, .V: gradient.dLdV, .W: gradient.dLdW])))]))

        return DocumentCheck(document: .seed003, network: "a random U/V/W network (K=\(K), H=\(H), T=\(T), seed \(seed))", checkpoints: checkpoints)
    }
}
