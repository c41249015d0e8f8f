// [S002] 反向传播 BP & BPTT (2018-05-23), part 1, "反向传播BP", notes/sources.md: Nielsen's four
// equations BP1–BP4 and their proofs, then UFLDL's backpropagation (residuals δ^(l), the gradients, the
// matrix form) and its batch gradient-descent update with weight decay, on a small sigmoid feedforward
// network with the quadratic cost.

enum Seed002Part1 {
    static func check(seed: UInt64, layers sizes: [Int], examples count: Int) -> DocumentCheck {
        let lab = FeedforwardLab(sizes: sizes, examples: count, seed: seed)
        let L = lab.L
        let hidden = Array(1..<L)
        let layers = Array(1...L)
        let examples = Array(0..<lab.m)
        var checkpoints: [Checkpoint] = []

        func sigmaPrime(_ z: Vector<Double>) -> Vector<Double> {
            Vector(z.storage.map { value -> Double in
                let s = sigmoid(value)
                return s * (1 - s)
            })
        }
        /// δ^l = ∂C/∂z^l by complex step, for every example and layer.
        let delta: [[Vector<Double>]] = examples.map { e in (0...L).map { l in l == 0 ? .zeros(0) : lab.dC(e, wrtZ: l) } }
        let traces = examples.map(lab.trace)
        /// The worst comparison over every example and the given layers.
        func everywhere(_ layers: [Int], _ body: (Int, Int) -> ReadingOutcome) -> ReadingOutcome {
            worst(examples.flatMap { e in layers.map { l in body(e, l) } })
        }

        // MARK: Nielsen's four equations

        checkpoints.append(Checkpoint(
            "002-1.1", .seed002Part1, location: "反向传播的四个方程式 (BP1)",
            printed: "δ^L = ∇_a C ⊙ σ′(z^L)",
            source: #"\delta^L = \nabla \_a C \odot \sigma' (z^L) \tag{BP1}"#,
            comparedWith: "∂C/∂z^L by complex step, every example",
            aggregation: "worst over examples of ‖·‖ over the output layer's entries",
            readings: [Reading(.asPrinted, "δ^l = ∂C/∂z^l, ∇_a C = a^L − y for the quadratic cost", worst(examples.map { e in
                compare((traces[e].a[L] - lab.examples[e].y) .* sigmaPrime(traces[e].z[L]), delta[e][L])
            }))]))

        checkpoints.append(Checkpoint(
            "002-1.2", .seed002Part1, location: "反向传播的四个方程式 (BP2)",
            printed: "δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l)",
            source: #"\delta^l = ( (w^{l+1})^T \delta^{l+1} ) \odot \sigma' (z^l) \tag{BP2}"#,
            comparedWith: "∂C/∂z^l by complex step for every hidden layer (δ^{l+1} also by complex step)",
            aggregation: "worst over examples and hidden layers of ‖·‖ over the layer's entries",
            readings: [Reading(.asPrinted, "w^{l+1} the n_{l+1}×n_l matrix into layer l+1", everywhere(hidden) { e, l in
                compare(lab.w[l + 1].T.dot(delta[e][l + 1]) .* sigmaPrime(traces[e].z[l]), delta[e][l])
            })]))

        checkpoints.append(Checkpoint(
            "002-1.3", .seed002Part1, location: "反向传播的四个方程式 (BP3)",
            printed: "∂C/∂b_j^l = δ_j^l",
            source: #"\frac{\partial C}{\partial b\_j^l} = \delta\_j^l  \tag{BP3}"#,
            comparedWith: "∂C/∂b^l by complex step, every layer and example",
            aggregation: "worst over examples and layers of ‖·‖ over the layer's entries",
            readings: [Reading(.asPrinted, "δ_j^l = ∂C/∂z_j^l", everywhere(layers) { e, l in compare(delta[e][l], lab.dC(e, wrtB: l)) })]))

        checkpoints.append(Checkpoint(
            "002-1.4", .seed002Part1, location: "反向传播的四个方程式 (BP4)",
            printed: "∂C/∂w_jk^l = a_k^{l−1} δ_j^l",
            source: #"\frac{\partial C}{\partial w\_{jk}^l} = a\_k^{l-1} \delta\_j^l  \tag{BP4}"#,
            comparedWith: "∂C/∂w^l by complex step, every layer and example",
            aggregation: "worst over examples and layers of ‖·‖ over the matrix w^l",
            readings: [Reading(.asPrinted, "w_jk^l from unit k of layer l−1 to unit j of layer l", everywhere(layers) { e, l in
                compare(outer(delta[e][l], traces[e].a[l - 1]), lab.dC(e, wrtW: l))
            })]))

        // MARK: The proofs

        checkpoints.append(Checkpoint(
            "002-1.5", .seed002Part1, location: "证明BP1",
            printed: "δ_j^L = ∂C/∂z_j^L = ∂C/∂a_j^L · ∂a_j^L/∂z_j^L = ∂C/∂a_j^L · σ′(z_j^L)",
            source: #"\delta\_j^L & = \frac{\partial C}{\partial z\_j^L} \\\ & = \frac{\partial C}{\partial a\_j^L} \cdot \frac{\partial a\_j^L}{\partial z\_j^L} \\\ & = \frac{\partial C}{\partial a\_j^L} \cdot \sigma' (z\_j^L) \quad (\because a\_j^L = \sigma (z\_j^L))"#,
            comparedWith: "∂C/∂z^L by complex step, every example",
            aggregation: "worst over examples, and over the two forms, of ‖·‖ over the output layer's entries",
            readings: [Reading(.asPrinted, "∂C/∂a^L and ∂a^L/∂z^L both by complex step, and with σ′", worst(examples.flatMap { e -> [ReadingOutcome] in
                let dCda = lab.dC(e, wrtOutput: ())
                return [compare(dCda .* lab.dOutputdZ(e), delta[e][L]), compare(dCda .* sigmaPrime(traces[e].z[L]), delta[e][L])]
            }))]))

        checkpoints.append(Checkpoint(
            "002-1.6", .seed002Part1, location: "证明BP2 (∵ z_k^{l+1} = Σ_j w_kj^{l+1} a_j^l + b_k^{l+1})",
            printed: "∂z_k^{l+1}/∂z_j^l = w_kj^{l+1} · σ′(z_j^l)",
            source: #"\therefore \frac{\partial z\_k^{l+1}}{\partial z\_j^l} & = w\_{kj}^{l+1} \cdot \sigma' (z\_j^l)"#,
            comparedWith: "the complex-step Jacobian ∂z^{l+1}/∂z^l, every hidden layer and example",
            aggregation: "worst over examples and hidden layers of ‖·‖ over the Jacobian",
            readings: [Reading(.asPrinted, "entry (k, j)", everywhere(hidden) { e, l in
                var formula = lab.w[l + 1]
                let s = sigmaPrime(traces[e].z[l])
                for k in 0..<formula.rows { for j in 0..<formula.columns { formula[k, j] *= s[j] } }
                return compare(formula, lab.dZ(e, next: l))
            })]))

        checkpoints.append(Checkpoint(
            "002-1.7", .seed002Part1, location: "证明BP2",
            printed: "δ_j^l = ∂C/∂z_j^l = Σ_k ∂C/∂z_k^{l+1} · ∂z_k^{l+1}/∂z_j^l",
            source: #"\delta\_j^l & = \frac{\partial C}{\partial z\_j^l} \\\ & = \sum\_k \frac{\partial C}{\partial z\_k^{l+1}} \cdot \frac{\partial z\_k^{l+1}}{\partial z\_j^l}"#,
            comparedWith: "∂C/∂z^l by complex step, every hidden layer and example",
            aggregation: "worst over examples and hidden layers of ‖·‖ over the layer's entries",
            readings: [Reading(.asPrinted, "the chain rule through layer l+1", everywhere(hidden) { e, l in
                compare(lab.dZ(e, next: l).T.dot(delta[e][l + 1]), delta[e][l])
            })]))

        checkpoints.append(Checkpoint(
            "002-1.8", .seed002Part1, location: "证明BP2",
            printed: "δ_j^l = Σ_k ∂z_k^{l+1}/∂z_k^l · δ_k^{l+1}",
            source: #"& = \sum\_k \frac{\partial z\_k^{l+1}}{\partial z\_k^l} \cdot \delta\_k^{l+1}"#,
            comparedWith: "∂C/∂z^l by complex step, every hidden layer and example",
            aggregation: "worst over examples and hidden layers of ‖·‖ over the layer's entries",
            explanation: "The denominator's index must be j, the unit of layer l, as in the line before; with ∂z_k^{l+1}/∂z_k^l the sum is the same number for every j. Fix: ∂z_k^{l+1}/∂z_j^l.",
            readings: [
                Reading(.asPrinted, "∂z_k^{l+1}/∂z_k^l, the same index k above and below", everywhere(hidden) { e, l in
                    let J = lab.dZ(e, next: l)
                    guard J.rows <= J.columns else {
                        return .notComparable("k runs over the units of layer l+1, and layer l has fewer: z_k^l does not exist for the last k")
                    }
                    let literal = (0..<J.rows).reduce(0.0) { $0 + J[$1, $1] * delta[e][l + 1][$1] }
                    return compare(Vector(repeating: literal, count: J.columns), delta[e][l])
                }),
                Reading(.typoFix, "the lower index j, as in the line before", formula: "δ_j^l = Σ_k ∂z_k^{l+1}/∂z_j^l · δ_k^{l+1}",
                        everywhere(hidden) { e, l in compare(lab.dZ(e, next: l).T.dot(delta[e][l + 1]), delta[e][l]) }),
            ]))

        checkpoints.append(Checkpoint(
            "002-1.9", .seed002Part1, location: "证明BP2",
            printed: "δ_j^l = Σ_k w_kj^{l+1} · σ′(z_j^l) · δ_k^{l+1} = Σ_k w_kj^{l+1} · δ_k^{l+1} · σ′(z_j^l)",
            source: #"& = \sum\_k w\_{kj}^{l+1} \cdot \sigma' (z\_j^l) \cdot \delta\_k^{l+1} \\\ & = \sum\_k w\_{kj}^{l+1} \cdot \delta\_k^{l+1} \cdot \sigma' (z\_j^l)"#,
            comparedWith: "∂C/∂z^l by complex step, every hidden layer and example",
            aggregation: "worst over examples and hidden layers of ‖·‖ over the layer's entries",
            readings: [Reading(.asPrinted, "σ′ the sigmoid's derivative", everywhere(hidden) { e, l in
                compare(lab.w[l + 1].T.dot(delta[e][l + 1]) .* sigmaPrime(traces[e].z[l]), delta[e][l])
            })]))

        checkpoints.append(Checkpoint(
            "002-1.10", .seed002Part1, location: "证明BP3 (∵ z_j^l = Σ_k w_jk^l a_k^{l−1} + b_j^l, ∂z_j^l/∂b_j^l = 1)",
            printed: "∂C/∂b_j^l = ∂C/∂z_j^l · ∂z_j^l/∂b_j^l = ∂C/∂z_j^l = δ_j^l",
            source: #"\frac{\partial C}{\partial b\_j^l} & = \frac{\partial C}{\partial z\_j^l} \cdot \frac{\partial z\_j^l}{\partial b\_j^l} \\\ & = \frac{\partial C}{\partial z\_j^l} ... & = \delta\_j^l"#,
            comparedWith: "∂C/∂b^l by complex step, every layer and example",
            aggregation: "worst over examples and layers of ‖·‖ over the layer's entries",
            readings: [Reading(.asPrinted, "∂z_j^l/∂b_j^l = 1", everywhere(layers) { e, l in compare(lab.dC(e, wrtZ: l), lab.dC(e, wrtB: l)) })]))

        checkpoints.append(Checkpoint(
            "002-1.11", .seed002Part1, location: "证明BP4",
            printed: "∂C/∂w_jk^l = ∂C/∂z_j^l · ∂z_j^l/∂w_jk^l = δ_j^l · a_k^{l−1}",
            source: #"\frac{\partial C}{\partial w\_{jk}^l} & = \frac{\partial C}{\partial z\_j^l} \cdot \frac{\partial z\_j^l}{\partial w\_{jk}^l} \\\ & = \delta\_j^l \cdot a\_k^{l-1}"#,
            comparedWith: "∂C/∂w^l by complex step, every layer and example",
            aggregation: "worst over examples and layers of ‖·‖ over the matrix w^l",
            readings: [Reading(.asPrinted, "∂z_j^l/∂w_jk^l = a_k^{l−1}", everywhere(layers) { e, l in compare(outer(delta[e][l], traces[e].a[l - 1]), lab.dC(e, wrtW: l)) })]))

        // MARK: UFLDL's backpropagation (W^(l) = w^{l+1}, n_l the output layer)

        var average = Checkpoint(
            "002-1.22", .seed002Part1, statement: .claim, location: "反向传导算法: the paragraph before the steps",
            printed: "δ_i^(l) is computed from a weighted average (加权平均值) of the residuals of layer l+1",
            source: "残差的加权平均值",
            comparedWith: "∂J/∂z^(l) by complex step, every hidden layer and example",
            aggregation: "worst over examples and hidden layers of ‖·‖ over the layer's entries",
            explanation: "The residual is a weighted sum, Σ_j W_ji^(l) δ_j^(l+1), times f′(z_i^(l)) (002-1.13): the weights are not normalised, and dividing by Σ_j W_ji^(l) gives a different number. Fix: 加权和 (weighted sum).",
            readings: [
                Reading(.reading, "a weighted average: (Σ_j W_ji δ_j^(l+1) / Σ_j W_ji) f′(z_i^(l))", everywhere(hidden) { e, l in
                    let W = lab.w[l + 1]
                    let weights = Vector((0..<W.columns).map { i in (0..<W.rows).reduce(0.0) { $0 + W[$1, i] } })
                    let sum = W.T.dot(delta[e][l + 1])
                    return compare(Vector((0..<W.columns).map { sum[$0] / weights[$0] }) .* sigmaPrime(traces[e].z[l]), delta[e][l])
                }),
                Reading(.reading, "a weighted sum: (Σ_j W_ji δ_j^(l+1)) f′(z_i^(l)), the formula of step (3)", everywhere(hidden) { e, l in
                    compare(lab.w[l + 1].T.dot(delta[e][l + 1]) .* sigmaPrime(traces[e].z[l]), delta[e][l])
                }),
            ])
        average.downstream = [.unused("加权平均值", because: "prose: the formula of step (3), 002-1.13, is the weighted sum")]
        checkpoints.append(average)

        checkpoints.append(Checkpoint(
            "002-1.12", .seed002Part1, location: "反向传导算法 (2) 输出层残差, and its 推导过程",
            printed: "δ_i^(n_l) = ∂/∂z_i^(n_l) ½‖y − h_{W,b}(x)‖² = −(y_i − a_i^(n_l)) · f′(z_i^(n_l))",
            source: #"\delta^{(n\_l)}\_i = \frac{\partial}{\partial z^{(n\_l)}\_i} \frac{1}{2} \|\| y - h\_{W,b}(x) \|\| ^2 = - (y\_i - a^{(n\_l)}\_i) \cdot f'(z^{(n\_l)}\_i)"#,
            comparedWith: "∂J/∂z^(n_l) by complex step (J(W,b;x,y) = ½‖y − h‖², the same quadratic cost), every example",
            aggregation: "worst over examples of ‖·‖ over the output layer's entries",
            readings: [Reading(.asPrinted, "the quadratic cost of one example", worst(examples.map { e in
                compare(-(lab.examples[e].y - traces[e].a[L]) .* sigmaPrime(traces[e].z[L]), delta[e][L])
            }))]))

        checkpoints.append(Checkpoint(
            "002-1.13", .seed002Part1, location: "反向传导算法 (3) 隐藏层残差",
            printed: "δ_i^(l) = (Σ_{j=1}^{s_{l+1}} W_ji^(l) δ_j^(l+1)) f′(z_i^(l))",
            source: #"\delta^{(l)}\_i = \left( \sum\_{j=1}^{s\_{l+1}} W^{(l)}\_{ji} \delta^{(l+1)}\_j \right) f'(z^{(l)}\_i)"#,
            comparedWith: "∂J/∂z^(l) by complex step, every hidden layer and example",
            aggregation: "worst over examples and hidden layers of ‖·‖ over the layer's entries",
            readings: [Reading(.asPrinted, "W_ji^(l) from unit i of layer l to unit j of layer l+1 (UFLDL's convention: W^(l) = w^{l+1})", everywhere(hidden) { e, l in
                let W = lab.w[l + 1]
                var formula = Vector<Double>.zeros(W.columns)
                for i in 0..<W.columns {
                    formula[i] = (0..<W.rows).reduce(0.0) { $0 + W[$1, i] * delta[e][l + 1][$1] } * sigmaPrime(traces[e].z[l])[i]
                }
                return compare(formula, delta[e][l])
            })]))

        checkpoints.append(Checkpoint(
            "002-1.14", .seed002Part1, location: "反向传导算法 (3) 推导过程",
            printed: "δ_i^(n_l−1) = Σ_j δ_j^(n_l) · ∂z_j^(n_l)/∂z_i^(n_l−1) = Σ_j δ_j^(n_l) · W_ji^{n_l−1} · f′(z_i^(n_l−1))",
            source: #"& = \sum\_{j=1}^{S\_{n\_l}} \delta\_j^{(n\_l)} \cdot \frac{\partial z\_j^{(n\_l)}}{\partial z\_i^{(n\_l-1)}} ... & = \sum\_{j=1}^{S\_{n\_l}} \delta\_j^{(n\_l)} \cdot  W\_{ji}^{n\_l-1} \cdot f'(z\_i^{(n\_l-1)})"#,
            comparedWith: "∂J/∂z^(n_l−1) by complex step, every example",
            aggregation: "worst over examples, and over the two forms, of ‖·‖ over the layer's entries",
            readings: [Reading(.asPrinted, "the Jacobian by complex step, then the closed form", worst(examples.flatMap { e -> [ReadingOutcome] in
                [compare(lab.dZ(e, next: L - 1).T.dot(delta[e][L]), delta[e][L - 1]),
                 compare(lab.w[L].T.dot(delta[e][L]) .* sigmaPrime(traces[e].z[L - 1]), delta[e][L - 1])]
            }))]))

        checkpoints.append(Checkpoint(
            "002-1.15", .seed002Part1, location: "反向传导算法 (4) 计算需要的偏导数",
            printed: "∂J/∂W_ij^(l) = a_j^(l) δ_i^(l+1);  ∂J/∂b_i^(l) = δ_i^(l+1)",
            source: #"\frac{\partial}{\partial W\_{ij}^{(l)}} J(W,b; x, y) &= a^{(l)}\_j \delta\_i^{(l+1)} \\\ \frac{\partial}{\partial b\_{i}^{(l)}} J(W,b; x, y) &= \delta\_i^{(l+1)}."#,
            comparedWith: "∂J/∂W^(l) and ∂J/∂b^(l) by complex step, every layer and example",
            aggregation: "worst over examples and layers of ‖·‖ over W^(l) and over b^(l)",
            readings: [Reading(.asPrinted, "W_ij^(l) from unit j of layer l to unit i of layer l+1", worst(examples.flatMap { e in (0..<L).flatMap { l -> [ReadingOutcome] in
                [compare(outer(delta[e][l + 1], traces[e].a[l]), lab.dC(e, wrtW: l + 1)), compare(delta[e][l + 1], lab.dC(e, wrtB: l + 1))]
            } }))]))

        checkpoints.append(Checkpoint(
            "002-1.16", .seed002Part1, location: "实现中应注意",
            printed: "f′(z_i^(l)) = a_i^(l)(1 − a_i^(l))",
            source: #"f'(z^{(l)}_i) = a^{(l)}_i (1- a^{(l)}_i)"#,
            comparedWith: "the complex-step derivative of the sigmoid at every z^(l), every example",
            aggregation: "worst over examples and layers of ‖·‖ over the layer's entries",
            readings: [Reading(.asPrinted, "f the sigmoid", everywhere(layers) { e, l in
                compare(Vector(traces[e].a[l].storage.map { $0 * (1 - $0) }),
                        Vector(traces[e].z[l].storage.map { sigmoid(Complex($0, ComplexStep.h)).imaginary / ComplexStep.h }))
            })]))

        // The matrix form, run from scratch as an algorithm.
        func residuals(_ e: Int) -> [Vector<Double>] {
            var d = Array(repeating: Vector<Double>.zeros(0), count: L + 1)
            d[L] = -(lab.examples[e].y - traces[e].a[L]) .* sigmaPrime(traces[e].z[L])
            for l in stride(from: L - 1, through: 1, by: -1) { d[l] = lab.w[l + 1].T.dot(d[l + 1]) .* sigmaPrime(traces[e].z[l]) }
            return d
        }
        checkpoints.append(Checkpoint(
            "002-1.23", .seed002Part1, statement: .naming, location: "用矩阵-向量表示法重写: the definition of •",
            printed: "“•” 表示向量乘积运算符 … 若 a = b • c，则 a_i = b_i c_i, in δ^(l) = ((W^(l))ᵀ δ^(l+1)) • f′(z^(l))",
            source: #"\delta^{(l)} = \left((W^{(l)})^T \delta^{(l+1)}\right) \bullet f'(z^{(l)})"#,
            comparedWith: "∂J/∂z^(l) by complex step, every hidden layer and example",
            aggregation: "worst over examples and hidden layers of ‖·‖ over the layer's entries",
            ifReadingNeeded: .convention,
            explanation: "“向量乘积” usually names the cross product, but the same sentence defines • entry by entry (a_i = b_i c_i, Matlab's .*, the Hadamard product), and with that definition the matrix form holds. Clearer: 逐元素乘积 (element-wise product).",
            readings: [
                Reading(.reading, "• entry by entry, as the sentence defines it", everywhere(hidden) { e, l in
                    compare(lab.w[l + 1].T.dot(delta[e][l + 1]) .* sigmaPrime(traces[e].z[l]), delta[e][l])
                }),
                Reading(.reading, "• the vector (cross) product, the usual meaning of 向量乘积", everywhere(hidden) { e, l in
                    let (b, c) = (lab.w[l + 1].T.dot(delta[e][l + 1]), sigmaPrime(traces[e].z[l]))
                    guard b.count == 3 else { return .notComparable("a cross product takes two 3-vectors; the layer does not have 3 units") }
                    return compare(Vector([b[1] * c[2] - b[2] * c[1], b[2] * c[0] - b[0] * c[2], b[0] * c[1] - b[1] * c[0]]), delta[e][l])
                }),
            ]))

        checkpoints.append(Checkpoint(
            "002-1.17", .seed002Part1, location: "用矩阵-向量表示法重写: 2. and 3.",
            printed: "δ^(n_l) = −(y − a^(n_l)) • f′(z^(n_l));  δ^(l) = ((W^(l))ᵀ δ^(l+1)) • f′(z^(l))",
            source: #"\delta^{(n_l)} = - (y - a^{(n_l)}) \bullet f'(z^{(n_l)}) ... \delta^{(l)} = \left((W^{(l)})^T \delta^{(l+1)}\right) \bullet f'(z^{(l)})"#,
            comparedWith: "∂J/∂z^(l) by complex step, every layer and example",
            aggregation: "worst over examples and layers of ‖·‖ over the layer's entries",
            readings: [Reading(.asPrinted, "• the element-wise product, the recursion run from the output layer", everywhere(layers) { e, l in
                compare(residuals(e)[l], delta[e][l])
            })]))

        checkpoints.append(Checkpoint(
            "002-1.18", .seed002Part1, location: "用矩阵-向量表示法重写: 4.",
            printed: "∇_{W^(l)} J(W,b;x,y) = δ^(l+1) (a^(l))ᵀ;  ∇_{b^(l)} J(W,b;x,y) = δ^(l+1)",
            source: #"\nabla_{W^{(l)}} J(W,b;x,y) &= \delta^{(l+1)} (a^{(l)})^T, \\\ \nabla_{b^{(l)}} J(W,b;x,y) &= \delta^{(l+1)}."#,
            comparedWith: "∂J/∂W^(l) and ∂J/∂b^(l) by complex step, every layer and example",
            aggregation: "worst over examples and layers of ‖·‖ over W^(l) and over b^(l)",
            readings: [Reading(.asPrinted, "δ^(l+1) from the matrix-form recursion", worst(examples.flatMap { e in (0..<L).flatMap { l -> [ReadingOutcome] in
                let d = residuals(e)
                return [compare(outer(d[l + 1], traces[e].a[l]), lab.dC(e, wrtW: l + 1)), compare(d[l + 1], lab.dC(e, wrtB: l + 1))]
            } }))]))

        // MARK: The batch update with weight decay

        /// Σ_i ∇J over the loop's examples: `example(i)` is the example step (2.1) uses at iteration i.
        func accumulated(_ example: (Int) -> Int) -> (W: [Matrix<Double>], b: [Vector<Double>]) {
            var W = Array(repeating: Matrix<Double>.zeros(0, 0), count: L + 1)
            var b = Array(repeating: Vector<Double>.zeros(0), count: L + 1)
            for l in layers {
                W[l] = .zeros(lab.w[l].rows, lab.w[l].columns)
                b[l] = .zeros(lab.b[l].count)
                for i in examples {
                    let d = residuals(example(i))
                    W[l] += outer(d[l], traces[example(i)].a[l - 1])
                    b[l] += d[l]
                }
            }
            return (W, b)
        }
        let sameExample = accumulated { _ in 0 }
        let everyExample = accumulated { $0 }
        let m = Double(lab.m)
        /// Σ_i ∇J(W,b;x^(i),y^(i)) = m ∇ of the mean cost, by complex step.
        let batchW = layers.map { m * lab.dJ(wrtW: $0, decay: 0) }
        let batchB = layers.map { m * lab.dJ(wrtB: $0, decay: 0) }
        func batchSums(_ sums: (W: [Matrix<Double>], b: [Vector<Double>])) -> ReadingOutcome {
            worst(layers.flatMap { l in [compare(sums.W[l], batchW[l - 1]), compare(sums.b[l], Vector(batchB[l - 1].storage))] })
        }
        /// The update direction of (3) from accumulated sums, against the batch objective with decay λ/2.
        func updateW(_ sums: (W: [Matrix<Double>], b: [Vector<Double>])) -> ReadingOutcome {
            worst(layers.map { l in compare((1 / m) * sums.W[l] + lab.lambda * lab.w[l], lab.dJ(wrtW: l, decay: lab.lambda / 2)) })
        }
        func updateB(_ sums: (W: [Matrix<Double>], b: [Vector<Double>])) -> ReadingOutcome {
            worst(layers.map { l in compare(Vector(sums.b[l].storage.map { $0 / m }), lab.dJ(wrtB: l, decay: lab.lambda / 2)) })
        }
        var loop = Checkpoint(
            "002-1.21", .seed002Part1, statement: .indexBinding, location: "批量梯度下降法中的一次迭代 (2)–(2.3)",
            printed: "for i = 1 … m: ΔW^(l) := ΔW^(l) + ∇_{W^(l)} J(W,b;x,y);  Δb^(l) := Δb^(l) + ∇_{b^(l)} J(W,b;x,y)",
            source: #"\Delta W^{(l)} := \Delta W^{(l)} + \nabla_{W^{(l)}} J(W,b;x,y)"#,
            comparedWith: "the gradient of the batch cost Σ_i J(W,b;x^(i),y^(i)) in W^(l) and b^(l), by complex step",
            aggregation: "worst over layers of ‖·‖ over ΔW^(l) and over Δb^(l)",
            explanation: "The loop binds i, but the body never uses it: ∇J(W,b;x,y) is the gradient at the one example (x, y) the section starts from, added m times. Fix: ∇_{W^(l)} J(W,b;x^(i),y^(i)) and ∇_{b^(l)} J(W,b;x^(i),y^(i)).",
            readings: [
                Reading(.asPrinted, "(x, y) the one example the section starts from (给定一个样例 (x,y)), added at every i", batchSums(sameExample)),
                Reading(.typoFix, "the i-th example", formula: "ΔW^(l) := ΔW^(l) + ∇_{W^(l)} J(W,b;x^(i),y^(i)), and the same for Δb^(l)", batchSums(everyExample)),
            ])
        loop.downstream = [Downstream(
            "ΔW^(l), Δb^(l)", printed: "the gradient at one example, added m times", corrected: "Σ_i ∇J(W,b;x^(i),y^(i))",
            effects: [DownstreamEffect("002-1.19", printed: updateW(sameExample), corrected: updateW(everyExample)),
                      DownstreamEffect("002-1.20", printed: updateB(sameExample), corrected: updateB(everyExample))])]
        checkpoints.append(loop)

        checkpoints.append(Checkpoint(
            "002-1.19", .seed002Part1, location: "批量梯度下降法中的一次迭代 (3) 更新权重参数",
            printed: "W^(l) = W^(l) − α[(1/m ΔW^(l)) + λW^(l)],  ΔW^(l) accumulated in (2.2) over the examples x^(i), y^(i)",
            source: #"W^{(l)} &= W^{(l)} - \alpha \left[ \left(\frac{1}{m} \Delta W^{(l)} \right) + \lambda W^{(l)}\right]"#,
            comparedWith: "the gradient in W^(l) of the batch objective, by complex step (m = \(lab.m) examples, λ = \(lab.lambda)); the document does not print the objective",
            aggregation: "worst over layers of ‖·‖ over the matrix",
            ifReadingNeeded: .convention,
            explanation: "The update is gradient descent on J(W,b) = (1/m) Σ_i J(W,b;x^(i),y^(i)) + (λ/2) Σ_l ‖W^(l)‖², UFLDL's objective with its ½ on the weight decay. [S002] does not print the objective; with λ instead of λ/2 the update is a different one. λ itself is not defined in part 1 (002-1.25).",
            readings: [
                Reading(.reading, "gradient descent on J(W,b) = (1/m) Σ_i J(W,b;x^(i),y^(i)) + (λ/2) Σ_l ‖W^(l)‖², UFLDL's objective", worst(layers.map { l in
                    compare((1 / m) * everyExample.W[l] + lab.lambda * lab.w[l], lab.dJ(wrtW: l, decay: lab.lambda / 2))
                })),
                Reading(.reading, "gradient descent on J(W,b) = (1/m) Σ_i J(W,b;x^(i),y^(i)) + λ Σ_l ‖W^(l)‖²", worst(layers.map { l in
                    compare((1 / m) * everyExample.W[l] + lab.lambda * lab.w[l], lab.dJ(wrtW: l, decay: lab.lambda))
                })),
            ]))

        checkpoints.append(Checkpoint(
            "002-1.20", .seed002Part1, location: "批量梯度下降法中的一次迭代 (3) 更新权重参数",
            printed: "b^(l) = b^(l) − α[1/m Δb^(l)],  Δb^(l) accumulated in (2.3) over the examples x^(i), y^(i)",
            source: #"b^{(l)} &= b^{(l)} - \alpha \left[\frac{1}{m} \Delta b^{(l)}\right]"#,
            comparedWith: "the gradient in b^(l) of the batch objective with weight decay, by complex step",
            aggregation: "worst over layers of ‖·‖ over the vector",
            readings: [Reading(.asPrinted, "the weight decay leaves the biases alone", updateB(everyExample))]))

        let uncomputable = [
            UncomputableFinding(
                "002-1.24", .seed002Part1, statement: .naming, location: "反向传导算法 (3) 推导过程",
                printed: "z_i^{n_l−1}, W_ji^{n_l−1}; S_{n_l} and s_{l+1}", severity: .typo,
                whyNotComputable: "notation: the quantities meant are the ones the derivation's result (002-1.14) uses",
                explanation: "In the derivation the layer superscript loses its parentheses in places (z^{n_l−1}, W^{n_l−1} for z^(n_l−1), W^(n_l−1)), where n_l − 1 reads as an exponent; and the layer sizes are S_{n_l} there but s_{l+1} in the result."),
            UncomputableFinding(
                "002-1.25", .seed002Part1, statement: .symbolReuse, location: "批量梯度下降法 (3) 更新权重参数; part 2, §2.5",
                printed: "λ", severity: .misleading,
                whyNotComputable: "a symbol: what it stands for is a choice of the reader, not a number",
                explanation: "In part 1's update W^(l) − α[(1/m)ΔW^(l) + λW^(l)], λ is the weight-decay parameter and α the learning rate; neither is defined in the document. Part 2 defines λ > 0 as the learning rate (002-2.18 … 002-2.20). Fix: define both in part 1, and write the learning rate with one letter throughout."),
        ]

        return DocumentCheck(
            document: .seed002Part1,
            models: [(nil, "a random sigmoid feedforward network (layers \(sizes.map(String.init).joined(separator: "-")), quadratic cost, \(lab.m) examples, seed \(seed))")],
            checkpoints: checkpoints, uncomputable: uncomputable)
    }
}
