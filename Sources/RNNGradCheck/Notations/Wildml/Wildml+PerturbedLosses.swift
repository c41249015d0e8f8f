// Wildml, fast: the losses central differences need, with one weight changed at a time, equal bit for
// bit to `calculateTotalLoss` (Wildml+Forward.swift) at the changed weights. Structure, not
// approximation:
// - V never reaches a state: only the logits of the changed row are recomputed, and the other
//   exponentials of the softmax are the cached ones (unless the changed logit moves the maximum);
// - column c of U is read only at steps with x_t = c: before the first of them nothing changes, and
//   a column of a word absent from x changes nothing at all;
// - W multiplies s_{−1} = 0 at step 0, which gives +0 whatever W is: step 0 never changes.
// Every sum runs in the order Matrix.dot, logSumExp and calculateTotalLoss use.

extension Wildml.Problem: FastPerturbedLosses where Scalar == Double {
    public func perturbedLossEvaluator() -> any PerturbedLossEvaluator { Wildml.PerturbedLosses(self) }
}

extension Wildml {
    final class PerturbedLosses: PerturbedLossEvaluator {
        let K: Int, H: Int, T: Int
        var U: [Double], V: [Double], W: [Double]
        let x: [Int], y: [Int]
        /// The unperturbed pass: (T + 1) × H states (row 0 = s_{−1}), T × K logits, T × K shifted
        /// exponentials, T maxima, and prefix[t] = E_0 + … + E_{t−1} summed as calculateTotalLoss sums.
        var states: [Double], logits: [Double], exps: [Double], maxima: [Double], prefix: [Double]
        /// firstUse[c]: the first step reading column c of U (T if none).
        let firstUse: [Int]
        var scratchStates: [Double], scratchLogits: [Double]

        init(_ problem: Wildml.Problem<Double>) {
            let rnn = problem.rnn
            (K, H, T) = (rnn.wordDim, rnn.hiddenDim, problem.x.count)
            (U, V, W) = (rnn.U.storage, rnn.V.storage, rnn.W.storage)
            (x, y) = (problem.x, problem.y)
            states = [Double](repeating: 0, count: (T + 1) * H)
            logits = [Double](repeating: 0, count: T * K)
            exps = [Double](repeating: 0, count: T * K)
            maxima = [Double](repeating: 0, count: T)
            prefix = [Double](repeating: 0, count: T + 1)
            var first = [Int](repeating: problem.x.count, count: rnn.wordDim)
            for (t, token) in problem.x.enumerated().reversed() { first[token] = t }
            firstUse = first
            scratchStates = states
            scratchLogits = [Double](repeating: 0, count: K)
            // The unperturbed pass, keeping every intermediate.
            var total = 0.0
            states.withUnsafeMutableBufferPointer { S in
            logits.withUnsafeMutableBufferPointer { Z in
            exps.withUnsafeMutableBufferPointer { X in
                for t in 0..<T {
                    let s = S.baseAddress! + (t + 1) * H
                    computeState(t, previous: S.baseAddress! + t * H, into: s)
                    total += stepLoss(state: s, logits: Z.baseAddress! + t * K, exps: X.baseAddress! + t * K, maximum: &maxima[t], t: t)
                    prefix[t + 1] = total
                }
            } } }
        }

        /// s_t = tanh(U[:, x_t] + W s_{t−1}), as `Wildml.RNN.state` computes it.
        private func computeState(_ t: Int, previous: UnsafePointer<Double>, into current: UnsafeMutablePointer<Double>) {
            let (K, H, token) = (self.K, self.H, x[t])
            U.withUnsafeBufferPointer { U in
                W.withUnsafeBufferPointer { W in
                    for i in 0..<H { current[i] = libmTanh(U[i * K + token] + sequentialDot(W.baseAddress! + i * H, previous, H)) }
                }
            }
        }

        /// E_t = logsumexp(V s_t) − (V s_t)[y_t], as `stepLoss` and `logSumExp` compute it, writing
        /// the logits, the shifted exponentials and the maximum.
        private func stepLoss(
            state s: UnsafePointer<Double>, logits z: UnsafeMutablePointer<Double>, exps e: UnsafeMutablePointer<Double>,
            maximum: inout Double, t: Int
        ) -> Double {
            let (K, H) = (self.K, self.H)
            V.withUnsafeBufferPointer { V in
                for k in 0..<K { z[k] = sequentialDot(V.baseAddress! + k * H, s, H) }
            }
            var m = z[0]
            for k in 0..<K where z[k] > m { m = z[k] }
            maximum = m
            var sum = 0.0
            for k in 0..<K {
                e[k] = libmExp(z[k] - m)
                sum += e[k]
            }
            return (m + libmLog(sum)) - z[y[t]]
        }

        /// The loss with the forward pass rerun from step `first` (earlier steps as cached).
        private func lossFrom(_ first: Int) -> Double {
            guard first < T else { return prefix[T] }
            var total = prefix[first]
            let (K, H) = (self.K, self.H)
            states.withUnsafeBufferPointer { cached in
            scratchStates.withUnsafeMutableBufferPointer { S in
            scratchLogits.withUnsafeMutableBufferPointer { Z in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: K) { X in
                var unused = 0.0
                for t in first..<T {
                    // s_{first−1} is the cached state; later ones are the recomputed ones.
                    let previous = t == first ? cached.baseAddress! + t * H : UnsafePointer(S.baseAddress! + t * H)
                    let s = S.baseAddress! + (t + 1) * H
                    computeState(t, previous: previous, into: s)
                    total += stepLoss(state: s, logits: Z.baseAddress!, exps: X.baseAddress!, maximum: &unused, t: t)
                }
            } } } }
            return total
        }

        /// V[row, column] changed: the states stay; in each step only logit `row` moves.
        private func lossWithV(row: Int, column: Int) -> Double {
            let (K, H) = (self.K, self.H)
            var total = 0.0
            states.withUnsafeBufferPointer { S in
            logits.withUnsafeBufferPointer { Z in
            exps.withUnsafeBufferPointer { X in
            V.withUnsafeBufferPointer { V in
                for t in 0..<T {
                    let z = Z.baseAddress! + t * K, e = X.baseAddress! + t * K
                    let changed = sequentialDot(V.baseAddress! + row * H, S.baseAddress! + (t + 1) * H, H)
                    var m = row == 0 ? changed : z[0]
                    for k in 0..<K {
                        let zk = k == row ? changed : z[k]
                        if zk > m { m = zk }
                    }
                    var sum = 0.0
                    if m == maxima[t] {
                        for k in 0..<K { sum += k == row ? libmExp(changed - m) : e[k] }
                    } else {
                        for k in 0..<K { sum += libmExp((k == row ? changed : z[k]) - m) }
                    }
                    let target = y[t] == row ? changed : z[y[t]]
                    total += (m + libmLog(sum)) - target
                }
            } } } }
            return total
        }

        func loss(block: Int, entry: Int, value: Double) -> Double {
            switch block {
            case 0:
                let original = U[entry]
                U[entry] = value
                defer { U[entry] = original }
                return lossFrom(firstUse[entry % K])
            case 1:
                let original = V[entry]
                V[entry] = value
                defer { V[entry] = original }
                return lossWithV(row: entry / H, column: entry % H)
            default:
                let original = W[entry]
                W[entry] = value
                defer { W[entry] = original }
                return lossFrom(1)
            }
        }
    }
}
