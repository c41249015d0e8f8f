// [S001] RNN（二）前向和BPTT (xmdxcsj, CSDN), notes/sources.md: index-wise, sigmoid hidden units f,
// biases, SSE (and a cross-entropy it gives but does not use), the document's δ (a negative gradient),
// its weight changes and its unfolding through time. The document gives two output activations g
// (“activate function”: the sigmoid and the softmax) and derives with one g′, so every equation is
// checked under each: ids end in /sigmoid or /softmax. notes/index-wise.md numbers the same equations
// I1–I13.
//
// The document indexes patterns by l and lets l double as time; here l is the time step 0 … P−1.
// Its δ's are −∂C/∂net: the references are negated derivatives.

enum Seed001 {
    static func check(seed: UInt64, size: NetworkSize) -> DocumentCheck {
        var checkpoints: [Checkpoint] = []
        var models: [(model: String?, network: String)] = []
        for g in IndexWise.OutputActivation.allCases {
            let model = "g = \(g.rawValue)"
            checkpoints += Self.checkpoints(g: g, seed: seed, size: size).map { checkpoint in
                var c = checkpoint
                c.model = model
                return c
            }
            models.append((model, "a random index-wise network (N=\(size.inputs), M=\(size.hidden), O=\(size.outputs), P=\(size.steps) patterns, sigmoid f, \(g.rawValue) g, seed \(seed))"))
        }
        return DocumentCheck(document: .seed001, models: models, checkpoints: checkpoints, uncomputable: uncomputable)
    }

    private static func checkpoints(g: IndexWise.OutputActivation, seed: UInt64, size: NetworkSize) -> [Checkpoint] {
        let lab = IndexWiseLab(size: size, seed: seed, g: g)
        let (P, N, M, O) = (lab.P, lab.N, lab.M, lab.O)
        let (v, u, w) = (lab.network.v, lab.network.u, lab.network.w)
        let trace = lab.trace
        let softmax = g == .softmax
        var checkpoints: [Checkpoint] = []
        /// "001.7/softmax": the equation's id under this model.
        func id(_ number: Int) -> String { "001.\(number)/\(g.rawValue)" }

        func sigmoid(_ z: Double) -> Double { 1 / (1 + Double.exp(-z)) }
        func negated(_ v: Vector<Double>) -> Vector<Double> { -v }
        func negated(_ a: [Double]) -> [Double] { a.map { -$0 } }
        /// g as the document prints it, without a shift: the sigmoid, or e^{net_k} / Σ_j e^{net_j}.
        func gOf(_ net: Vector<Double>) -> Vector<Double> {
            if !softmax { return Vector(net.storage.map(sigmoid)) }
            let e = net.storage.map { Double.exp($0) }
            return Vector(e.map { $0 / e.reduce(0, +) })
        }
        /// The printed g′ at `argument`: σ(a)(1 − σ(a)), or e^{a_k}(Σ_j e^{a_j} − e^{a_k}) / (Σ_j e^{a_j})².
        func gPrime(_ argument: Vector<Double>) -> Vector<Double> {
            if !softmax { return Vector(argument.storage.map { sigmoid($0) * (1 - sigmoid($0)) }) }
            let e = argument.storage.map { Double.exp($0) }
            let sum = e.reduce(0, +)
            return Vector(e.map { $0 * (sum - $0) / (sum * sum) })
        }
        /// f′(net_j(k)) = s_j(k)(1 − s_j(k)).
        func fPrime(_ k: Int) -> Vector<Double> { Vector(trace.s[k].storage.map { $0 * (1 - $0) }) }

        // The exact errors, by complex step: δ_lk = −∂C/∂net_k(l), and δ_j of pattern l at step k ≤ l,
        // −∂C_l/∂net_j(k) (the cost of pattern l alone: see 001.7).
        let deltaK = (0..<P).map { l in negated(lab.dC(nil, wrt: .netK, at: l)) }
        let deltaJ: [[Vector<Double>]] = (0..<P).map { l in (0...l).map { k in negated(lab.dC(l, wrt: .netJ, at: k)) } }
        let later = Array(1..<P)

        // MARK: forward and cost

        checkpoints.append(Checkpoint(
            id(1), .seed001, location: "forward: 1. input->hidden",
            printed: "net_j(t) = Σ_i^N x_i(t) v_ji + Σ_h^M s_h(t−1) u_jh + θ_j;  s_j(t) = f(net_j(t))",
            source: #"$net_j(t)=\sum_{i}^Nx_i(t)v_{ji}+\sum_{h}^Ms_h(t-1)u_{jh}+\theta_j$ ... $s_j(t)=f(net_j(t))$"#,
            comparedWith: "net_j and s_j of the package's forward pass, s(−1) = 0",
            aggregation: "‖·‖ over every net_j(t) and s_j(t) together",
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
            id(2), .seed001, location: "forward: 2. hidden->output",
            printed: "net_k(t) = Σ_j^M s_j(t) w_kj + θ_k;  y_k(t) = g(net_k(t))",
            source: #"$net_k(t)=\sum_{j}^Ms_j(t)w_{kj}+\theta_k$ ... $y_k(t)=g(net_k(t))$"#,
            comparedWith: "net_k and y_k of the package's forward pass",
            aggregation: "‖·‖ over every net_k(t) and y_k(t) together",
            readings: [Reading(.asPrinted, softmax ? "g the softmax, computed without a shift" : "g the sigmoid", {
                let values = (0..<P).flatMap { t -> [Vector<Double>] in
                    let net: Vector<Double> = w.dot(trace.s[t]) + lab.network.thetaK
                    return [net, gOf(net)]
                }
                return compare(concatenated(values), concatenated((0..<P).flatMap { [trace.netK[$0], trace.y[$0]] }))
            }())]))

        checkpoints.append(Checkpoint(
            id(3), .seed001, location: "cost function: 1.summed squared error(SSE)",
            printed: "C = ½ Σ_l^P Σ_k^O (d_lk − y_lk)²",
            source: #"$C=\frac{1}{2}\sum_l^P\sum_k^O(d_{lk}-y_{lk})^2$"#,
            comparedWith: "the package's cost, Σ_l C_l",
            aggregation: "one number",
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
            id(4), .seed001, statement: .indexBinding, location: "cost function: 2.cross extropy(CE)",
            printed: "C = −Σ_l^P Σ_k^O d_lk ln y_lk + (1 − d_lk) ln(1 − y_lk)",
            source: #"$C=-\sum_l^P\sum_k^Od_{lk}\ln y_{lk}+(1-d_{lk})\ln(1-y_{lk})$"#,
            comparedWith: "the negative log-likelihood of the targets under independent Bernoulli outputs, −Σ_l Σ_k ln(y_lk^d_lk (1 − y_lk)^(1−d_lk))",
            aggregation: "one number",
            explanation: "As printed the minus sign and both sums bind the first term only, and the second term's l and k are free. Fix: brackets around both terms.",
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

        // MARK: the document's algorithm, fed any output or hidden errors (for the downstream lists)

        /// δ of pattern l at every step k ≤ l from its own-step δ_lj, back through time by 001.18.
        func back(_ own: [Vector<Double>]) -> [[Vector<Double>]] {
            (0..<P).map { l in
                var row = Array(repeating: Vector<Double>.zeros(M), count: l + 1)
                row[l] = own[l]
                for k in stride(from: l, to: 0, by: -1) { row[k - 1] = u.T.dot(row[k]) .* fPrime(k - 1) }
                return row
            }
        }
        /// 001.7's closed form: δ_lj = Σ_k δ_lk w_kj f′(net_lj).
        func own(_ dK: [Vector<Double>]) -> [Vector<Double>] { (0..<P).map { l in w.T.dot(dK[l]) .* fPrime(l) } }
        /// Δw_kj = η Σ_l δ_lk s_lj (η = 1).
        func deltaW(_ dK: [Vector<Double>]) -> [Double] {
            var sum = Matrix<Double>.zeros(O, M)
            for l in 0..<P { sum += outer(dK[l], trace.s[l]) }
            return sum.storage
        }
        /// Δv_ji or Δu_jh from a table of δ's, summed over z in `zs` (z = l − k).
        func change(_ block: IndexWiseLab.Block, _ table: [[Vector<Double>]], z zs: ClosedRange<Int>) -> [Double] {
            var sum = [Double](repeating: 0, count: lab.count(block))
            for l in 0..<P {
                for z in zs where z <= l {
                    let k = l - z
                    for j in 0..<M {
                        if block == .v {
                            for i in 0..<N { sum[j * N + i] += table[l][k][j] * lab.x[k][i] }
                        } else {
                            for h in 0..<M { sum[j * M + h] += table[l][k][j] * trace.s[k - 1][h] }
                        }
                    }
                }
            }
            return sum
        }
        let unfoldedAll = 0...max(0, P - 1)
        let depthZero: [IndexWiseLab.Block: [Double]] = [.v: negated(lab.truncatedGradient(.v, depth: 0)), .u: negated(lab.truncatedGradient(.u, depth: 0))]
        let minusGradient: [IndexWiseLab.Block: [Double]] = Dictionary(uniqueKeysWithValues: [IndexWiseLab.Block.v, .u, .w].map { ($0, negated(lab.dC(nil, wrt: $0))) })
        /// 001.22's check: the update Δ against −∇C (η = 1), and the rate at which C changes along it
        /// against −‖Δ‖².
        func descent(_ steps: [IndexWiseLab.Block: [Double]]) -> ReadingOutcome {
            let blocks: [IndexWiseLab.Block] = [.v, .u, .w]
            let step = blocks.flatMap { steps[$0]! }
            return worst([compare(step, blocks.flatMap { minusGradient[$0]! }),
                          compare(-step.reduce(0) { $0 + $1 * $1 }, lab.rateOfChange(along: steps))])
        }
        /// Every later checkpoint that uses the errors, evaluated on the given output errors and δ table.
        func consumers(deltaK dK: [Vector<Double>], table: [[Vector<Double>]]) -> [Int: ReadingOutcome] {
            let ownStep = (0..<P).map { table[$0][$0] }
            return [
                7: worst((0..<P).map { compare(ownStep[$0], deltaJ[$0][$0]) }),
                12: compare(deltaW(dK), minusGradient[.w]!),
                13: compare(change(.v, table, z: 0...0), depthZero[.v]!),
                14: compare(change(.u, table, z: 0...0), depthZero[.u]!),
                18: worst(later.map { compare(table[$0][$0 - 1], deltaJ[$0][$0 - 1]) }),
                20: compare(change(.v, table, z: unfoldedAll), minusGradient[.v]!),
                21: compare(change(.u, table, z: unfoldedAll), minusGradient[.u]!),
                22: descent([.v: change(.v, table, z: unfoldedAll), .u: change(.u, table, z: unfoldedAll), .w: deltaW(dK)]),
            ]
        }
        let correct = consumers(deltaK: deltaK, table: back(own(deltaK)))
        /// The effects on `ids`: fed the printed errors, fed the exact ones.
        func effects(_ ids: [Int], printed: [Int: ReadingOutcome], corrected: [Int: ReadingOutcome] = correct) -> [DownstreamEffect] {
            ids.map { DownstreamEffect(id($0), printed: printed[$0]!, corrected: corrected[$0]!) }
        }
        let usersOfDeltaK = [7, 12, 13, 14, 18, 20, 21, 22]

        // MARK: error components

        // ∂y_lk/∂net_lk, the diagonal of the Jacobian of g, and ∂C/∂y_lk, by complex step.
        let jacobianG = (0..<P).map { l in lab.jacobian(of: .y, at: l, wrt: .netK, at: l) }
        let dCdy = (0..<P).map { l in lab.dC(nil, wrt: .y, at: l) }
        /// −∂C/∂y_lk · ∂y_lk/∂net_lk: the path through y_lk alone.
        let onePath = (0..<P).map { l in Vector((0..<O).map { k in -dCdy[l][k] * jacobianG[l][k, k] }) }
        var outputError = Checkpoint(
            id(5), .seed001, location: "error component: error for output nodes",
            printed: "δ_lk = −∂C/∂net_lk = −∂C/∂y_lk · ∂y_lk/∂net_lk",
            source: #"$\delta_{lk}=-\frac{\partial C}{\partial net_{lk}}=-\frac{\partial C}{\partial y_{lk}}\frac{\partial y_{lk}}{\partial net_{lk}}"#,
            comparedWith: "for every l, −∂C/∂net_k(l) by complex step",
            aggregation: "worst over l of ‖·‖ over the O entries",
            explanation: softmax
                ? "The chain follows the path through y_lk alone. A softmax couples its outputs (∂y_lk′/∂net_lk = −y_lk′ y_lk for k′ ≠ k), so net_lk reaches C through every y_lk′. Fix: δ_lk = −Σ_k′ ∂C/∂y_lk′ · ∂y_lk′/∂net_lk."
                : nil,
            readings: [
                Reading(.asPrinted, "both factors numerical: the path through y_lk alone (∂y_lk/∂net_lk the diagonal of the Jacobian of g)",
                        worst((0..<P).map { compare(onePath[$0], deltaK[$0]) })),
                Reading(.correction, "every path from net_lk to C", formula: "δ_lk = −Σ_k′ ∂C/∂y_lk′ · ∂y_lk′/∂net_lk",
                        worst((0..<P).map { l in compare(negated(jacobianG[l].T.dot(dCdy[l])), deltaK[l]) })),
            ])
        if softmax {
            outputError.downstream = [Downstream(
                "δ_lk", printed: "δ_lk = −∂C/∂y_lk · ∂y_lk/∂net_lk, the path through y_lk alone", corrected: "δ_lk = −∂C/∂net_lk",
                effects: effects(usersOfDeltaK, printed: consumers(deltaK: onePath, table: back(own(onePath)))))]
        }
        checkpoints.append(outputError)

        /// δ_lk = (d_lk − y_lk) g′(a) with the printed g′ at the argument a.
        func printedDeltaK(gPrimeAt argument: (Int) -> Vector<Double>) -> [Vector<Double>] {
            (0..<P).map { l in (Vector(lab.d[l]) - trace.y[l]) .* gPrime(argument(l)) }
        }
        let deltaKAtY = printedDeltaK { trace.y[$0] }
        let deltaKAtNet = printedDeltaK { trace.netK[$0] }
        /// The softmax's output error with its whole Jacobian: y_k[(d_k − y_k) − Σ_k′ (d_k′ − y_k′) y_k′].
        let deltaKSoftmax = (0..<P).map { l -> Vector<Double> in
            let r = Vector(lab.d[l]) - trace.y[l]
            let weighted = r.dot(trace.y[l])
            return trace.y[l] .* Vector(r.storage.map { $0 - weighted })
        }
        var outputErrorClosed = Checkpoint(
            id(6), .seed001, location: "error component: error for output nodes",
            printed: "δ_lk = (d_lk − y_lk) g′(y_lk)",
            source: #"=(d_{lk}-y_{lk})g'(y_{lk})$"#,
            comparedWith: "for every l, −∂C/∂net_k(l) by complex step",
            aggregation: "worst over l of ‖·‖ over the O entries",
            explanation: softmax
                ? "Two slips on top of each other. The argument of g′ must be net_lk, not y_lk; and with a softmax g the printed g′ is only the diagonal of its Jacobian, so (d_lk − y_lk) g′(net_lk) misses the coupling between outputs (see 001.10). Fix: δ_lk = y_lk[(d_lk − y_lk) − Σ_k′ (d_lk′ − y_lk′) y_lk′], or use the softmax with the cross-entropy, whose output error is d_lk − y_lk."
                : "g′ is evaluated at y_lk instead of net_lk. For the sigmoid g′(net_lk) = y_lk(1 − y_lk); σ′(y_lk) is a different number. A typo that changes the numbers a lot. The note under the unfolding shows the author uses f′(net).",
            readings: [
                Reading(.asPrinted, softmax ? "g′ as printed, evaluated at the vector y_l" : "g′ evaluated at y_lk: σ′(y) = σ(y)(1 − σ(y))",
                        worst((0..<P).map { compare(deltaKAtY[$0], deltaK[$0]) })),
                Reading(.typoFix, softmax ? "g′ at net_lk, as printed (the diagonal ∂y_lk/∂net_lk)" : "g′ at net_lk, which for the sigmoid is y_lk(1 − y_lk)",
                        formula: "δ_lk = (d_lk − y_lk) g′(net_lk)", worst((0..<P).map { compare(deltaKAtNet[$0], deltaK[$0]) })),
            ] + (softmax ? [Reading(.correction, "the whole softmax Jacobian", formula: "δ_lk = y_lk[(d_lk − y_lk) − Σ_k′ (d_lk′ − y_lk′) y_lk′]",
                                    worst((0..<P).map { compare(deltaKSoftmax[$0], deltaK[$0]) }))] : []))
        outputErrorClosed.downstream = [Downstream(
            "δ_lk", printed: "δ_lk = (d_lk − y_lk) g′(y_lk), as printed", corrected: "δ_lk = −∂C/∂net_lk",
            effects: effects(usersOfDeltaK, printed: consumers(deltaK: deltaKAtY, table: back(own(deltaKAtY)))))]
        if softmax {
            outputErrorClosed.downstream.append(Downstream(
                "δ_lk", printed: "δ_lk = (d_lk − y_lk) g′(net_lk), the argument repaired but g′ the printed diagonal",
                corrected: "δ_lk = y_lk[(d_lk − y_lk) − Σ_k′ (d_lk′ − y_lk′) y_lk′]",
                effects: effects(usersOfDeltaK, printed: consumers(deltaK: deltaKAtNet, table: back(own(deltaKAtNet))),
                                 corrected: consumers(deltaK: deltaKSoftmax, table: back(own(deltaKSoftmax))))))
        }
        checkpoints.append(outputErrorClosed)

        // δ_lj = −(Σ_k ∂C/∂y_lk · ∂y_lk/∂net_lk · ∂net_lk/∂s_lj) ∂s_lj/∂net_lj, every factor numerical.
        let dNetKdS = (0..<P).map { l in lab.jacobian(of: .netK, at: l, wrt: .s, at: l) }
        let dSdNetJ = (0..<P).map { l in lab.jacobian(of: .s, at: l, wrt: .netJ, at: l) }
        func middle(_ outputErrors: [Vector<Double>]) -> [Vector<Double>] {
            (0..<P).map { l in dNetKdS[l].T.dot(outputErrors[l]) .* Vector((0..<M).map { dSdNetJ[l][$0, $0] }) }
        }
        let middleOnePath = middle(onePath)
        let middleEveryPath = middle((0..<P).map { l in negated(jacobianG[l].T.dot(dCdy[l])) })
        let closed = own(deltaK)
        let wholeCost = (0..<P).map { l in negated(lab.dC(nil, wrt: .netJ, at: l)) }
        var hiddenError = Checkpoint(
            id(7), .seed001, location: "error component: error for hidden nodes",
            printed: "δ_lj = −(Σ_k^O ∂C/∂y_lk · ∂y_lk/∂net_lk · ∂net_lk/∂s_lj) ∂s_lj/∂net_lj = Σ_k^O δ_lk w_kj f′(net_lj)",
            source: #"$\delta_{lj}=-(\sum_k^O\frac{\partial C}{\partial y_{lk}}\frac{\partial y_{lk}}{\partial net_{lk}}\frac{\partial net_{lk}}{\partial s_{lj}})\frac{\partial s_{lj}}{\partial net_{lj}}=\sum_k^O\delta_{lk}w_{kj}f'(net_{lj})$"#,
            comparedWith: "for every l, −∂C_l/∂net_j(l) (the cost of pattern l) or −∂C/∂net_j(l) (the whole cost), by complex step; the middle expression with numerical factors, the last with the exact δ_lk",
            aggregation: "worst over l, and over the middle and the last expression, of ‖·‖ over the M entries",
            explanation: softmax
                ? "Under a softmax g the middle expression follows each output's path through y_lk alone and misses the coupling between outputs, as 001.5 does; and, as under the sigmoid, C must be the cost of pattern l. The last expression, Σ_k δ_lk w_kj f′(net_lj), is right once δ_lk is. Fix: −(Σ_k Σ_k′ ∂C_l/∂y_lk′ ∂y_lk′/∂net_lk ∂net_lk/∂s_lj) ∂s_lj/∂net_lj."
                : "C is the whole cost Σ_l, but the equation holds only for C_l, the cost of pattern l: the later patterns also depend on net_j(l). The unfolding adds those back, so the algorithm is right; the equation as written is not. Fix: write C_l (or E_l) in the error components.",
            readings: [
                Reading(.reading, "C the cost of pattern l alone (the unfolding below adds the later patterns)", worst((0..<P).flatMap { l in
                    [compare(middleOnePath[l], deltaJ[l][l]), compare(closed[l], deltaJ[l][l])]
                })),
                Reading(.reading, "C the whole cost Σ_l C_l", worst((0..<P).flatMap { l in
                    [compare(middleOnePath[l], wholeCost[l]), compare(closed[l], wholeCost[l])]
                })),
            ] + (softmax ? [Reading(.correction, "every path from net_lk to C_l, the cost of pattern l",
                                    formula: "δ_lj = −(Σ_k Σ_k′ ∂C_l/∂y_lk′ ∂y_lk′/∂net_lk ∂net_lk/∂s_lj) ∂s_lj/∂net_lj = Σ_k δ_lk w_kj f′(net_lj)",
                                    worst((0..<P).flatMap { l in [compare(middleEveryPath[l], deltaJ[l][l]), compare(closed[l], deltaJ[l][l])] }))] : []))
        let usersOfDeltaJ = [13, 14, 18, 20, 21, 22]
        hiddenError.downstream = [softmax
            ? Downstream("δ_lj", printed: "δ_lj from the middle expression, each output's path through y_lk alone",
                         corrected: "δ_lj = −∂C_l/∂net_lj",
                         effects: effects(usersOfDeltaJ, printed: consumers(deltaK: deltaK, table: back(middleOnePath))))
            : Downstream("δ_lj", printed: "δ_lj = −∂C/∂net_lj with C the whole cost, as C means everywhere else",
                         corrected: "δ_lj = −∂C_l/∂net_lj, C_l the cost of pattern l",
                         effects: effects(usersOfDeltaJ, printed: consumers(deltaK: deltaK, table: back(wholeCost))))]
        checkpoints.append(hiddenError)

        let nets = trace.netJ.flatMap(\.storage) + trace.netK.flatMap(\.storage)
        checkpoints.append(Checkpoint(
            id(8), .seed001, location: "activate function: sigmoid",
            printed: "f(net) = 1/(1 + e^{−net});  f′(net) = f(net){1 − f(net)}",
            source: #"$f(net)=\frac{1}{1+e^{-net}}$ ... $f'(net)=f(net)\{1-f(net)\}$"#,
            comparedWith: "the package's sigmoid and its complex-step derivative, at every net of the forward pass",
            aggregation: "worst of the two, each ‖·‖ over every net_j(t) and net_k(t)",
            readings: [Reading(.asPrinted, "the logistic function and its derivative through its value", worst([
                compare(nets.map(sigmoid), nets.map { RNNGradCheck.sigmoid($0) }),
                compare(nets.map { sigmoid($0) * (1 - sigmoid($0)) }, nets.map { RNNGradCheck.sigmoid(Complex($0, ComplexStep.h)).imaginary / ComplexStep.h }),
            ]))]))

        // MARK: the softmax output (only where g is the softmax)

        if softmax {
            checkpoints.append(Checkpoint(
                id(9), .seed001, statement: .indexBinding, location: "activate function: softmax",
                printed: "g(net_k) = e^{net_k} / Σ_k^O e^{net_k}",
                source: #"$g(net_k)=\frac{e^{net_k}}{\sum_k^Oe^{net_k}}$"#,
                comparedWith: "the outputs y_k(t) of the package's (max-shifted) softmax",
                aggregation: "‖·‖ over every y_k(t) together",
                explanation: "k is the output on the left and in the numerator, and the summation index of the denominator: one letter bound in one place and free in another. Read with the same k, the denominator is O·e^{net_k} and g is 1/O. The g′ line below writes the sum with j. Fix: Σ_j^O e^{net_j}.",
                readings: [
                    Reading(.asPrinted, "Σ_k^O e^{net_k} with the k of the numerator: O·e^{net_k}",
                            compare(concatenated(trace.netK.map { _ in Vector(repeating: 1 / Double(O), count: O) }), concatenated(trace.y))),
                    Reading(.typoFix, "the sum over a separate index, as the g′ line writes it", formula: "g(net_k) = e^{net_k} / Σ_j^O e^{net_j}",
                            compare(concatenated(trace.netK.map(gOf)), concatenated(trace.y))),
                ]))

            let diagonal = trace.netK.map(gPrime)
            var gPrimeCheck = Checkpoint(
                id(10), .seed001, location: "activate function: softmax",
                printed: "g′(net_k) = e^{net_k}(Σ_j^O e^{net_j} − e^{net_k}) / (Σ_j^O e^{net_j})²",
                source: #"$g'(net_k)=\frac{e^{net_k}(\sum_j^Oe^{net_j}-e^{net_k})}{{(\sum_j^Oe^{net_j}})^2}$"#,
                comparedWith: "the complex-step Jacobian ∂y/∂net of the softmax at every step",
                aggregation: "worst over l of ‖·‖ over the O entries (the diagonal) or the O×O Jacobian (the columns)",
                explanation: "The printed formula is ∂y_k/∂net_k, the diagonal of the softmax's Jacobian, and that much holds. But a softmax couples its outputs, ∂y_k′/∂net_k = −y_k′ y_k for k′ ≠ k, and the document offers this g′ as the derivative to use in δ_lk (001.6). Fix: give the Jacobian, ∂y_k′/∂net_k = y_k′(1[k = k′] − y_k).",
                readings: [
                    Reading(.reading, "g′(net_k) = ∂y_k/∂net_k, the diagonal of the Jacobian", worst((0..<P).map { l in
                        compare(diagonal[l], Vector((0..<O).map { jacobianG[l][$0, $0] }))
                    })),
                    Reading(.reading, "g′(net_k) the whole effect of net_k on the outputs (the column ∂y/∂net_k)", worst((0..<P).map { l in
                        compare(concatenated((0..<O).map { k in Vector.unit(O, k, diagonal[l][k]) }), concatenated((0..<O).map { jacobianG[l][column: $0] }))
                    })),
                ])
            let viaDiagonal = consumers(deltaK: deltaKAtNet, table: back(own(deltaKAtNet)))
            let viaJacobian = consumers(deltaK: deltaKSoftmax, table: back(own(deltaKSoftmax)))
            gPrimeCheck.downstream = [Downstream(
                "g′", printed: "g′(net_lk) the printed diagonal, in δ_lk = (d_lk − y_lk) g′(net_lk)", corrected: "the whole Jacobian of the softmax",
                effects: [DownstreamEffect(id(6), printed: worst((0..<P).map { compare(deltaKAtNet[$0], deltaK[$0]) }),
                                           corrected: worst((0..<P).map { compare(deltaKSoftmax[$0], deltaK[$0]) }))]
                    + effects(usersOfDeltaK, printed: viaDiagonal, corrected: viaJacobian))]
            checkpoints.append(gPrimeCheck)
        }

        // MARK: gradient descent (before unfolding)

        checkpoints.append(Checkpoint(
            id(12), .seed001, location: "gradient descent: 1. hidden->output",
            printed: "Δw_kj = −η ∂C/∂w_kj = η Σ_l^P (−∂C/∂net_lk) ∂net_lk/∂w_kj = η Σ_l^P δ_lk ∂net_lk/∂w_kj = η Σ_l^P δ_lk s_lj",
            source: #"$\Delta w_{kj}=-\eta \frac{\partial C}{\partial w_{kj}}=\eta \sum_l^P(-\frac{\partial C}{\partial net_{lk}})\frac{\partial net_{lk}}{\partial w_{kj}}=\eta \sum_l^P\delta_{lk}\frac{\partial net_{lk}}{\partial w_{kj}}=\eta \sum_l^P\delta_{lk}s_{lj}$"#,
            comparedWith: "−η ∂C/∂w by complex step (η = 1)",
            aggregation: "‖·‖ over the O×M matrix",
            readings: [Reading(.asPrinted, "Δw = −η·gradient, δ_lk = −∂C/∂net_lk (exact)", compare(deltaW(deltaK), minusGradient[.w]!))]))

        // The changes are checked with the exact δ's; the downstream lists feed them the document's.
        let table = deltaJ
        for (number, block, printed, source) in [
            (13, IndexWiseLab.Block.v, "Δv_ji = −η ∂C/∂v_ji = η Σ_l^P δ_lj x_li", #"$\Delta v_{ji}=-\eta \frac{\partial C}{\partial v_{ji}}=\eta \sum_l^P\delta_{lj}x_{li}$"#),
            (14, IndexWiseLab.Block.u, "Δu_jh = −η ∂C/∂u_jh = η Σ_l^P δ_lj s_(l−1)h", #"$\Delta u_{jh}=-\eta \frac{\partial C}{\partial u_{jh}}=\eta \sum_l^P\delta_{lj}s_{(l-1)h}$"#),
        ] {
            let name = block == .v ? "v" : "u"
            let delta = change(block, table, z: 0...0)
            var c = Checkpoint(
                id(number), .seed001, location: block == .v ? "gradient descent: 2. input->hidden" : "gradient descent: 3. previous hidden->hidden",
                printed: printed, source: source,
                comparedWith: "−η ∂C/∂\(name) by complex step (η = 1), or the same for the objective unfolded to depth 0",
                aggregation: "‖·‖ over the \(block == .v ? "M×N" : "M×M") matrix",
                explanation: "With δ_lj of 001.7 these are not −η∂C/∂\(name) of the recurrent network: they are exactly the weight changes of the network unfolded to depth 0, which the unfolding section then extends. Fix: say “without unfolding” instead of equating them with −η∂C/∂\(name)_\(block == .v ? "ji" : "jh").",
                readings: [
                    Reading(.asPrinted, "−η times the gradient of C, with δ_lj of 001.7", compare(delta, minusGradient[block]!)),
                    Reading(.reading, "before unfolding: each pattern's error reaches its own step only (unfolding depth 0)", compare(delta, depthZero[block]!)),
                ])
            c.downstream = [.unused("Δ\(name)", because: "the unfolding (001.20, 001.21) replaces these changes; the summary (001.22) uses the unfolded ones")]
            checkpoints.append(c)
        }

        // MARK: unfolding

        checkpoints.append(Checkpoint(
            id(15), .seed001, location: "unfolding",
            printed: "net_lj(t) = Σ_i^N x_li(t) v_ji + Σ_h^M s_(l−1)h u_jh + θ_j;  s_(l−1)h = f(net_(l−1)h)",
            source: #"$net_{lj}(t)=\sum_{i}^Nx_{li}(t)v_{ji}+\sum_{h}^Ms_{(l-1)h}u_{jh}+\theta_j$ ... $s_{(l-1)h}=f(net_{(l-1)h})$"#,
            comparedWith: "net_j and s of the package's forward pass, with l the time step",
            aggregation: "worst over l of ‖·‖ over the M entries of net and of s",
            readings: [Reading(.asPrinted, "l indexes time, as the note under the equation says", worst((0..<P).map { l in
                var net = lab.network.thetaJ
                for j in 0..<M {
                    for i in 0..<N { net[j] += lab.x[l][i] * v[j, i] }
                    for h in 0..<M { net[j] += trace.s[l - 1][h] * u[j, h] }
                }
                return worst([compare(net, trace.netJ[l]), compare(Vector(net.storage.map(sigmoid)), trace.s[l])])
            }))]))

        let wholeCostBack = (0..<P).map { l in (0...l).map { k in k == l ? deltaJ[l][l] : wholeCost[k] } }
        var throughTime = Checkpoint(
            id(16), .seed001, location: "unfolding: “Error for hidden nodes through time”",
            printed: "δ_lj(t−1) = −∂C/∂net_(l−1)j = −Σ_h^M ∂C/∂net_lh · ∂net_lh/∂net_(l−1)j",
            source: #"$\delta_{lj}(t-1)=-\frac{\partial C}{\partial net_{(l-1)j}}=-\sum_h^M\frac{\partial C}{\partial net_{lh}}\frac{\partial net_{lh}}{\partial net_{(l-1)j}}$"#,
            comparedWith: "for every l ≥ 1, −∂C_l/∂net_j(l−1) or −∂C/∂net_j(l−1) by complex step",
            aggregation: "worst over l ≥ 1 of ‖·‖ over the M entries",
            explanation: "As in 001.7, C must be C_l, the cost of pattern l: the error of pattern l carried one step back. With the whole cost, δ_lj(t−1) already contains the errors of every later pattern, and the unfolded sums (001.20, 001.21) count them again. Fix: C_l.",
            readings: [
                Reading(.reading, "C the cost of pattern l (the error of output l, moved one step back)", worst(later.map { l in
                    let chain = lab.jacobian(of: .netJ, at: l, wrt: .netJ, at: l - 1).T.dot(lab.dC(l, wrt: .netJ, at: l))
                    return compare(negated(chain), deltaJ[l][l - 1])
                })),
                Reading(.reading, "C the whole cost", worst(later.map { l in
                    let chain = lab.jacobian(of: .netJ, at: l, wrt: .netJ, at: l - 1).T.dot(lab.dC(nil, wrt: .netJ, at: l))
                    return compare(negated(chain), wholeCost[l - 1])
                })),
            ])
        throughTime.downstream = [Downstream(
            "δ_lj(t−z)", printed: "δ_lj(t−z) = −∂C/∂net_j(l−z) for z ≥ 1, C the whole cost", corrected: "δ_lj(t−z) = −∂C_l/∂net_j(l−z)",
            effects: effects([20, 21, 22], printed: consumers(deltaK: deltaK, table: wholeCostBack)))]
        checkpoints.append(throughTime)

        checkpoints.append(Checkpoint(
            id(17), .seed001, statement: .indexBinding, location: "unfolding",
            printed: "= (−Σ_h^M ∂C/∂net_lh)(∂net_lh/∂s_(l−1)j)(∂s_(l−1)j/∂net_(l−1)j)",
            source: #"$=(-\sum_h^M\frac{\partial C}{\partial net_{lh}})(\frac{\partial net_{lh}}{\partial s_{(l-1)j}})(\frac{\partial s_{(l-1)j}}{\partial net_{(l-1)j}})$"#,
            comparedWith: "for every l ≥ 1, −∂C_l/∂net_j(l−1) by complex step",
            aggregation: "worst over l ≥ 1 of ‖·‖ over the M entries",
            explanation: "The bracket closes the sum over h before the factors that depend on h, so h is bound in the first bracket and free in the second. Fix: −Σ_h (∂C/∂net_lh)(∂net_lh/∂s_(l−1)j)(∂s_(l−1)j/∂net_(l−1)j).",
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
            id(18), .seed001, location: "unfolding",
            printed: "= Σ_h^M δ_lh(t) u_hj f′(net_(l−1)j)",
            source: #"$=\sum_h^M\delta_{lh}(t)u_{hj}f'(net_{(l-1)j})$"#,
            comparedWith: "for every l ≥ 1, −∂C_l/∂net_j(l−1) by complex step",
            aggregation: "worst over l ≥ 1 of ‖·‖ over the M entries",
            readings: [Reading(.asPrinted, "δ_lh(t) = −∂C_l/∂net_h(l), f′(net) = f(net)(1 − f(net))", worst(later.map { l in
                compare(u.T.dot(deltaJ[l][l]) .* fPrime(l - 1), deltaJ[l][l - 1])
            }))]))

        checkpoints.append(Checkpoint(
            id(19), .seed001, statement: .claim, location: "unfolding: the note under the equation (此处原始论文使用的是 …)",
            printed: "δ_lj(t−1) = Σ_h^M δ_lh(t) u_hj f′(s_lj(t−1))  (the original paper's argument)",
            source: "$s_{lj}(t-1)$ … $net_{lj}(t-1)$",
            comparedWith: "for every l ≥ 1, −∂C_l/∂net_j(l−1) by complex step",
            aggregation: "worst over l ≥ 1 of ‖·‖ over the M entries",
            ifReadingNeeded: .convention,
            explanation: "The note says the original paper writes s_lj(t−1) where the author puts net_(l−1)j in f′. Both are right if f′ is written through the unit's output, f′ = s(1 − s), the usual way for the sigmoid. Only σ′(s), the sigmoid's derivative evaluated at s, is wrong. The author's change is the clearer one.",
            readings: [
                Reading(.reading, "f′ evaluated at s: σ′(s) = σ(s)(1 − σ(s))", worst(later.map { l in
                    compare(u.T.dot(deltaJ[l][l]) .* Vector(trace.s[l - 1].storage.map { sigmoid($0) * (1 - sigmoid($0)) }), deltaJ[l][l - 1])
                })),
                Reading(.reading, "f′ written through the unit's output s: f′ = s(1 − s)", worst(later.map { l in
                    compare(u.T.dot(deltaJ[l][l]) .* fPrime(l - 1), deltaJ[l][l - 1])
                })),
            ]))

        let unfoldedOnly = 1...max(1, P - 1)
        var foldedDescent: [IndexWiseLab.Block: ReadingOutcome] = [:]
        for (number, block, printed, source) in [
            (20, IndexWiseLab.Block.v, "Δv_ji(t) = η Σ_z^T Σ_l^P δ_lj(t−z) x_(l−z)i", #"$\Delta v_{ji}(t)=\eta \sum_z^T\sum_l^P\delta_{lj}(t-z)x_{(l-z)i}$"#),
            (21, IndexWiseLab.Block.u, "Δu_jh(t) = η Σ_z^T Σ_l^P δ_lj(t−z) s_(l−1−z)h", #"$\Delta u_{jh}(t)=\eta \sum_z^T\sum_l^P\delta_{lj}(t-z)s_{(l-1-z)h}$"#),
        ] {
            let name = block == .v ? "v" : "u"
            var c = Checkpoint(
                id(number), .seed001, location: "unfolding: “weights are folded back adding up to one big change”",
                printed: printed, source: source,
                comparedWith: "−η ∂C/∂\(name) by complex step (η = 1), unfolded to the first pattern (T = P−1)",
                aggregation: "‖·‖ over the \(block == .v ? "M×N" : "M×M") matrix",
                explanation: "Σ_z^T has no lower limit. The document's other sums (Σ_l^P over the patterns) start at the first index, which suggests z = 1 … T, the unfolded steps only; that reading is wrong. With z = 0 … T (the pattern's own step included) the change holds. Fix: Σ_{z=0}^{T}.",
                readings: [
                    Reading(.reading, "z = 0 … T: the error of pattern l at steps l, l−1, …, l−T", compare(change(block, table, z: unfoldedAll), minusGradient[block]!)),
                    Reading(.reading, "z = 1 … T: the unfolded steps only", compare(change(block, table, z: unfoldedOnly), minusGradient[block]!)),
                ])
            var steps: [IndexWiseLab.Block: [Double]] = [.v: change(.v, table, z: unfoldedAll), .u: change(.u, table, z: unfoldedAll), .w: deltaW(deltaK)]
            steps[block] = change(block, table, z: unfoldedOnly)
            foldedDescent[block] = descent(steps)
            c.downstream = [Downstream(
                "Δ\(name)_\(block == .v ? "ji" : "jh")(t)", printed: "Σ_z^T from z = 1 (the unfolded steps only)", corrected: "Σ_{z=0}^{T}",
                effects: [DownstreamEffect(id(22), printed: foldedDescent[block]!, corrected: correct[22]!)])]
            checkpoints.append(c)
        }

        var summary = Checkpoint(
            id(22), .seed001, statement: .symbolReuse, location: "summary",
            printed: "v_ji(t+1) = v_ji(t) + η Σ_z Σ_l δ_lj(t−z) x_(l−z)i;  u_jh(t+1) = u_jh(t) + η Σ_z Σ_l δ_lj(t−z) s_(l−1−z)h;  w_kj(t+1) = w_kj(t) + η Σ_l δ_lk s_lj",
            source: #"$v_{ji}(t+1)=v_{ji}(t)+\eta \sum_z^T\sum_l^P\delta_{lj}(t-z)x_{(l-z)i}$ ... $w_{kj}(t+1)=w_{kj}(t)+\eta \sum_l^P\delta_{lk}s_{lj}$"#,
            comparedWith: "the update Δ (v, u and w together, η = 1) against −∂C/∂θ by complex step; and the rate at which C changes along it, d/dε C(θ + εΔ), against −‖Δ‖²",
            aggregation: "worst of ‖·‖ over the whole update and the rate (one number)",
            explanation: "The same letter t is the training iteration on the left (v_ji(t+1)) and the time step inside δ_lj(t−z) on the right; and the section before used it for time only. Read as the training iteration on the left, the update is a descent step on C. Fix: a different letter for the iteration, v_ji^(n+1) = v_ji^(n) + …",
            readings: [
                Reading(.reading, "t the training iteration on the left, the time step inside δ_lj(t−z); Δ unfolded to the first pattern; η = 1",
                        correct[22]!),
                Reading(.reading, "t the time step on both sides: v_ji(t+1) the weight one step later",
                        .notComparable("the weights are shared by every time step: v_ji has no value per step to update")),
            ])
        summary.downstream = [.unused("the updated weights", because: "the last equation of the document")]
        checkpoints.append(summary)

        return checkpoints
    }

    private static let uncomputable = [
        UncomputableFinding(
            "001.23", .seed001, statement: .misspelling, location: "basic definition", printed: "To simply notation", severity: .typo,
            whyNotComputable: "a word", explanation: "“simply” for “simplify”."),
        UncomputableFinding(
            "001.24", .seed001, statement: .misspelling, location: "basic definition", printed: "one putput layer", severity: .typo,
            whyNotComputable: "a word", explanation: "“putput” for “output”."),
        UncomputableFinding(
            "001.25", .seed001, statement: .naming, location: "basic definition: the table of layers",
            printed: "previous hidden layer | s(t) | h;  hidden layer | s(t-1) | j", severity: .typo,
            whyNotComputable: "labels of a table, not an equation; read as printed, net_j(t) would need s(t) to compute s(t)",
            explanation: "The two node labels are swapped: the formulas use s_h(t−1) for the previous hidden layer (index h) and s_j(t) for the current one (index j)."),
        UncomputableFinding(
            "001.26", .seed001, statement: .symbolReuse, location: "basic definition, and the note under the unfolding",
            printed: "P … training samples which are indexed by l", severity: .convention,
            whyNotComputable: "an indexing convention",
            explanation: "l indexes the training samples and, from the unfolding on, doubles as time (t ↔ l, t−1 ↔ l−1). The note under the unfolding says so, and every equation checked reads l as the time step (001.15)."),
        UncomputableFinding(
            "001.27", .seed001, statement: .misspelling, location: "cost function", printed: "cross extropy(CE)", severity: .typo,
            whyNotComputable: "a name", explanation: "“extropy” for “entropy”: the cross-entropy loss."),
        UncomputableFinding(
            "001.28", .seed001, statement: .misspelling, location: "forward, and the heading “activate function”", printed: "activate function(s)", severity: .typo,
            whyNotComputable: "a name", explanation: "The term is “activation function”, which is what a student would search for."),
        UncomputableFinding(
            "001.29", .seed001, statement: .misspelling, location: "gradient descent", printed: "the specic weight", severity: .typo,
            whyNotComputable: "a word", explanation: "“specic” for “specific”."),
        UncomputableFinding(
            "001.30", .seed001, statement: .misspelling, location: "unfolding", printed: "here refered to as T", severity: .typo,
            whyNotComputable: "a word", explanation: "“refered” for “referred”."),
        UncomputableFinding(
            "001.31", .seed001, statement: .claim, location: "gradient descent and summary", printed: "θ_j, θ_k", severity: .misleading,
            whyNotComputable: "the document prints no update for the biases, so there is no statement to evaluate",
            explanation: "The forward pass has biases θ_j and θ_k, but the weight changes and the summary give updates for v_ji, u_jh and w_kj only: a student following the summary never trains the biases. They follow the same rule with input 1: −∂C/∂θ_k = Σ_l δ_lk and −∂C/∂θ_j = Σ_l Σ_z δ_lj(t−z) (the package's IndexWise+BPTT computes them, and NotationCheckTests checks them)."),
    ]
}

/// x^y for the cross-entropy's likelihood form.
private func _pow(_ x: Double, _ y: Double) -> Double { Double.exp(y * Double.log(x)) }
