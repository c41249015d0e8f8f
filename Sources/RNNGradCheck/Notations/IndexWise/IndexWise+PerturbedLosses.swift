// IndexWise, fast: the costs central differences need, with one weight or bias changed at a time, equal
// bit for bit to `Network.cost` (IndexWise+Forward.swift) at the changed entry. Structure and batching,
// not approximation:
//
// - An output weight w_kj or bias θ_k reaches no state: at every step only net_k moves (and y, the
//   cost of the step); the states, the input sums and the other nets are the cached ones.
// - net_j(t) = Σ_i x_i(t) v_ji + Σ_h s_h(t−1) u_jh + θ_j is one running sum. Its input part is the
//   same for every perturbation but those of row j of v, and is cached; the recurrent part continues it
//   for up to 32 perturbations side by side (sequentialProducts from the cached partial sums, every
//   entry in the plain order).
// - u multiplies s(−1) = 0 at step 0, which adds zeros to the running sum: step 0 never changes.
//
// The forward pass, as the plain one performs it (I1–I6):
//
//     net_j(t) = ((0 + Σ_i x_i v_ji) + Σ_h s_h(t−1) u_jh) + θ_j     one running sum, then θ_j
//     s_j(t)   = f(net_j(t))                                        f the sigmoid as `sigmoid` writes it
//     net_k(t) = (0 + Σ_j s_j(t) w_kj) + θ_k
//     y(t)     = g(net(t))                                          sigmoid, or softmax
//     C        = (0 + C_0) + C_1 + …,  C_t = 0.5 · Σ_k (d_k − y_k)²
//
// Non-finite numbers go to the plain pass, which is the definition.

extension IndexWise.Problem: FastPerturbedLosses where Scalar == Double {
    public func perturbedLossEvaluator() -> any PerturbedLossEvaluator { IndexWise.PerturbedLosses(self) }
}

extension IndexWise {
    final class PerturbedLosses: PerturbedLossEvaluator {
        let problem: Problem<Double>
        let N: Int, M: Int, O: Int, T: Int
        let v: [Double], u: [Double], w: [Double], thetaJ: [Double], thetaK: [Double]
        /// x and d, flat: x[t·N + i], d[t·O + k].
        let x: [Double], d: [Double]
        let g: OutputActivation
        private(set) var usesStructure = false

        // The unperturbed pass.
        /// T × M: Σ_i x_i(t) v_ji, the input part of net_j(t).
        private var inputParts: [Double]
        /// (T + 1) × M: row 0 is s(−1) = 0, row t + 1 is s(t).
        private var states: [Double]
        /// T × O: Σ_j s_j(t) w_kj, before θ_k.
        private var outputDots: [Double]
        /// prefix[t] = C_0 + … + C_{t−1}, summed as `cost` sums.
        private var prefix: [Double]

        init(_ problem: Problem<Double>) {
            self.problem = problem
            let network = problem.network
            (N, M, O, T) = (network.N, network.M, network.O, problem.x.count)
            (v, u, w) = (network.v.storage, network.u.storage, network.w.storage)
            (thetaJ, thetaK) = (network.thetaJ.storage, network.thetaK.storage)
            x = problem.x.flatMap { $0 }
            d = problem.d.flatMap { $0 }
            g = network.g
            inputParts = [Double](repeating: 0, count: T * M)
            states = [Double](repeating: 0, count: (T + 1) * M)
            outputDots = [Double](repeating: 0, count: T * O)
            prefix = [Double](repeating: 0, count: T + 1)
            let numbers = [v, u, w, thetaJ, thetaK, x, d]
            if numbers.allSatisfy({ $0.allSatisfy(\.isFinite) }) {
                unperturbedPass()
                usesStructure = prefix[T].isFinite && states.allSatisfy(\.isFinite)
            }
        }

        /// f(net) as `sigmoid` computes it: 1 / (1 + e^(−net)) for net ≥ 0, e^net / (1 + e^net) below.
        @inline(__always) private func f(_ net: Double) -> Double {
            if net >= 0 { return 1 / (1 + libmExp(-net)) }
            let e = libmExp(net)
            return e / (1 + e)
        }

        /// C_t for the output nets of one step (O of them, `stride` apart), as `output` and
        /// `patternCost` compute it.
        private func stepCost(nets: UnsafePointer<Double>, stride: Int, target t: Int, outputs: UnsafeMutablePointer<Double>) -> Double {
            switch g {
            case .sigmoid:
                for k in 0..<O { outputs[k] = f(nets[k * stride]) }
            case .softmax:
                var m = nets[0]
                for k in 0..<O where nets[k * stride] > m { m = nets[k * stride] }
                var sum = 0.0
                for k in 0..<O {
                    outputs[k] = libmExp(nets[k * stride] - m)
                    sum += outputs[k]
                }
                for k in 0..<O { outputs[k] = outputs[k] / sum }
            }
            var sum = 0.0
            for k in 0..<O {
                let e = d[t * O + k] - outputs[k]
                sum += e * e
            }
            return 0.5 * sum
        }

        private func unperturbedPass() {
            var total = 0.0
            var nets = [Double](repeating: 0, count: Swift.max(O, M))
            var outputs = [Double](repeating: 0, count: O)
            for t in 0..<T {
                for j in 0..<M {
                    var sum = 0.0
                    for i in 0..<N { sum += x[t * N + i] * v[j * N + i] }
                    inputParts[t * M + j] = sum
                    for h in 0..<M { sum += states[t * M + h] * u[j * M + h] }
                    states[(t + 1) * M + j] = f(sum + thetaJ[j])
                }
                for k in 0..<O {
                    var sum = 0.0
                    for j in 0..<M { sum += states[(t + 1) * M + j] * w[k * M + j] }
                    outputDots[t * O + k] = sum
                    nets[k] = sum + thetaK[k]
                }
                total += nets.withUnsafeBufferPointer { n in
                    outputs.withUnsafeMutableBufferPointer { stepCost(nets: n.baseAddress!, stride: 1, target: t, outputs: $0.baseAddress!) }
                }
                prefix[t + 1] = total
            }
        }

        private func plainLoss(block: Int, entry: Int, value: Double) -> Double {
            var perturbed = problem
            perturbed[keyPath: Problem<Double>.blocks[block].values][entry] = value
            return perturbed.loss()
        }

        // MARK: The evaluator's interface

        func loss(block: Int, entry: Int, value: Double) -> Double {
            losses(block: block, perturbations: [Perturbation(entry: entry, value: value)])[0]
        }

        func batches(block: Int, entries: [Int]) -> [PerturbationBatch] {
            let stepCost = Double(M * M + M * N + M * O + 4 * (M + O))
            let perEntry: Double = block >= 2 && block != 3 ? Double(T * (M + O)) : Double(T) * stepCost
            let total = perEntry * Double(entries.count)
            guard total > 200_000 else { return [PerturbationBatch(entries: entries, cost: total)] }
            return stride(from: 0, to: entries.count, by: 16).map {
                let part = Array(entries[$0..<Swift.min($0 + 16, entries.count)])
                return PerturbationBatch(entries: part, cost: perEntry * Double(part.count))
            }
        }

        func losses(block: Int, perturbations: [Perturbation]) -> [Double] {
            guard usesStructure else { return perturbations.map { plainLoss(block: block, entry: $0.entry, value: $0.value) } }
            var result = [Double](repeating: .nan, count: perturbations.count)
            var structured: [Int] = []
            for (index, p) in perturbations.enumerated() {
                if p.value.isFinite {
                    structured.append(index)
                } else {
                    result[index] = plainLoss(block: block, entry: p.entry, value: p.value)
                }
            }
            switch block {
            case 2, 4:
                // An output weight or bias: the states stay.
                for index in structured { result[index] = outputLoss(block: block, perturbations[index]) }
            default:
                for chunkStart in stride(from: 0, to: structured.count, by: 32) {
                    let chunk = Array(structured[chunkStart..<Swift.min(chunkStart + 32, structured.count)])
                    let values = forwardLosses(block: block, changes: chunk.map { perturbations[$0] })
                    for (index, value) in zip(chunk, values) { result[index] = value }
                }
            }
            return result
        }

        // MARK: Output weights and biases

        /// C with w_kj (block 2, entry k·M + j) or θ_k (block 4, entry k) changed.
        private func outputLoss(block: Int, _ change: Perturbation) -> Double {
            let k = block == 2 ? change.entry / M : change.entry
            let column = change.entry % M
            var total = 0.0
            var nets = [Double](repeating: 0, count: O)
            var outputs = [Double](repeating: 0, count: O)
            for t in 0..<T {
                for kk in 0..<O { nets[kk] = outputDots[t * O + kk] + thetaK[kk] }
                if block == 2 {
                    var sum = 0.0
                    for j in 0..<M { sum += states[(t + 1) * M + j] * (j == column ? change.value : w[k * M + j]) }
                    nets[k] = sum + thetaK[k]
                } else {
                    nets[k] = outputDots[t * O + k] + change.value
                }
                total += nets.withUnsafeBufferPointer { n in
                    outputs.withUnsafeMutableBufferPointer { stepCost(nets: n.baseAddress!, stride: 1, target: t, outputs: $0.baseAddress!) }
                }
            }
            return total
        }

        // MARK: Everything that reaches the states

        /// C for up to 32 changes of v (block 0), u (block 1) or θ_j (block 3), each a lane of one
        /// forward pass (from step 1 for u, step 0 otherwise).
        private func forwardLosses(block: Int, changes: [Perturbation]) -> [Double] {
            let (N, M, O, T) = (self.N, self.M, self.O, self.T)
            let count = changes.count
            let lanes = (count + 7) / 8 * 8
            let start = block == 1 ? 1 : 0
            var previous = [Double](repeating: 0, count: M * lanes)
            var current = previous
            var nets = [Double](repeating: 0, count: O * lanes)
            var outputs = [Double](repeating: 0, count: O)
            var totals = [Double](repeating: prefix[start], count: count)
            var saved = [Double](repeating: 0, count: count)
            let rowOf = changes.map { block == 3 ? $0.entry : $0.entry / (block == 0 ? N : M) }
            let columnOf = changes.map { block == 3 ? 0 : $0.entry % (block == 0 ? N : M) }
            for j in 0..<M {
                for q in 0..<lanes { previous[j * lanes + q] = states[start * M + j] }
            }
            for t in start..<T {
                // The input parts, with the changed row of v recomputed in its lanes.
                for j in 0..<M {
                    for q in 0..<lanes { current[j * lanes + q] = inputParts[t * M + j] }
                }
                if block == 0 {
                    for (q, change) in changes.enumerated() {
                        let (j, column) = (rowOf[q], columnOf[q])
                        var sum = 0.0
                        for i in 0..<N { sum += x[t * N + i] * (i == column ? change.value : v[j * N + i]) }
                        current[j * lanes + q] = sum
                    }
                }
                // + Σ_h s_h(t−1) u_jh, continuing each running sum; the changed row of u in its lanes.
                if block == 1 {
                    for q in 0..<count { saved[q] = current[rowOf[q] * lanes + q] }
                }
                u.withUnsafeBufferPointer { U in
                    previous.withUnsafeBufferPointer { P in
                        current.withUnsafeMutableBufferPointer { C in
                            sequentialProducts(U.baseAddress!, rows: M, depth: M, P.baseAddress!, lanes: lanes, into: C.baseAddress!, accumulate: true)
                        }
                    }
                }
                if block == 1 {
                    for (q, change) in changes.enumerated() {
                        let (j, column) = (rowOf[q], columnOf[q])
                        var sum = saved[q]
                        for h in 0..<M { sum += previous[h * lanes + q] * (h == column ? change.value : u[j * M + h]) }
                        current[j * lanes + q] = sum
                    }
                }
                // + θ_j (the new one in its lanes), then s = f(net).
                if block == 3 {
                    for q in 0..<count { saved[q] = current[rowOf[q] * lanes + q] }
                }
                for j in 0..<M {
                    for q in 0..<lanes { current[j * lanes + q] = current[j * lanes + q] + thetaJ[j] }
                }
                if block == 3 {
                    for (q, change) in changes.enumerated() { current[rowOf[q] * lanes + q] = saved[q] + change.value }
                }
                for index in 0..<(M * lanes) { current[index] = f(current[index]) }
                // net_k = Σ_j s_j w_kj + θ_k, the cost of the step.
                w.withUnsafeBufferPointer { W in
                    current.withUnsafeBufferPointer { C in
                        nets.withUnsafeMutableBufferPointer { Z in
                            sequentialProducts(W.baseAddress!, rows: O, depth: M, C.baseAddress!, lanes: lanes, into: Z.baseAddress!)
                        }
                    }
                }
                for k in 0..<O {
                    for q in 0..<lanes { nets[k * lanes + q] = nets[k * lanes + q] + thetaK[k] }
                }
                for q in 0..<count {
                    totals[q] += nets.withUnsafeBufferPointer { n in
                        outputs.withUnsafeMutableBufferPointer { stepCost(nets: n.baseAddress! + q, stride: lanes, target: t, outputs: $0.baseAddress!) }
                    }
                }
                swap(&previous, &current)
            }
            return totals
        }
    }
}
