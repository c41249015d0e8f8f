// [S004] 6.9 BPTT 算法推导 (DeepLearning-500-questions), notes/sources.md: U/V/W with h^(t), o^(t), L^(t);
// the three-step example for W and U and the general formula with the product of Jacobians
// Π_{j=k+1}^{t} ∂h^(j)/∂h^(j−1).
//
// The document writes no forward pass. It is read as the model of [S000] and [S003] (h^(t) =
// tanh(U x^(t) + W h^(t−1)), o^(t) = V h^(t), L^(t) the cross-entropy of softmax(o^(t))), with time
// t = 1 … n as its loss L = Σ_{t=1}^{n} L^(t) has it, and h^(0) = 0 the initial state. In the lab,
// document step t is array index t − 1, and h^(0) is the initial state s_{−1}.

enum Seed004 {
    static func check(seed: UInt64, size: NetworkSize) -> DocumentCheck {
        let lab = WildmlLab(size: size, seed: seed)
        let n = lab.T
        let H = lab.H
        var checkpoints: [Checkpoint] = []

        // Every Jacobian below is computed once per network (the labs differ only in their length n).
        let cache = JacobianCache()
        /// ∂L^(t)/∂o^(t) · ∂o^(t)/∂h^(t): a row vector over h^(t) (document time t, 1-based).
        func dLdh(_ lab: WildmlLab, _ t: Int) -> Vector<Double> {
            cache.vector("dLdh", lab.T, t) { lab.dLogitsWrtState(t - 1).T.dot(lab.dE(t - 1, wrt: .logits, at: t - 1)) }
        }
        /// ∂h^(j)/∂h^(j−1), document time (h^(0) is the initial state).
        func J(_ lab: WildmlLab, _ j: Int) -> Matrix<Double> {
            cache.matrix("J", lab.T, j) { lab.dState(j - 1, wrtState: j - 2) }
        }
        /// ∂h^(k)/∂(block), immediate or total; zero for the initial state h^(0).
        func dh(_ lab: WildmlLab, _ k: Int, _ block: WildmlLab.Block, immediate: Bool) -> Matrix<Double> {
            let (rows, columns) = lab.shape(block)
            if k == 0 { return .zeros(lab.H, rows * columns) }
            return cache.matrix("dh \(block) \(immediate)", lab.T, k) { lab.dState(k - 1, wrt: block, immediate: immediate) }
        }
        /// The factors of Π_{j=k+1}^{t} ∂h^(j)/∂h^(j−1) from left to right: j = t down to k+1
        /// (descending) or j = k+1 up to t.
        func factors(_ lab: WildmlLab, _ k: Int, _ t: Int, descending: Bool) -> [Matrix<Double>] {
            guard k < t else { return [] }
            let js = Array((k + 1)...t)
            return (descending ? js.reversed() : js).map { J(lab, $0) }
        }
        /// Σ_{k=first}^{t} ∂L^(t)/∂o^(t) ∂o^(t)/∂h^(t) (Π_{j=k+1}^{t} ∂h^(j)/∂h^(j−1)) ∂h^(k)/∂(block).
        func expansion(_ lab: WildmlLab, t: Int, block: WildmlLab.Block, from first: Int, descending: Bool, immediate: Bool) -> [Double] {
            let (rows, columns) = lab.shape(block)
            var sum = [Double](repeating: 0, count: rows * columns)
            let row = dLdh(lab, t)
            for k in first...t {
                // row · F_1 F_2 ⋯ F_m, one factor at a time from the left.
                var chain = row
                for factor in factors(lab, k, t, descending: descending) { chain = factor.T.dot(chain) }
                let term = dh(lab, k, block, immediate: immediate).T.dot(chain).storage
                for i in sum.indices { sum[i] += term[i] }
            }
            return sum
        }

        // MARK: V

        checkpoints.append(Checkpoint(
            "004.1", .seed004, location: "求解参数 V 的偏导数",
            printed: "∂L^(t)/∂V = ∂L^(t)/∂o^(t) · ∂o^(t)/∂V",
            source: #"\frac{\partial L^{(t)}}{\partial V}=\frac{\partial L^{(t)}}{\partial o^{(t)}}\cdot \frac{\partial o^{(t)}}{\partial V}"#,
            comparedWith: "for t = 1…n, the complex-step derivative of L^(t) with respect to V",
            aggregation: "worst over t of ‖·‖ over the K×H matrix",
            readings: [Reading(.asPrinted, "o^(t) = V h^(t), both factors numerical Jacobians", worst((1...n).map { t in
                compare(lab.dLogitsWrtV(t - 1).T.dot(lab.dE(t - 1, wrt: .logits, at: t - 1)).storage, lab.dE(t - 1, wrt: .V).storage)
            }))]))

        checkpoints.append(Checkpoint(
            "004.2", .seed004, location: "RNN 的损失也是会随着时间累加的",
            printed: "L = Σ_{t=1}^{n} L^(t);  ∂L/∂V = Σ_{t=1}^{n} ∂L^(t)/∂o^(t) · ∂o^(t)/∂V",
            source: #"L=\sum_{t=1}^{n}L^{(t)} ... \frac{\partial L}{\partial V}=\sum_{t=1}^{n}\frac{\partial L^{(t)}}{\partial o^{(t)}}\cdot \frac{\partial o^{(t)}}{\partial V}"#,
            comparedWith: "the package's loss and the complex-step derivative of L with respect to V",
            aggregation: "worst of the two: ‖·‖ over the K×H gradient, and the loss (one number)",
            readings: [Reading(.asPrinted, "t = 1…n", {
                var sum = [Double](repeating: 0, count: lab.K * H)
                for t in 1...n {
                    let term = lab.dLogitsWrtV(t - 1).T.dot(lab.dE(t - 1, wrt: .logits, at: t - 1)).storage
                    for i in sum.indices { sum[i] += term[i] }
                }
                return worst([compare(sum, lab.dE(nil, wrt: .V).storage),
                              compare(lab.trace.E.reduce(0, +), Wildml.Problem(rnn: lab.rnn, x: lab.x, y: lab.y).loss())])
            }())]))

        // MARK: The three-step example

        let three = WildmlLab(size: NetworkSize(vocabulary: size.vocabulary, hidden: size.hidden, steps: 3), seed: seed)
        let four = WildmlLab(size: NetworkSize(vocabulary: size.vocabulary, hidden: size.hidden, steps: 4), seed: seed)
        for (id, block, source) in [
            ("004.3", WildmlLab.Block.W, #"\frac{\partial L^{(3)}}{\partial W}=\frac{\partial L^{(3)}}{\partial o^{(3)}}\frac{\partial o^{(3)}}{\partial h^{(3)}}\frac{\partial h^{(3)}}{\partial W}+\frac{\partial L^{(3)}}{\partial o^{(3)}}\frac{\partial o^{(3)}}{\partial h^{(3)}}\frac{\partial h^{(3)}}{\partial h^{(2)}}\frac{\partial h^{(2)}}{\partial W}+\frac{\partial L^{(3)}}{\partial o^{(3)}}\frac{\partial o^{(3)}}{\partial h^{(3)}}\frac{\partial h^{(3)}}{\partial h^{(2)}}\frac{\partial h^{(2)}}{\partial h^{(1)}}\frac{\partial h^{(1)}}{\partial W}"#),
            ("004.4", WildmlLab.Block.U, #"\frac{\partial L^{(3)}}{\partial U}=\frac{\partial L^{(3)}}{\partial o^{(3)}}\frac{\partial o^{(3)}}{\partial h^{(3)}}\frac{\partial h^{(3)}}{\partial U}+ ... \frac{\partial h^{(2)}}{\partial h^{(1)}}\frac{\partial h^{(1)}}{\partial U}"#),
        ] {
            let name = block == .W ? "W" : "U"
            checkpoints.append(Checkpoint(
                id, .seed004, location: "为了简化推导过程，我们假设只有三个时刻",
                printed: "∂L^(3)/∂\(name) = ∂L^(3)/∂o^(3) ∂o^(3)/∂h^(3) ∂h^(3)/∂\(name) + … ∂h^(3)/∂h^(2) ∂h^(2)/∂\(name) + … ∂h^(3)/∂h^(2) ∂h^(2)/∂h^(1) ∂h^(1)/∂\(name)",
                source: source,
                comparedWith: "the complex-step derivative of L^(3) with respect to \(name)",
                aggregation: "‖·‖ over the matrix",
                explanation: "The example lists three terms (through h^(3), h^(2), h^(1)); the general formula's Σ_{k=0}^{t} gives four. They agree only when time runs 1 … 3 after an initial state h^(0) = 0, which the document never states (it writes no forward pass). On a four-step network (steps 0 … 3) the printed terms leave out the first step: for W that costs nothing, because that step's term is multiplied by h^(0) = 0; for U it does not. And ∂h^(k)/∂\(name) must be the immediate partial (h^(k−1) held fixed). Fix: say that h^(0) is the initial state, and which partial is meant.",
                readings: [
                    Reading(.reading, "three time steps 1…3 after h^(0) = 0, ∂h^(k)/∂\(name) immediate (h^(k−1) held fixed)",
                            compare(expansion(three, t: 3, block: block, from: 1, descending: true, immediate: true), three.dE(2, wrt: block).storage)),
                    Reading(.reading, "three time steps, ∂h^(k)/∂\(name) total",
                            compare(expansion(three, t: 3, block: block, from: 1, descending: true, immediate: false), three.dE(2, wrt: block).storage)),
                    Reading(.reading, "four steps 0…3, as the general formula's Σ_{k=0}^{t} counts them: the printed three terms leave out k = 0",
                            compare(expansion(four, t: 4, block: block, from: 2, descending: true, immediate: true), four.dE(3, wrt: block).storage)),
                ]))
        }

        // MARK: The general formula and the product of Jacobians

        for (id, block) in [("004.5", WildmlLab.Block.W), ("004.6", WildmlLab.Block.U)] {
            let name = block == .W ? "W" : "U"
            func general(descending: Bool, immediate: Bool) -> ReadingOutcome {
                worst((1...n).map { t in
                    compare(expansion(lab, t: t, block: block, from: 0, descending: descending, immediate: immediate), lab.dE(t - 1, wrt: block).storage)
                })
            }
            checkpoints.append(Checkpoint(
                id, .seed004, location: "L 在 t 时刻对 W 和 U 偏导数的通式",
                printed: "∂L^(t)/∂\(name) = Σ_{k=0}^{t} ∂L^(t)/∂o^(t) ∂o^(t)/∂h^(t) (Π_{j=k+1}^{t} ∂h^(j)/∂h^(j−1)) ∂h^(k)/∂\(name)",
                source: #"\frac{\partial L^{(t)}}{\partial "# + name + #"}=\sum_{k=0}^{t}\frac{\partial L^{(t)}}{\partial o^{(t)}}\frac{\partial o^{(t)}}{\partial h^{(t)}}(\prod_{j=k+1}^{t}\frac{\partial h^{(j)}}{\partial h^{(j-1)}})\frac{\partial h^{(k)}}{\partial "# + name + "}",
                comparedWith: "for t = 1…n, the complex-step derivative of L^(t) with respect to \(name) (h^(0) = 0, so the k = 0 term vanishes)",
                aggregation: "worst over t of ‖·‖ over the matrix",
                explanation: "The order of a product of matrices is not stated: with ∂h^(t)/∂h^(t−1) on the left (descending j, numerator layout) it is ∂h^(t)/∂h^(k), in ascending order another matrix. And ∂h^(k)/∂\(name) must be the immediate partial (h^(k−1) held fixed), as in [S000] (000.7). Fix: write the product out, ∂h^(t)/∂h^(t−1) ⋯ ∂h^(k+1)/∂h^(k), and say which partial.",
                readings: [
                    Reading(.reading, "the product from j = t down to j = k+1 (∂h^(t)/∂h^(t−1) first, numerator layout) and ∂h^(k)/∂\(name) immediate",
                            general(descending: true, immediate: true)),
                    Reading(.reading, "the product from j = k+1 up to j = t (∂h^(k+1)/∂h^(k) first)", general(descending: false, immediate: true)),
                    Reading(.reading, "∂h^(k)/∂\(name) total", general(descending: true, immediate: false)),
                ]))
        }

        /// F_1 F_2 ⋯ F_m as a matrix, column by column: column b is F_1(F_2(⋯ F_m e_b)).
        func product(_ k: Int, _ t: Int, descending: Bool) -> Matrix<Double> {
            let fs = factors(lab, k, t, descending: descending)
            var p = Matrix<Double>.zeros(H, H)
            for b in 0..<H {
                var column = oneHot(b, H)
                for factor in fs.reversed() { column = factor.dot(column) }
                p[column: b] = column
            }
            return p
        }
        let pairs = (1...n).flatMap { t in (0..<t).map { k in (k, t) } }
        checkpoints.append(Checkpoint(
            "004.7", .seed004, location: "L 在 t 时刻对 W 和 U 偏导数的通式: the product",
            printed: "Π_{j=k+1}^{t} ∂h^(j)/∂h^(j−1) = ∂h^(t)/∂h^(k)",
            source: #"(\prod_{j=k+1}^{t}\frac{\partial h^{(j)}}{\partial h^{(j-1)}})"#,
            comparedWith: "for every 0 ≤ k < t ≤ n, the complex-step Jacobian of h^(t) with respect to h^(k) (H×H, numerator layout)",
            aggregation: "worst over every 0 ≤ k < t ≤ n of ‖·‖ over the H×H product",
            explanation: "The order of the factors is not stated. With ∂h^(t)/∂h^(t−1) on the left the product is ∂h^(t)/∂h^(k); in ascending order it is not, and the general formula built on it (004.5, 004.6) fails with it. Fix: write the product out, ∂h^(t)/∂h^(t−1) ⋯ ∂h^(k+1)/∂h^(k).",
            readings: [
                Reading(.reading, "the factors in descending j (∂h^(t)/∂h^(t−1) on the left)",
                        worst(pairs.map { k, t in compare(product(k, t, descending: true), lab.dState(t - 1, wrtState: k - 1)) })),
                Reading(.reading, "the factors in ascending j (∂h^(k+1)/∂h^(k) on the left)",
                        worst(pairs.map { k, t in compare(product(k, t, descending: false), lab.dState(t - 1, wrtState: k - 1)) })),
            ]))

        checkpoints.append(Checkpoint(
            "004.8", .seed004, location: "整体的偏导公式就是将其按时刻再一一加起来",
            printed: "∂L/∂W = Σ_t ∂L^(t)/∂W;  ∂L/∂U = Σ_t ∂L^(t)/∂U",
            source: "将其按时刻再一一加起来",
            comparedWith: "the complex-step derivatives of L with respect to W and U",
            aggregation: "worst over W and U of ‖·‖ over the matrix",
            readings: [Reading(.asPrinted, "summed over t = 1…n", worst([WildmlLab.Block.W, .U].map { block in
                var sum = Matrix<Double>.zeros(lab.shape(block).rows, lab.shape(block).columns)
                for t in 0..<n { sum += lab.dE(t, wrt: block) }
                return compare(sum, lab.dE(nil, wrt: block))
            }))]))

        // MARK: Downstream

        for id in ["004.3", "004.4"] {
            checkpoints.attach(.unused("the three-step example", because: "the general formula (004.5, 004.6) is stated on its own; nothing later uses the example's three terms"), to: id)
        }
        /// 004.8 fed ∂L^(t)/∂(block) from the general formula read one way, the other block exact.
        func summed(_ block: WildmlLab.Block, descending: Bool, immediate: Bool) -> ReadingOutcome {
            var sum = [Double](repeating: 0, count: lab.shape(block).rows * lab.shape(block).columns)
            for t in 1...n {
                for (i, value) in expansion(lab, t: t, block: block, from: 0, descending: descending, immediate: immediate).enumerated() { sum[i] += value }
            }
            let other: WildmlLab.Block = block == .W ? .U : .W
            var otherSum = Matrix<Double>.zeros(lab.shape(other).rows, lab.shape(other).columns)
            for t in 0..<n { otherSum += lab.dE(t, wrt: other) }
            return worst([compare(sum, lab.dE(nil, wrt: block).storage), compare(otherSum, lab.dE(nil, wrt: other))])
        }
        for (id, block) in [("004.5", WildmlLab.Block.W), ("004.6", WildmlLab.Block.U)] {
            let name = block == .W ? "W" : "U"
            let corrected = summed(block, descending: true, immediate: true)
            checkpoints.attach(Downstream(
                "∂L^(t)/∂\(name)", printed: "the product in ascending j (∂h^(k+1)/∂h^(k) first)", corrected: "the product in descending j, ∂h^(k)/∂\(name) immediate",
                effects: [DownstreamEffect("004.8", printed: summed(block, descending: false, immediate: true), corrected: corrected)]), to: id)
            checkpoints.attach(Downstream(
                "∂L^(t)/∂\(name)", printed: "∂h^(k)/∂\(name) the total derivative", corrected: "∂h^(k)/∂\(name) the immediate partial",
                effects: [DownstreamEffect("004.8", printed: summed(block, descending: true, immediate: false), corrected: corrected)]), to: id)
        }
        checkpoints.attach(Downstream(
            "Π_{j=k+1}^{t} ∂h^(j)/∂h^(j−1)", printed: "the factors in ascending j", corrected: "the factors in descending j",
            effects: [DownstreamEffect("004.5", printed: checkpoints.outcome("004.5", 1), corrected: checkpoints.outcome("004.5", 0)),
                      DownstreamEffect("004.6", printed: checkpoints.outcome("004.6", 1), corrected: checkpoints.outcome("004.6", 0))]),
            to: "004.7")

        return DocumentCheck(
            document: .seed004,
            models: [(nil, "a random U/V/W network (K=\(lab.K), H=\(H), n=\(n), seed \(seed)); the three-step example on n=3 and n=4 networks of the same sizes")],
            checkpoints: checkpoints)
    }
}

/// Jacobians by name, network length and step, computed on first use.
private final class JacobianCache {
    private var matrices: [String: Matrix<Double>] = [:]
    private var vectors: [String: Vector<Double>] = [:]

    func matrix(_ name: String, _ n: Int, _ step: Int, _ make: () -> Matrix<Double>) -> Matrix<Double> {
        let key = "\(name) n=\(n) \(step)"
        if let value = matrices[key] { return value }
        let value = make()
        matrices[key] = value
        return value
    }

    func vector(_ name: String, _ n: Int, _ step: Int, _ make: () -> Vector<Double>) -> Vector<Double> {
        let key = "\(name) n=\(n) \(step)"
        if let value = vectors[key] { return value }
        let value = make()
        vectors[key] = value
        return value
    }
}
