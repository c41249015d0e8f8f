// Seed 001, "RNN（二）前向和BPTT": index-wise, sigmoid units, biases, SSE (and a cross-entropy it
// gives but does not use), the document's δ (a negative gradient), its weight changes and its
// unfolding through time. notes/index-wise.md numbers the same equations I1–I13.
//
// The document indexes patterns by l and lets l double as time; here l is the time step 0 … P−1.
// Its δ's are −∂C/∂net: the references are negated derivatives.

enum Seed001 {
    static func check(seed: UInt64) -> DocumentCheck {
        let size = NetworkSize(hidden: 3, steps: 5, inputs: 2, outputs: 2)
        let lab = IndexWiseLab(size: size, seed: seed)
        let softmaxLab = IndexWiseLab(size: size, seed: seed, g: .softmax)
        let (P, N, M, O) = (lab.P, lab.N, lab.M, lab.O)
        let (v, u, w) = (lab.network.v, lab.network.u, lab.network.w)
        let trace = lab.trace
        var checkpoints: [Checkpoint] = []

        func sigmoid(_ z: Double) -> Double { 1 / (1 + Double.exp(-z)) }
        func negated(_ v: Vector<Double>) -> Vector<Double> { -v }
        func negated(_ a: [Double]) -> [Double] { a.map { -$0 } }

        // MARK: forward and cost

        checkpoints.append(Checkpoint(
            "001.1", .seed001, location: "forward: 1. input->hidden",
            printed: "net_j(t) = Σ_i^N x_i(t) v_ji + Σ_h^M s_h(t−1) u_jh + θ_j;  s_j(t) = f(net_j(t))",
            source: #"$net_j(t)=\sum_{i}^Nx_i(t)v_{ji}+\sum_{h}^Ms_h(t-1)u_{jh}+\theta_j$ ... $s_j(t)=f(net_j(t))$"#,
            comparedWith: "net_j and s_j of the package's forward pass, s(−1) = 0",
            readings: [Reading(.asPrinted, "f the sigmoid; written here as matrix products v x + u s + θ", {
                var s = Vector<Double>.zeros(M)
                var values: [Vector<Double>] = []
                for t in 0..<P {
                    let net: Vector<Double> = v.dot(Vector(lab.x[t])) + u.dot(s) + lab.network.thetaJ
                    s = Vector(net.storage.map(sigmoid))
                    values += [net, s]
                }
                return compare(concatenated(values), concatenated((0..<P).flatMap { [trace.netJ[$0], trace.s[$0]] }))
            }())]))

        checkpoints.append(Checkpoint(
            "001.2", .seed001, location: "forward: 2. hidden->output",
            printed: "net_k(t) = Σ_j^M s_j(t) w_kj + θ_k;  y_k(t) = g(net_k(t))",
            source: #"$net_k(t)=\sum_{j}^Ms_j(t)w_{kj}+\theta_k$ ... $y_k(t)=g(net_k(t))$"#,
            comparedWith: "net_k and y_k of the package's forward pass",
            readings: [Reading(.asPrinted, "g the sigmoid", {
                let values = (0..<P).flatMap { t -> [Vector<Double>] in
                    let net: Vector<Double> = w.dot(trace.s[t]) + lab.network.thetaK
                    return [net, Vector(net.storage.map(sigmoid))]
                }
                return compare(concatenated(values), concatenated((0..<P).flatMap { [trace.netK[$0], trace.y[$0]] }))
            }())]))

        checkpoints.append(Checkpoint(
            "001.3", .seed001, location: "cost function: 1.summed squared error(SSE)",
            printed: "C = ½ Σ_l^P Σ_k^O (d_lk − y_lk)²",
            source: #"$C=\frac{1}{2}\sum_l^P\sum_k^O(d_{lk}-y_{lk})^2$"#,
            comparedWith: "the package's cost, Σ_l C_l",
            readings: [Reading(.asPrinted, "l the pattern (= time step)", {
                var sse = 0.0
                for l in 0..<P {
                    for k in 0..<O {
                        let e: Double = lab.d[l][k] - trace.y[l][k]
                        sse += e * e
                    }
                }
                return compare(0.5 * sse, IndexWise.Problem(network: lab.network, x: lab.x, d: lab.d).loss())
            }())]))

        checkpoints.append(Checkpoint(
            "001.4", .seed001, location: "cost function: 2.cross extropy(CE)",
            printed: "C = −Σ_l^P Σ_k^O d_lk ln y_lk + (1 − d_lk) ln(1 − y_lk)",
            source: #"$C=-\sum_l^P\sum_k^Od_{lk}\ln y_{lk}+(1-d_{lk})\ln(1-y_{lk})$"#,
            comparedWith: "the negative log-likelihood of the targets under independent Bernoulli outputs, −Σ_l Σ_k ln(y_lk^d_lk (1 − y_lk)^(1−d_lk))",
            readings: [
                Reading(.asPrinted, "as written: the minus and the sums bind the first term only",
                        .notComparable("the second term stands outside both sums, where l and k are not bound")),
                Reading(.typoFix, "brackets around both terms", formula: "C = −Σ_l Σ_k [d_lk ln y_lk + (1 − d_lk) ln(1 − y_lk)]", {
                    var bracketed = 0.0, likelihood = 0.0
                    for l in 0..<P {
                        for k in 0..<O {
                            let (dlk, ylk) = (lab.d[l][k], trace.y[l][k])
                            bracketed -= dlk * Double.log(ylk) + (1 - dlk) * Double.log(1 - ylk)
                            likelihood -= Double.log(_pow(ylk, dlk) * _pow(1 - ylk, 1 - dlk))
                        }
                    }
                    return compare(bracketed, likelihood)
                }()),
            ]))

        // MARK: error components

        // δ_lk = (d_lk − y_lk) y_lk(1 − y_lk), the sigmoid's g′(net) through its output.
        var deltaK: [Vector<Double>] = []
        for l in 0..<P {
            var row = Vector<Double>.zeros(O)
            for k in 0..<O {
                let y: Double = trace.y[l][k]
                row[k] = (lab.d[l][k] - y) * y * (1 - y)
            }
            deltaK.append(row)
        }
        let minusdCldNetK = (0..<P).map { l in negated(lab.dC(l, wrt: .netK, at: l)) }
        checkpoints.append(Checkpoint(
            "001.5", .seed001, location: "error component: error for output nodes",
            printed: "δ_lk = −∂C/∂net_lk = −∂C/∂y_lk · ∂y_lk/∂net_lk",
            source: #"$\delta_{lk}=-\frac{\partial C}{\partial net_{lk}}=-\frac{\partial C}{\partial y_{lk}}\frac{\partial y_{lk}}{\partial net_{lk}}"#,
            comparedWith: "for every l, −∂C/∂net_k(l) by complex step",
            readings: [Reading(.asPrinted, "both factors numerical (∂y/∂net the diagonal Jacobian of the sigmoid)", worst((0..<P).map { l in
                let chain = lab.jacobian(of: .y, at: l, wrt: .netK, at: l).T.dot(lab.dC(l, wrt: .y, at: l))
                return compare(negated(chain), minusdCldNetK[l])
            }))]))

        checkpoints.append(Checkpoint(
            "001.6", .seed001, location: "error component: error for output nodes",
            printed: "δ_lk = (d_lk − y_lk) g′(y_lk)",
            source: #"=(d_{lk}-y_{lk})g'(y_{lk})$"#,
            comparedWith: "for every l, −∂C/∂net_k(l) by complex step",
            readings: [
                Reading(.asPrinted, "g′ evaluated at y_lk: σ′(y) = σ(y)(1 − σ(y))", worst((0..<P).map { l -> ReadingOutcome in
                    var literal = Vector<Double>.zeros(O)
                    for k in 0..<O {
                        let y: Double = trace.y[l][k]
                        literal[k] = (lab.d[l][k] - y) * sigmoid(y) * (1 - sigmoid(y))
                    }
                    return compare(literal, minusdCldNetK[l])
                })),
                Reading(.typoFix, "g′ at net_lk, which for the sigmoid is y_lk(1 − y_lk)", formula: "δ_lk = (d_lk − y_lk) g′(net_lk)",
                        worst((0..<P).map { compare(deltaK[$0], minusdCldNetK[$0]) })),
            ]))

        // δ_lj = Σ_k δ_lk w_kj f′(net_lj), the hidden error of pattern l at its own step.
        var deltaJImmediate: [Vector<Double>] = []
        for l in 0..<P {
            var row = Vector<Double>.zeros(M)
            for j in 0..<M {
                var sum = 0.0
                for k in 0..<O { sum += deltaK[l][k] * w[k, j] }
                let s: Double = trace.s[l][j]
                row[j] = sum * s * (1 - s)
            }
            deltaJImmediate.append(row)
        }
        checkpoints.append(Checkpoint(
            "001.7", .seed001, location: "error component: error for hidden nodes",
            printed: "δ_lj = −(Σ_k^O ∂C/∂y_lk · ∂y_lk/∂net_lk · ∂net_lk/∂s_lj) ∂s_lj/∂net_lj = Σ_k^O δ_lk w_kj f′(net_lj)",
            source: #"$\delta_{lj}=-(\sum_k^O\frac{\partial C}{\partial y_{lk}}\frac{\partial y_{lk}}{\partial net_{lk}}\frac{\partial net_{lk}}{\partial s_{lj}})\frac{\partial s_{lj}}{\partial net_{lj}}=\sum_k^O\delta_{lk}w_{kj}f'(net_{lj})$"#,
            comparedWith: "for every l, −∂C_l/∂net_j(l) (the cost of pattern l) or −∂C/∂net_j(l) (the whole cost), by complex step",
            readings: [
                Reading(.reading, "C the cost of pattern l alone (the unfolding below adds the later patterns)",
                        worst((0..<P).map { compare(deltaJImmediate[$0], negated(lab.dC($0, wrt: .netJ, at: $0))) })),
                Reading(.reading, "C the whole cost Σ_l C_l",
                        worst((0..<P).map { compare(deltaJImmediate[$0], negated(lab.dC(nil, wrt: .netJ, at: $0))) })),
            ]))

        let nets = trace.netJ.flatMap(\.storage) + trace.netK.flatMap(\.storage)
        checkpoints.append(Checkpoint(
            "001.8", .seed001, location: "activate function: sigmoid",
            printed: "f(net) = 1/(1 + e^{−net});  f′(net) = f(net){1 − f(net)}",
            source: #"$f(net)=\frac{1}{1+e^{-net}}$ ... $f'(net)=f(net)\{1-f(net)\}$"#,
            comparedWith: "the package's sigmoid and its complex-step derivative, at every net of the forward pass",
            readings: [Reading(.asPrinted, "the logistic function and its derivative through its value", worst([
                compare(nets.map(sigmoid), nets.map { RNNGradCheck.sigmoid($0) }),
                compare(nets.map { sigmoid($0) * (1 - sigmoid($0)) }, nets.map { RNNGradCheck.sigmoid(Complex($0, ComplexStep.h)).imaginary / ComplexStep.h }),
            ]))]))

        // MARK: the softmax output (g = softmax), on a network with softmax outputs

        let sTrace = softmaxLab.trace
        checkpoints.append(Checkpoint(
            "001.9", .seed001, location: "activate function: softmax",
            printed: "g(net_k) = e^{net_k} / Σ_k^O e^{net_k}",
            source: #"$g(net_k)=\frac{e^{net_k}}{\sum_k^Oe^{net_k}}$"#,
            comparedWith: "the package's (max-shifted) softmax on the outputs of a softmax network",
            readings: [Reading(.asPrinted, "the k of the sum is bound (it runs over all O outputs)", compare(
                concatenated(sTrace.netK.map { net in
                    let e = net.storage.map { Double.exp($0) }
                    return Vector(e.map { $0 / e.reduce(0, +) })
                }), concatenated(sTrace.y)))]))

        // The printed g′: e^{net_k}(Σ_j e^{net_j} − e^{net_k}) / (Σ_j e^{net_j})².
        let diagonal = sTrace.netK.map { net -> Vector<Double> in
            let e: [Double] = net.storage.map { Double.exp($0) }
            let sum: Double = e.reduce(0, +)
            return Vector(e.map { (value: Double) -> Double in value * (sum - value) / (sum * sum) })
        }
        checkpoints.append(Checkpoint(
            "001.10", .seed001, location: "activate function: softmax",
            printed: "g′(net_k) = e^{net_k}(Σ_j^O e^{net_j} − e^{net_k}) / (Σ_j^O e^{net_j})²",
            source: #"$g'(net_k)=\frac{e^{net_k}(\sum_j^Oe^{net_j}-e^{net_k})}{{(\sum_j^Oe^{net_j}})^2}$"#,
            comparedWith: "the complex-step Jacobian ∂y/∂net of the softmax at every step",
            readings: [
                Reading(.reading, "g′(net_k) = ∂y_k/∂net_k, the diagonal of the Jacobian", worst((0..<P).map { l in
                    let J = softmaxLab.jacobian(of: .y, at: l, wrt: .netK, at: l)
                    return compare(diagonal[l], Vector((0..<O).map { J[$0, $0] }))
                })),
                Reading(.reading, "g′(net_k) the whole effect of net_k on the outputs (the column ∂y/∂net_k)", worst((0..<P).map { l in
                    let J = softmaxLab.jacobian(of: .y, at: l, wrt: .netK, at: l)
                    return compare(concatenated((0..<O).map { k in Vector.unit(O, k, diagonal[l][k]) }), concatenated((0..<O).map { J[column: $0] }))
                })),
            ]))

        checkpoints.append(Checkpoint(
            "001.11", .seed001, location: "error for output nodes with g the softmax (“Discussion below is based on SSE”)",
            printed: "δ_lk = (d_lk − y_lk) g′(net_lk),  g the softmax and g′ as printed",
            source: #"$\delta_{lk}=...=(d_{lk}-y_{lk})g'(y_{lk})$ with $g'(net_k)=\frac{e^{net_k}(\sum_j^Oe^{net_j}-e^{net_k})}{{(\sum_j^Oe^{net_j}})^2}$"#,
            comparedWith: "for every l, −∂C/∂net_k(l) by complex step, on a network with softmax outputs",
            readings: [
                Reading(.asPrinted, "g′ the printed diagonal term", worst((0..<P).map { l -> ReadingOutcome in
                    var literal = Vector<Double>.zeros(O)
                    for k in 0..<O { literal[k] = (softmaxLab.d[l][k] - sTrace.y[l][k]) * diagonal[l][k] }
                    return compare(literal, negated(softmaxLab.dC(l, wrt: .netK, at: l)))
                })),
                Reading(.correction, "the whole softmax Jacobian", formula: "δ_lk = y_lk[(d_lk − y_lk) − Σ_k′ (d_lk′ − y_lk′) y_lk′]", worst((0..<P).map { l -> ReadingOutcome in
                    var weighted = 0.0
                    for k in 0..<O { weighted += (softmaxLab.d[l][k] - sTrace.y[l][k]) * sTrace.y[l][k] }
                    var full = Vector<Double>.zeros(O)
                    for k in 0..<O {
                        let y: Double = sTrace.y[l][k]
                        full[k] = y * ((softmaxLab.d[l][k] - y) - weighted)
                    }
                    return compare(full, negated(softmaxLab.dC(l, wrt: .netK, at: l)))
                })),
            ]))

        // MARK: gradient descent (before unfolding)

        var deltaW = [Double](repeating: 0, count: O * M)
        for l in 0..<P { for k in 0..<O { for j in 0..<M { deltaW[k * M + j] += deltaK[l][k] * trace.s[l][j] } } }
        checkpoints.append(Checkpoint(
            "001.12", .seed001, location: "gradient descent: 1. hidden->output",
            printed: "Δw_kj = −η ∂C/∂w_kj = η Σ_l^P (−∂C/∂net_lk) ∂net_lk/∂w_kj = η Σ_l^P δ_lk ∂net_lk/∂w_kj = η Σ_l^P δ_lk s_lj",
            source: #"$\Delta w_{kj}=-\eta \frac{\partial C}{\partial w_{kj}}=\eta \sum_l^P(-\frac{\partial C}{\partial net_{lk}})\frac{\partial net_{lk}}{\partial w_{kj}}=\eta \sum_l^P\delta_{lk}\frac{\partial net_{lk}}{\partial w_{kj}}=\eta \sum_l^P\delta_{lk}s_{lj}$"#,
            comparedWith: "−η ∂C/∂w by complex step (η = 1)",
            readings: [Reading(.asPrinted, "Δw = −η·gradient, δ_lk = (d − y) y(1 − y)", compare(deltaW, negated(lab.dC(nil, wrt: .w))))]))

        var deltaV = [Double](repeating: 0, count: M * N)
        var deltaU = [Double](repeating: 0, count: M * M)
        for l in 0..<P {
            for j in 0..<M {
                for i in 0..<N { deltaV[j * N + i] += deltaJImmediate[l][j] * lab.x[l][i] }
                for h in 0..<M { deltaU[j * M + h] += deltaJImmediate[l][j] * trace.s[l - 1][h] }
            }
        }
        for (id, block, delta, printed, source) in [
            ("001.13", IndexWiseLab.Block.v, deltaV, "Δv_ji = −η ∂C/∂v_ji = η Σ_l^P δ_lj x_li", #"$\Delta v_{ji}=-\eta \frac{\partial C}{\partial v_{ji}}=\eta \sum_l^P\delta_{lj}x_{li}$"#),
            ("001.14", IndexWiseLab.Block.u, deltaU, "Δu_jh = −η ∂C/∂u_jh = η Σ_l^P δ_lj s_(l−1)h", #"$\Delta u_{jh}=-\eta \frac{\partial C}{\partial u_{jh}}=\eta \sum_l^P\delta_{lj}s_{(l-1)h}$"#),
        ] {
            checkpoints.append(Checkpoint(
                id, .seed001, location: block == .v ? "gradient descent: 2. input->hidden" : "gradient descent: 3. previous hidden->hidden",
                printed: printed, source: source,
                comparedWith: "−η ∂C/∂\(block == .v ? "v" : "u") by complex step (η = 1), or the same for the objective unfolded to depth 0",
                readings: [
                    Reading(.asPrinted, "−η times the gradient of C, with δ_lj of 001.7", compare(delta, negated(lab.dC(nil, wrt: block)))),
                    Reading(.reading, "before unfolding: each pattern's error reaches its own step only (unfolding depth 0)",
                            compare(delta, negated(lab.truncatedGradient(block, depth: 0)))),
                ]))
        }

        // MARK: unfolding

        checkpoints.append(Checkpoint(
            "001.15", .seed001, location: "unfolding",
            printed: "net_lj(t) = Σ_i^N x_li(t) v_ji + Σ_h^M s_(l−1)h u_jh + θ_j;  s_(l−1)h = f(net_(l−1)h)",
            source: #"$net_{lj}(t)=\sum_{i}^Nx_{li}(t)v_{ji}+\sum_{h}^Ms_{(l-1)h}u_{jh}+\theta_j$ ... $s_{(l-1)h}=f(net_{(l-1)h})$"#,
            comparedWith: "net_j and s of the package's forward pass, with l the time step",
            readings: [Reading(.asPrinted, "l indexes time, as the note under the equation says", worst((0..<P).map { l in
                var net = lab.network.thetaJ
                for j in 0..<M {
                    for i in 0..<N { net[j] += lab.x[l][i] * v[j, i] }
                    for h in 0..<M { net[j] += trace.s[l - 1][h] * u[j, h] }
                }
                return worst([compare(net, trace.netJ[l]), compare(Vector(net.storage.map(sigmoid)), trace.s[l])])
            }))]))

        // δ_j^(l)(k) = −∂C_l/∂net_j(k): the error of pattern l at step k ≤ l.
        let deltaJ: [[Vector<Double>]] = (0..<P).map { l in (0...l).map { k in negated(lab.dC(l, wrt: .netJ, at: k)) } }
        let later = (1..<P).map { $0 }
        func fPrime(_ k: Int) -> Vector<Double> { Vector(trace.s[k].storage.map { $0 * (1 - $0) }) }
        checkpoints.append(Checkpoint(
            "001.16", .seed001, location: "unfolding: “Error for hidden nodes through time”",
            printed: "δ_lj(t−1) = −∂C/∂net_(l−1)j = −Σ_h^M ∂C/∂net_lh · ∂net_lh/∂net_(l−1)j",
            source: #"$\delta_{lj}(t-1)=-\frac{\partial C}{\partial net_{(l-1)j}}=-\sum_h^M\frac{\partial C}{\partial net_{lh}}\frac{\partial net_{lh}}{\partial net_{(l-1)j}}$"#,
            comparedWith: "for every l ≥ 1, −∂C_l/∂net_j(l−1) or −∂C/∂net_j(l−1) by complex step",
            readings: [
                Reading(.reading, "C the cost of pattern l (the error of output l, moved one step back)", worst(later.map { l in
                    let chain = lab.jacobian(of: .netJ, at: l, wrt: .netJ, at: l - 1).T.dot(lab.dC(l, wrt: .netJ, at: l))
                    return compare(negated(chain), deltaJ[l][l - 1])
                })),
                Reading(.reading, "C the whole cost", worst(later.map { l in
                    let chain = lab.jacobian(of: .netJ, at: l, wrt: .netJ, at: l - 1).T.dot(lab.dC(nil, wrt: .netJ, at: l))
                    return compare(negated(chain), negated(lab.dC(nil, wrt: .netJ, at: l - 1)))
                })),
            ]))

        checkpoints.append(Checkpoint(
            "001.17", .seed001, location: "unfolding",
            printed: "= (−Σ_h^M ∂C/∂net_lh)(∂net_lh/∂s_(l−1)j)(∂s_(l−1)j/∂net_(l−1)j)",
            source: #"$=(-\sum_h^M\frac{\partial C}{\partial net_{lh}})(\frac{\partial net_{lh}}{\partial s_{(l-1)j}})(\frac{\partial s_{(l-1)j}}{\partial net_{(l-1)j}})$"#,
            comparedWith: "for every l ≥ 1, −∂C_l/∂net_j(l−1) by complex step",
            readings: [
                Reading(.asPrinted, "as bracketed: the sum closes before the factors that depend on h",
                        .notComparable("h is bound inside the first bracket and free in the second")),
                Reading(.typoFix, "the sum over the whole product", formula: "= −Σ_h^M (∂C/∂net_lh)(∂net_lh/∂s_(l−1)j)(∂s_(l−1)j/∂net_(l−1)j)", worst(later.map { l in
                    let dsdnet = lab.jacobian(of: .s, at: l - 1, wrt: .netJ, at: l - 1)
                    let dnetds = lab.jacobian(of: .netJ, at: l, wrt: .s, at: l - 1)
                    let chain = dsdnet.T.dot(dnetds.T.dot(lab.dC(l, wrt: .netJ, at: l)))
                    return compare(negated(chain), deltaJ[l][l - 1])
                })),
            ]))

        checkpoints.append(Checkpoint(
            "001.18", .seed001, location: "unfolding",
            printed: "= Σ_h^M δ_lh(t) u_hj f′(net_(l−1)j)",
            source: #"$=\sum_h^M\delta_{lh}(t)u_{hj}f'(net_{(l-1)j})$"#,
            comparedWith: "for every l ≥ 1, −∂C_l/∂net_j(l−1) by complex step",
            readings: [Reading(.asPrinted, "δ_lh(t) = −∂C_l/∂net_h(l), f′(net) = f(net)(1 − f(net))", worst(later.map { l in
                compare(u.T.dot(deltaJ[l][l]) .* fPrime(l - 1), deltaJ[l][l - 1])
            }))]))

        checkpoints.append(Checkpoint(
            "001.19", .seed001, location: "unfolding: “此处原始论文使用的是 s_lj(t−1)，个人感觉应该是 net_lj(t−1)”",
            printed: "δ_lj(t−1) = Σ_h^M δ_lh(t) u_hj f′(s_lj(t−1))  (the original paper's argument)",
            source: "此处原始论文使用的是$s_{lj}(t-1)$，个人感觉应该是$net_{lj}(t-1)$",
            comparedWith: "for every l ≥ 1, −∂C_l/∂net_j(l−1) by complex step",
            readings: [
                Reading(.reading, "f′ evaluated at s: σ′(s) = σ(s)(1 − σ(s))", worst(later.map { l in
                    compare(u.T.dot(deltaJ[l][l]) .* Vector(trace.s[l - 1].storage.map { sigmoid($0) * (1 - sigmoid($0)) }), deltaJ[l][l - 1])
                })),
                Reading(.reading, "f′ written through the unit's output s: f′ = s(1 − s)", worst(later.map { l in
                    compare(u.T.dot(deltaJ[l][l]) .* fPrime(l - 1), deltaJ[l][l - 1])
                })),
            ]))

        func unfolded(_ block: IndexWiseLab.Block, from first: Int) -> [Double] {
            var sum = [Double](repeating: 0, count: lab.count(block))
            for l in 0..<P {
                for z in first...max(first, l) where z <= l {
                    let k = l - z
                    for j in 0..<M {
                        if block == .v {
                            for i in 0..<N { sum[j * N + i] += deltaJ[l][k][j] * lab.x[k][i] }
                        } else {
                            for h in 0..<M { sum[j * M + h] += deltaJ[l][k][j] * trace.s[k - 1][h] }
                        }
                    }
                }
            }
            return sum
        }
        for (id, block, printed, source) in [
            ("001.20", IndexWiseLab.Block.v, "Δv_ji(t) = η Σ_z^T Σ_l^P δ_lj(t−z) x_(l−z)i", #"$\Delta v_{ji}(t)=\eta \sum_z^T\sum_l^P\delta_{lj}(t-z)x_{(l-z)i}$"#),
            ("001.21", IndexWiseLab.Block.u, "Δu_jh(t) = η Σ_z^T Σ_l^P δ_lj(t−z) s_(l−1−z)h", #"$\Delta u_{jh}(t)=\eta \sum_z^T\sum_l^P\delta_{lj}(t-z)s_{(l-1-z)h}$"#),
        ] {
            let reference = negated(lab.dC(nil, wrt: block))
            checkpoints.append(Checkpoint(
                id, .seed001, location: "unfolding: “weights are folded back adding up to one big change”",
                printed: printed, source: source,
                comparedWith: "−η ∂C/∂\(block == .v ? "v" : "u") by complex step (η = 1), unfolded to the first pattern (T = P−1)",
                readings: [
                    Reading(.reading, "z = 0 … T: the error of pattern l at steps l, l−1, …, l−T", compare(unfolded(block, from: 0), reference)),
                    Reading(.reading, "z = 1 … T: the unfolded steps only", compare(unfolded(block, from: 1), reference)),
                ]))
        }

        let steps: [IndexWiseLab.Block: [Double]] = [.v: unfolded(.v, from: 0), .u: unfolded(.u, from: 0), .w: deltaW]
        checkpoints.append(Checkpoint(
            "001.22", .seed001, location: "summary",
            printed: "v_ji(t+1) = v_ji(t) + η Σ_z Σ_l δ_lj(t−z) x_(l−z)i;  u_jh(t+1) = u_jh(t) + η Σ_z Σ_l δ_lj(t−z) s_(l−1−z)h;  w_kj(t+1) = w_kj(t) + η Σ_l δ_lk s_lj",
            source: #"$v_{ji}(t+1)=v_{ji}(t)+\eta \sum_z^T\sum_l^P\delta_{lj}(t-z)x_{(l-z)i}$ ... $w_{kj}(t+1)=w_{kj}(t)+\eta \sum_l^P\delta_{lk}s_{lj}$"#,
            comparedWith: "the rate at which C changes along the update, d/dε C(θ + εΔ) by complex step, against −‖Δ‖² (a descent step on C)",
            readings: [Reading(.asPrinted, "t the training iteration here; Δ unfolded to the first pattern; η = 1",
                               compare(-steps.values.reduce(0.0) { $0 + $1.reduce(0) { $0 + $1 * $1 } }, lab.rateOfChange(along: steps)))]))

        return DocumentCheck(
            document: .seed001,
            network: "a random index-wise network (N=\(N), M=\(M), O=\(O), P=\(P) patterns, sigmoid f and g, seed \(seed)); 001.9–001.11 on the same sizes with a softmax g",
            checkpoints: checkpoints)
    }
}

/// x^y for the cross-entropy's likelihood form.
private func _pow(_ x: Double, _ y: Double) -> Double { Double.exp(y * Double.log(x)) }
