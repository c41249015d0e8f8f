// [S002] 反向传播 BP & BPTT (2018-05-23), part 2, "随时间反向传播BPTT" (§2.1–2.5), notes/sources.md:
// W_in/W_rec/W_out in denominator layout, the δ_k^(t) recursion and the document's sums and update
// rules. notes/denominator-layout.md numbers the same equations D1–D12.

enum Seed002Part2 {
    static func check(seed: UInt64, size: NetworkSize) -> DocumentCheck {
        let lab = DenominatorLab(size: size, seed: seed)
        let p = lab.parameters
        let (T, H, K) = (lab.T, lab.H, lab.K)
        var checkpoints: [Checkpoint] = []

        // MARK: §2.1: the forward system and the loss

        checkpoints.append(Checkpoint(
            "002-2.1", .seed002Part2, location: "§2.1 上述符号之间的关系",
            printed: "s_t = W_rec h_{t−1} + W_in x_t;  h_t = tanh(s_t);  z_t = W_out h_t;  ŷ_t = softmax(z_t)",
            source: #"s_t &= W_{rec} h_{t-1} + W_{in} x_t \\ h_t &= tanh(s_t) \\ z_t &= W_{out} h_t \\ \hat{y}_t &= softmax( z_t )"#,
            comparedWith: "the instrumented forward pass ([S000]'s model under W_in = U, W_rec = W, W_out = V), h_{−1} = 0",
            aggregation: "‖·‖ over every s_t, h_t, z_t and ŷ_t together",
            readings: [Reading(.asPrinted, "x_t one-hot (K×1), every product a matrix product", {
                var h = Vector<Double>.zeros(H)
                var values: [Vector<Double>] = []
                for t in 0..<T {
                    let s = p.WRec.dot(h) + p.WIn.dot(oneHot(lab.x[t], K))
                    h = tanh(s)
                    let z = p.WOut.dot(h)
                    values += [s, h, z, softmax(z)]
                }
                let reference = (0..<T).flatMap { t in [lab.s[t], lab.h[t], lab.z[t], lab.yHat[t]] }
                return compare(concatenated(values), concatenated(reference))
            }())]))

        checkpoints.append(Checkpoint(
            "002-2.2", .seed002Part2, location: "§2.1 上述符号之间的关系, and remark 3 (y_t one-hot: E_t = −log ŷ_{t,j})",
            printed: "E_t = −y_tᵀ log(ŷ_t);  E = Σ_t^T E_t;  E_t = −log(ŷ_{t,j}) when y_{t,j} = 1",
            source: #"E_t &= - y_t^T log( \hat{y}_t) \\ E &= \sum_t^T E_t ... E_t = - y_t^T log(\hat{y}_t) = -log(\hat{y}_{t,j})"#,
            comparedWith: "E_t = logsumexp(z_t) − z_t[y_t] of the forward pass, each t, and their sum",
            aggregation: "worst of the two forms, each ‖·‖ over (E_0, …, E_{T−1}, E)",
            readings: [Reading(.asPrinted, "y_t one-hot", {
                let Et = (0..<T).map { t in -oneHot(lab.y[t], K).dot(Vector(lab.yHat[t].storage.map { Double.log($0) })) }
                let picked = (0..<T).map { t in -Double.log(lab.yHat[t][lab.y[t]]) }
                return worst([compare(Et + [Et.reduce(0, +)], lab.E + [lab.E.reduce(0, +)]), compare(picked, lab.E)])
            }())]))

        checkpoints.append(Checkpoint(
            "002-2.3", .seed002Part2, location: "remark 4: “W_{in}x_t相当于把W_{in}的第j列选出来”",
            printed: "W_in x_t = W_in[:, j] when x_{t,j} = 1",
            source: #"则$W_{in}x_t$相当于把$W_{in}$的第$j$列选出来"#,
            comparedWith: "the matrix-vector product W_in x_t with a one-hot x_t, every t",
            aggregation: "‖·‖ over the T columns together",
            readings: [Reading(.asPrinted, "column selection", compare(
                concatenated((0..<T).map { p.WIn[column: lab.x[$0]] }), concatenated((0..<T).map { p.WIn.dot(oneHot(lab.x[$0], K)) })))]))

        checkpoints.append(Checkpoint(
            "002-2.4", .seed002Part2, location: "“注意到 ∂E/∂W_in = Σ_t ∂E_t/∂W_in”",
            printed: "∂E/∂W_in = Σ_t ∂E_t/∂W_in",
            source: #"\frac{\partial E}{\partial W_{in}} = \sum_t \frac{\partial E_t}{\partial W_{in}}"#,
            comparedWith: "the complex-step derivative of E with respect to W_in",
            aggregation: "‖·‖ over the H×K matrix",
            readings: [Reading(.asPrinted, "summed over the steps", {
                var sum = Matrix<Double>.zeros(H, K)
                for t in 0..<T { sum += lab.dE(t, wrt: .WIn) }
                return compare(sum, lab.dE(nil, wrt: .WIn))
            }())]))

        // MARK: §2.2: ∂E/∂W_out

        let dEtdWOut = (0..<T).map { lab.dE($0, wrt: .WOut) }
        checkpoints.append(Checkpoint(
            "002-2.5", .seed002Part2, location: "§2.2 计算 ∂E_t/∂W_out",
            printed: "∂E_t/∂W_out(i,j) = tr((∂E_t/∂z_t)ᵀ · ∂z_t/∂W_out(i,j)) = r_t^(i) h_t^(j)",
            source: #"\frac{\partial E_t}{\partial W_{out}(i,j)} &= tr \left( \left( \frac{\partial E_t}{\partial z_t} \right)^T \cdot \frac{\partial z_t}{\partial W_{out}(i,j)} \right) ... &= r_t^{(i)} h_t^{(j)}"#,
            comparedWith: "for every t, the complex-step derivative of E_t with respect to W_out",
            aggregation: "worst over t, and over the two forms, of ‖·‖ over the K×H matrix",
            readings: [Reading(.asPrinted, "the trace of a 1×1 product; both factors numerical", worst((0..<T).flatMap { t -> [ReadingOutcome] in
                let traceForm = lab.dZdWOut(t).T.dot(lab.dE(t, wrtZ: t)).storage
                return [compare(traceForm, dEtdWOut[t].storage), compare(outer(lab.r(t), lab.h[t]), dEtdWOut[t])]
            }))]))

        checkpoints.append(Checkpoint(
            "002-2.6", .seed002Part2, location: "§2.2 “上述结果可以改写为”",
            printed: "∂E_t/∂W_out = r_t ⊗ h_t",
            source: #"\frac{\partial E_t}{\partial W_{out}} = r_t \otimes h_t"#,
            comparedWith: "for every t, the complex-step derivative of E_t with respect to W_out",
            aggregation: "worst over t of ‖·‖ over the K×H matrix",
            readings: [Reading(.asPrinted, "⊗ the outer product (向量外积)", worst((0..<T).map { compare(outer(lab.r($0), lab.h[$0]), dEtdWOut[$0]) }))]))

        var sumROuterH = Matrix<Double>.zeros(K, H)
        for t in 0..<T { sumROuterH += outer(lab.r(t), lab.h[t]) }
        let dEdWOut = lab.dE(nil, wrt: .WOut)
        let oneTermTooMany = "a sentence x_1 … x_T has T residuals r_t; the (T+1)-th term of Σ_{t=0}^{T} is not defined"
        checkpoints.append(Checkpoint(
            "002-2.7", .seed002Part2, location: "§2.2",
            printed: "∂E/∂W_out = Σ_{t=0}^{T} r_t ⊗ h_t",
            source: #"\frac{\partial E}{\partial W_{out}} = \sum_{t=0}^T r_t\otimes h_t"#,
            comparedWith: "the complex-step derivative of E with respect to W_out",
            aggregation: "‖·‖ over the K×H matrix",
            explanation: "A sentence x_1 … x_T has T residuals r_t and T steps; Σ_{t=0}^{T} has T + 1 terms, the last of them undefined. The document mixes 1-based (x_1 … x_T) and 0-based (Σ_{k=0}^{t}, h_{−1} = 0) indices. Fix: Σ_{t=0}^{T−1} (or t = 1 … T throughout).",
            readings: [
                Reading(.asPrinted, "t = 0 … T: T+1 terms", .notComparable(oneTermTooMany)),
                Reading(.typoFix, "t over the T steps of the sentence", formula: "∂E/∂W_out = Σ_{t=0}^{T−1} r_t ⊗ h_t", compare(sumROuterH, dEdWOut)),
            ]))

        // MARK: §2.3: ∂E/∂W_rec and the δ recursion

        /// Σ_{k=0}^{t} ∂s_k/∂W_rec · ∂E_t/∂s_k, the contraction of each Jacobian with δ_k^(t).
        func chainSum(_ t: Int, _ block: DenominatorLab.Block, immediate: Bool) -> [Double] {
            var sum = [Double](repeating: 0, count: H * (block == .WIn ? K : H))
            for k in 0...t {
                let term = lab.dS(k, wrt: block, immediate: immediate).T.dot(lab.dE(t, wrtS: k)).storage
                for i in sum.indices { sum[i] += term[i] }
            }
            return sum
        }
        let dEtdWRec = (0..<T).map { lab.dE($0, wrt: .WRec) }
        checkpoints.append(Checkpoint(
            "002-2.8", .seed002Part2, location: "§2.3 “我们以s_k为中间变量，应用链式法则”, and its entry-wise form with the trace",
            printed: "∂E_t/∂W_rec = Σ_{k=0}^{t} ∂s_k/∂W_rec · ∂E_t/∂s_k;  ∂E_t/∂W_rec(i,j) = Σ_{k=0}^{t} tr[(δ_k^(t))ᵀ ∂s_k/∂W_rec(i,j)]",
            source: #"\frac{\partial E_t}{\partial W_{rec}} = \sum_{k=0}^t \frac{\partial s_k}{\partial W_{rec}} \frac{\partial E_t}{\partial s_k} ... = \sum_{k=0}^t  tr[(\delta_k^{(t)})^T\frac{\partial s_k}{\partial W_{rec}(i,j)}]"#,
            comparedWith: "for every t, the complex-step derivative of E_t with respect to W_rec",
            aggregation: "worst over t of ‖·‖ over the H×H matrix",
            explanation: "The chain holds only with ∂s_k/∂W_rec the immediate partial (h_{k−1} held fixed); the same symbol in [S000] and [S003] means the total derivative (000.7). The entry-wise form the section goes on to use substitutes ∂s_k/∂W_rec(i,j) = e_i h_{k−1}^(j), the immediate partial. Fix: say “h_{k−1} held fixed”.",
            readings: [
                Reading(.reading, "∂s_k/∂W_rec immediate: h_{k−1} held fixed",
                        worst((0..<T).map { compare(chainSum($0, .WRec, immediate: true), dEtdWRec[$0].storage) })),
                Reading(.reading, "∂s_k/∂W_rec total: through h_{k−1}, s_{k−1}, …",
                        worst((0..<T).map { compare(chainSum($0, .WRec, immediate: false), dEtdWRec[$0].storage) })),
            ]))

        // δ_k^(t) = ∂E_t/∂s_k, numerically, for every 0 ≤ k ≤ t < T.
        let delta: [[Vector<Double>]] = (0..<T).map { t in (0...t).map { k in lab.dE(t, wrtS: k) } }
        let pairs = (0..<T).flatMap { t in (0..<t).map { k in (t, k) } }
        func oneMinusHSquared(_ k: Int) -> Vector<Double> { 1 - lab.h[k] .* lab.h[k] }
        checkpoints.append(Checkpoint(
            "002-2.9", .seed002Part2, location: "§2.3 “应用链式法则有”",
            printed: "δ_k^(t) = ∂h_k/∂s_k · ∂s_{k+1}/∂h_k · ∂E_t/∂s_{k+1} = diag(1 − h_k ⊙ h_k) W_recᵀ δ_{k+1}^(t) = (W_recᵀ δ_{k+1}^(t)) ⊙ (1 − h_k ⊙ h_k)",
            source: #"\delta^{(t)}_k = \frac{\partial h_k}{\partial s_k}\frac{\partial s_{k+1}}{\partial h_k} \frac{\partial E_t}{\partial s_{k+1}} = diag(1-h_k\odot h_k)W_{rec}^T\delta^{(t)}_{k+1}=(W_{rec}^T\delta^{(t)}_{k+1})\odot (1-h_k\odot h_k)"#,
            comparedWith: "for every k < t, the complex-step derivative of E_t with respect to s_k (δ_{k+1}^(t) also by complex step)",
            aggregation: "worst over every output t and step k < t, and over the three forms, of ‖·‖ over the H entries",
            readings: [
                Reading(.asPrinted, "denominator layout, as §2.3 declares: each factor the transpose of the Jacobian, multiplied in the printed order; and the two closed forms",
                        worst(pairs.flatMap { t, k -> [ReadingOutcome] in
                            let chain = lab.dHdS(k).T.dot(lab.dNextSdH(k).T.dot(delta[t][k + 1]))
                            let closed1 = diag(oneMinusHSquared(k)).dot(p.WRec.T.dot(delta[t][k + 1]))
                            let closed2 = p.WRec.T.dot(delta[t][k + 1]) .* oneMinusHSquared(k)
                            return [compare(chain, delta[t][k]), compare(closed1, delta[t][k]), compare(closed2, delta[t][k])]
                        })),
                Reading(.reading, "numerator layout instead: the Jacobians themselves in the printed order",
                        worst(pairs.map { t, k in compare(lab.dHdS(k).dot(lab.dNextSdH(k).dot(delta[t][k + 1])), delta[t][k]) })),
            ]))

        checkpoints.append(Checkpoint(
            "002-2.21", .seed002Part2, statement: .naming, location: "§2.3, the sentence after the recursion (其中，⊙表示 …)",
            printed: "⊙ 表示向量点乘（element-wise product）, in δ_k^(t) = (W_recᵀ δ_{k+1}^(t)) ⊙ (1 − h_k ⊙ h_k)",
            source: #"(W_{rec}^T\delta^{(t)}_{k+1})\odot (1-h_k\odot h_k)"#,
            comparedWith: "for every k < t, the complex-step derivative of E_t with respect to s_k (δ_{k+1}^(t) also by complex step)",
            aggregation: "worst over every output t and step k < t of ‖·‖ over the H entries",
            explanation: "“点乘” is the usual Chinese name of the dot (inner) product, which turns two vectors into one number; the English gloss beside it, element-wise product, is the one the formulas need. A student who searches for 向量点乘 finds the wrong operation. Fix: 逐元素乘积 (Hadamard product).",
            readings: [
                Reading(.reading, "⊙ element-wise, as the English gloss says", worst(pairs.map { t, k in
                    compare(p.WRec.T.dot(delta[t][k + 1]) .* oneMinusHSquared(k), delta[t][k])
                })),
                Reading(.reading, "⊙ the dot product, the usual meaning of 点乘",
                        .notComparable("a dot product gives one number (and 1 − h_k ⊙ h_k a number too); δ_k^(t) has H entries")),
            ]))

        checkpoints.append(Checkpoint(
            "002-2.10", .seed002Part2, location: "§2.3 “接下来计算δ_t^(t)”",
            printed: "δ_t^(t) = ∂h_t/∂s_t · ∂z_t/∂h_t · ∂E_t/∂z_t = diag(1 − h_t ⊙ h_t) · W_outᵀ · (ŷ_t − y_t) = (W_outᵀ(ŷ_t − y_t)) ⊙ (1 − h_t ⊙ h_t)",
            source: #"\delta^{(t)}_t = \frac{\partial E_t}{\partial s_t} = \frac{\partial h_t}{\partial s_t}\frac{\partial z_t}{\partial h_t}\frac{\partial E_t}{\partial z_t} = diag(1-h_t\odot h_t)\cdot W_{out}^T\cdot(\hat{y}_t-y_t)=(W_{out}^T(\hat{y}_t-y_t))\odot (1-h_t\odot h_t)"#,
            comparedWith: "for every t, the complex-step derivative of E_t with respect to s_t",
            aggregation: "worst over t, and over the three forms, of ‖·‖ over the H entries",
            readings: [Reading(.asPrinted, "denominator layout; the chain with numerical factors and the two closed forms", worst((0..<T).flatMap { t -> [ReadingOutcome] in
                let chain = lab.dHdS(t).T.dot(lab.dZdH(t).T.dot(lab.dE(t, wrtZ: t)))
                let closed1 = diag(oneMinusHSquared(t)).dot(p.WOut.T.dot(lab.r(t)))
                let closed2 = p.WOut.T.dot(lab.r(t)) .* oneMinusHSquared(t)
                return [compare(chain, delta[t][t]), compare(closed1, delta[t][t]), compare(closed2, delta[t][t])]
            }))]))

        // The recursion alone, from δ_t^(t): the δ table the document sums.
        var recursion: [[Vector<Double>]] = []
        for t in 0..<T {
            var row = Array(repeating: Vector<Double>.zeros(H), count: t + 1)
            row[t] = p.WOut.T.dot(lab.r(t)) .* oneMinusHSquared(t)
            for k in stride(from: t - 1, through: 0, by: -1) { row[k] = p.WRec.T.dot(row[k + 1]) .* oneMinusHSquared(k) }
            recursion.append(row)
        }
        checkpoints.append(Checkpoint(
            "002-2.11", .seed002Part2, location: "§2.3 “于是，我们得到了关于δ的递推关系式”",
            printed: "δ_t^(t) = (W_outᵀ r_t) ⊙ (1 − h_t ⊙ h_t);  δ_k^(t) = (W_recᵀ δ_{k+1}^(t)) ⊙ (1 − h_k ⊙ h_k)",
            source: #"\delta^{(t)}_t &= (W_{out}^T r_t)\odot (1-h_t\odot h_t) \\ \delta^{(t)}_k &= (W_{rec}^T\delta^{(t)}_{k+1})\odot (1-h_k\odot h_k)"#,
            comparedWith: "for every 0 ≤ k ≤ t, the complex-step derivative of E_t with respect to s_k",
            aggregation: "worst over every output t and step k ≤ t of ‖·‖ over the H entries",
            readings: [Reading(.asPrinted, "the recursion run from δ_t^(t) down to δ_0^(t)", worst((0..<T).flatMap { t in
                (0...t).map { k in compare(recursion[t][k], delta[t][k]) }
            }))]))

        checkpoints.append(Checkpoint(
            "002-2.12", .seed002Part2, location: "§2.3 “将 δ_0^(t),...,δ_t^(t) 代入”",
            printed: "∂E_t/∂W_rec(i,j) = Σ_{k=0}^{t} δ_k^(t) h_{k−1}^(j)",
            source: #"\frac{\partial E_t}{\partial W_{rec}(i,j)} = \sum_{k=0}^t \delta_k^{(t)} h_{k-1}^{(j)}"#,
            comparedWith: "for every t, the complex-step derivative of E_t with respect to W_rec(i, j)",
            aggregation: "worst over t of ‖·‖ over the H×H matrix",
            explanation: "The left side is one entry (i, j); the right side multiplies the whole vector δ_k^(t) by the number h_{k−1}^(j). The i-th entry of δ_k^(t) is meant. Fix: Σ_k δ_k^(t)(i) h_{k−1}^(j).",
            readings: [
                Reading(.asPrinted, "δ_k^(t) the whole vector",
                        .notComparable("δ_k^(t) has H entries; the left side is the single entry (i, j)")),
                Reading(.typoFix, "the i-th entry of δ_k^(t)", formula: "∂E_t/∂W_rec(i,j) = Σ_{k=0}^{t} δ_k^(t)(i) h_{k−1}^(j)",
                        worst((0..<T).map { t in
                            var m = Matrix<Double>.zeros(H, H)
                            for i in 0..<H {
                                for j in 0..<H { m[i, j] = (0...t).reduce(0) { $0 + recursion[t][$1][i] * lab.h[$1 - 1][j] } }
                            }
                            return compare(m, dEtdWRec[t])
                        })),
            ]))

        checkpoints.append(Checkpoint(
            "002-2.13", .seed002Part2, location: "§2.3 “将上式写成矩阵形式”",
            printed: "∂E_t/∂W_rec = Σ_{k=0}^{t} δ_k^(t) ⊗ h_{k−1}  (h_{−1} = 0)",
            source: #"\frac{\partial E_t}{\partial W_{rec}} = \sum_{k=0}^t \delta^{(t)}_k \otimes h_{k-1}"#,
            comparedWith: "for every t, the complex-step derivative of E_t with respect to W_rec",
            aggregation: "worst over t of ‖·‖ over the H×H matrix",
            readings: [Reading(.asPrinted, "h_{−1} = 0, ⊗ the outer product", worst((0..<T).map { t in
                var sum = Matrix<Double>.zeros(H, H)
                for k in 0...t { sum += outer(recursion[t][k], lab.h[k - 1]) }
                return compare(sum, dEtdWRec[t])
            }))]))

        var doubleSumWRec = Matrix<Double>.zeros(H, H)
        var doubleSumWIn = Matrix<Double>.zeros(H, K)
        var misreadWRec = Matrix<Double>.zeros(H, H)
        var misreadWIn = Matrix<Double>.zeros(H, K)
        for t in 0..<T {
            for k in 0...t {
                doubleSumWRec += outer(recursion[t][k], lab.h[k - 1])
                doubleSumWIn += outer(recursion[t][k], oneHot(lab.x[k], K))
                // δ_k read as §2.5 defines δ_t: ∂E_k/∂s_k, the δ of output k at its own step.
                misreadWRec += outer(recursion[k][k], lab.h[k - 1])
                misreadWIn += outer(recursion[k][k], oneHot(lab.x[k], K))
            }
        }
        let dEdWRec = lab.dE(nil, wrt: .WRec)
        let dEdWIn = lab.dE(nil, wrt: .WIn)
        checkpoints.append(Checkpoint(
            "002-2.14", .seed002Part2, location: "§2.3",
            printed: "∂E/∂W_rec = Σ_{t=0}^{T} Σ_{k=0}^{t} δ_k^(t) ⊗ h_{k−1}",
            source: #"\frac{\partial E}{\partial W_{rec}} =\sum_{t=0}^T \sum_{k=0}^t \delta^{(t)}_k \otimes h_{k-1}"#,
            comparedWith: "the complex-step derivative of E with respect to W_rec",
            aggregation: "‖·‖ over the H×H matrix",
            explanation: "A sentence x_1 … x_T has T residuals r_t and T steps; Σ_{t=0}^{T} has T + 1 terms, the last of them undefined. The document mixes 1-based (x_1 … x_T) and 0-based (Σ_{k=0}^{t}, h_{−1} = 0) indices. Fix: Σ_{t=0}^{T−1} (or t = 1 … T throughout).",
            readings: [
                Reading(.asPrinted, "t = 0 … T: T+1 terms", .notComparable(oneTermTooMany)),
                Reading(.typoFix, "t over the T steps of the sentence", formula: "∂E/∂W_rec = Σ_{t=0}^{T−1} Σ_{k=0}^{t} δ_k^(t) ⊗ h_{k−1}", compare(doubleSumWRec, dEdWRec)),
            ]))

        // MARK: §2.4 and §2.5: ∂E/∂W_in and the updates

        checkpoints.append(Checkpoint(
            "002-2.15", .seed002Part2, location: "§2.4 计算 ∂E_t/∂W_in “按照上述思路”",
            printed: "∂E_t/∂W_in = Σ_{k=0}^{t} δ_k ⊗ x_k",
            source: #"\frac{\partial E_t}{\partial W_{in}} = \sum_{k=0}^t \delta_k \otimes x_{k}"#,
            comparedWith: "for every t, the complex-step derivative of E_t with respect to W_in",
            aggregation: "worst over t of ‖·‖ over the H×K matrix",
            explanation: "The superscript of δ_k^(t) is dropped. §2.5 then defines δ_t = ∂E_t/∂s_t, and read with that definition δ_k is ∂E_k/∂s_k, the error of output k at its own step: a different quantity (002-2.18 makes the slip in earnest). Fix: Σ_k δ_k^(t) ⊗ x_k.",
            readings: [
                Reading(.asPrinted, "δ_k as the document defines it (§2.5: δ_t = ∂E_t/∂s_t, so δ_k = ∂E_k/∂s_k)",
                        worst((0..<T).map { t in
                            var sum = Matrix<Double>.zeros(H, K)
                            for k in 0...t { sum += outer(recursion[k][k], oneHot(lab.x[k], K)) }
                            return compare(sum, lab.dE(t, wrt: .WIn))
                        })),
                Reading(.typoFix, "the superscript the section drops: δ_k^(t) = ∂E_t/∂s_k", formula: "∂E_t/∂W_in = Σ_{k=0}^{t} δ_k^(t) ⊗ x_k",
                        worst((0..<T).map { t in
                            var sum = Matrix<Double>.zeros(H, K)
                            for k in 0...t { sum += outer(recursion[t][k], oneHot(lab.x[k], K)) }
                            return compare(sum, lab.dE(t, wrt: .WIn))
                        })),
            ]))

        checkpoints.append(Checkpoint(
            "002-2.16", .seed002Part2, location: "§2.4, the sentence after the equation (由于x_k是个one-hot vector …)",
            printed: "δ ⊗ x_k = δ placed in column m of an H×K zero matrix, when x_k(m) = 1",
            source: #"假设$x_k(m)=1$，那么我们在更新$W$时只需要更新$W$的第$m$列"#,
            comparedWith: "the outer product with the one-hot vector, for every δ_k^(t)",
            aggregation: "worst over every output t and step k ≤ t of ‖·‖ over the H×K matrix",
            readings: [Reading(.asPrinted, "column m only", worst((0..<T).flatMap { t in (0...t).map { k -> ReadingOutcome in
                var column = Matrix<Double>.zeros(H, K)
                column[column: lab.x[k]] += recursion[t][k]
                return compare(column, outer(recursion[t][k], oneHot(lab.x[k], K)))
            } }))]))

        checkpoints.append(Checkpoint(
            "002-2.17", .seed002Part2, location: "§2.5 参数更新: “δ_t = ∂E_t/∂s_t = (W_outᵀ r_t) ⊙ (1 − h_t ⊙ h_t)”",
            printed: "δ_t = ∂E_t/∂s_t = (W_outᵀ r_t) ⊙ (1 − h_t ⊙ h_t)",
            source: #"\delta_t = \frac{\partial E_t}{\partial s_t} = (W_{out}^T r_t) \odot (1 - h_t\odot h_t)"#,
            comparedWith: "for every t, the complex-step derivative of E_t with respect to s_t",
            aggregation: "worst over t of ‖·‖ over the H entries",
            readings: [Reading(.asPrinted, "the δ of output t at its own step", worst((0..<T).map { compare(p.WOut.T.dot(lab.r($0)) .* oneMinusHSquared($0), delta[$0][$0]) }))]))

        checkpoints.append(Checkpoint(
            "002-2.18", .seed002Part2, location: "§2.5 参数更新",
            printed: "W_in = W_in − λ Σ_{t=0}^{T} Σ_{k=0}^{t} δ_k ⊗ x_k,  with δ_t = ∂E_t/∂s_t as defined below it",
            source: #"W_{in} &= W_{in} - \lambda \sum_{t=0}^T \sum_{k=0}^t \delta_k \otimes x_{k} ... \delta_t = \frac{\partial E_t}{\partial s_t} = (W_{out}^T r_t) \odot (1 - h_t\odot h_t)"#,
            comparedWith: "the update divided by −λ against the complex-step derivative of E with respect to W_in",
            aggregation: "‖·‖ over the H×K matrix",
            explanation: "With the δ the section defines right below, δ_k is ∂E_k/∂s_k, the error of output k at its own step, and the double sum adds δ_k^(k) once for every t ≥ k, instead of δ_k^(t) = ∂E_t/∂s_k, the error of output t carried back to step k. Fix: W_in = W_in − λ Σ_t Σ_{k=0}^{t} δ_k^(t) ⊗ x_k with δ_k^(t) from the §2.3 recursion; the definition of δ_t must not be used in the sums. notes/denominator-layout.md works the W_in case by hand at T = 2 (the misread sum even has the wrong sign), and the package's DenominatorLayout+BPTT implements the corrected form (D11, D12).",
            readings: [
                Reading(.asPrinted, "δ_k = ∂E_k/∂s_k as the section defines it (t over the T steps, as in 002-2.7)", compare(misreadWIn, dEdWIn)),
                Reading(.correction, "the δ of output t at step k", formula: "W_in = W_in − λ Σ_t Σ_{k=0}^{t} δ_k^(t) ⊗ x_k, δ_k^(t) = ∂E_t/∂s_k",
                        compare(doubleSumWIn, dEdWIn)),
            ]))

        checkpoints.append(Checkpoint(
            "002-2.19", .seed002Part2, location: "§2.5 参数更新",
            printed: "W_rec = W_rec − λ Σ_{t=0}^{T} Σ_{k=0}^{t} δ_k ⊗ h_{k−1},  with δ_t = ∂E_t/∂s_t as defined below it",
            source: #"W_{rec}&=W_{rec}-\lambda \sum_{t=0}^T \sum_{k=0}^t \delta_k \otimes h_{k-1}"#,
            comparedWith: "the update divided by −λ against the complex-step derivative of E with respect to W_rec",
            aggregation: "‖·‖ over the H×H matrix",
            explanation: "The same as 002-2.18, for W_rec: δ_k^(k) in place of δ_k^(t). At T = 2 the error happens to vanish, because h_{−1} = 0 removes the only term that differs; from T = 3 on it does not, so a two-step hand example cannot show it. Fix: W_rec = W_rec − λ Σ_t Σ_{k=0}^{t} δ_k^(t) ⊗ h_{k−1}.",
            readings: [
                Reading(.asPrinted, "δ_k = ∂E_k/∂s_k as the section defines it (t over the T steps, as in 002-2.7)", compare(misreadWRec, dEdWRec)),
                Reading(.correction, "the δ of output t at step k", formula: "W_rec = W_rec − λ Σ_t Σ_{k=0}^{t} δ_k^(t) ⊗ h_{k−1}",
                        compare(doubleSumWRec, dEdWRec)),
            ]))

        checkpoints.append(Checkpoint(
            "002-2.20", .seed002Part2, location: "§2.5 参数更新",
            printed: "W_out = W_out − λ Σ_{t=0}^{T} r_t ⊗ h_t",
            source: #"W_{out}&=W_{out}-\lambda \sum_{t=0}^T r_t \otimes h_t"#,
            comparedWith: "the update divided by −λ against the complex-step derivative of E with respect to W_out",
            aggregation: "‖·‖ over the K×H matrix",
            explanation: "A sentence x_1 … x_T has T residuals r_t and T steps; Σ_{t=0}^{T} has T + 1 terms, the last of them undefined. The document mixes 1-based (x_1 … x_T) and 0-based (Σ_{k=0}^{t}, h_{−1} = 0) indices. Fix: Σ_{t=0}^{T−1} (or t = 1 … T throughout).",
            readings: [
                Reading(.asPrinted, "t = 0 … T: T+1 terms", .notComparable(oneTermTooMany)),
                Reading(.typoFix, "t over the T steps of the sentence", formula: "W_out = W_out − λ Σ_{t=0}^{T−1} r_t ⊗ h_t", compare(sumROuterH, dEdWOut)),
            ]))

        // MARK: Downstream: where the wrong and misleading statements' quantities go

        var totalSum = [Double](repeating: 0, count: H * H)
        for t in 0..<T { for (i, value) in chainSum(t, .WRec, immediate: false).enumerated() { totalSum[i] += value } }
        checkpoints.attach(Downstream(
            "∂s_k/∂W_rec", printed: "∂s_k/∂W_rec the total derivative (through h_{k−1}, s_{k−1}, …)", corrected: "the immediate partial, h_{k−1} held fixed",
            effects: [DownstreamEffect("002-2.13", printed: checkpoints.outcome("002-2.8", 1), corrected: checkpoints.outcome("002-2.13", 0)),
                      DownstreamEffect("002-2.14", printed: compare(totalSum, dEdWRec.storage), corrected: checkpoints.outcome("002-2.14", 1))]),
            to: "002-2.8")
        let dotProduct = ReadingOutcome.notComparable("a dot product gives one number where δ has H entries")
        checkpoints.attach(Downstream(
            "⊙", printed: "⊙ the dot product (点乘)", corrected: "⊙ the element-wise product",
            effects: [DownstreamEffect("002-2.10", printed: dotProduct, corrected: checkpoints.outcome("002-2.10", 0)),
                      DownstreamEffect("002-2.11", printed: dotProduct, corrected: checkpoints.outcome("002-2.11", 0)),
                      DownstreamEffect("002-2.17", printed: dotProduct, corrected: checkpoints.outcome("002-2.17", 0))]),
            to: "002-2.21")
        checkpoints.attach(Downstream(
            "δ_k", printed: "δ_k = ∂E_k/∂s_k, the δ_t that §2.5 defines", corrected: "δ_k^(t) = ∂E_t/∂s_k",
            effects: [DownstreamEffect("002-2.18", printed: checkpoints.outcome("002-2.18", 0), corrected: checkpoints.outcome("002-2.18", 1)),
                      DownstreamEffect("002-2.19", printed: checkpoints.outcome("002-2.19", 0), corrected: checkpoints.outcome("002-2.19", 1))]),
            to: "002-2.15")
        for id in ["002-2.18", "002-2.19"] {
            checkpoints.attach(.unused("the update", because: "the last equations of the section: nothing later uses them"), to: id)
        }

        let uncomputable = [
            UncomputableFinding(
                "002-2.22", .seed002Part2, statement: .claim, location: "§2.3, after the chain rule with s_k (但由于 ∂s_k/∂W_rec …)",
                printed: "∂s_k/∂W_rec（分子向量，分母矩阵）… 没办法求", severity: .misleading,
                whyNotComputable: "a claim that something cannot be computed: there is no formula to compare",
                explanation: "∂s_k/∂W_rec is a third-order array, [∂s_k/∂W_rec]_{a,i,j} = ∂s_k(a)/∂W_rec(i,j), which 002-2.8 computes by complex step and contracts with δ_k^(t). Going entry by entry, as the section then does, is a fine way round it, but the derivative exists and is easy to write (1[a = i] h_{k−1}^(j) for the immediate partial)."),
            UncomputableFinding(
                "002-2.23", .seed002Part2, statement: .misspelling, location: "§2.3, after the recursion (E_t是关于s_k的符合函数)",
                printed: "符合函数", severity: .typo,
                whyNotComputable: "a word", explanation: "“符合” (to conform) for “复合” (composite): E_t is a composite function (复合函数) of s_k."),
            UncomputableFinding(
                "002-2.24", .seed002Part2, statement: .naming, location: "§2.4, the sentence after the equation; §2.6, the fourth answer",
                printed: "更新W的第m列; W[:,j]", severity: .typo,
                whyNotComputable: "W names no matrix of part 2 (only W_in, W_rec, W_out), so there is nothing to evaluate",
                explanation: "W_in is meant both times: the one-hot x_k selects column m of W_in (002-2.16). A reader coming from the WildML tutorial (reference 2) takes W for the hidden-to-hidden matrix, W_rec, whose gradient is dense."),
        ]

        return DocumentCheck(
            document: .seed002Part2, models: [(nil, "a random W_in/W_rec/W_out network (K=\(K), H=\(H), T=\(T), seed \(seed))")],
            checkpoints: checkpoints, uncomputable: uncomputable)
    }
}
