// The losses central differences need, with one weight changed at a time, for the tanh/softmax network
// (TanhSoftmaxRNN.swift), equal bit for bit to the notation's plain forward pass at the changed weight.
// Structure and batching, not approximation:
//
// - An output weight output[r, c] (or the output bias of row r) reaches no state: at every step only
//   logit r moves. The new logit is the cached partial dot product up to column c, continued. The
//   softmax sum Σ_k exp(z_k − m) is the cached running sum up to k = r, plus the new exp(z_r − m),
//   plus the cached exp(z_k − m) for k > r added in the same order; m is unchanged unless the new
//   logit passes the largest of the others (kept per step with the runner-up), and then the whole
//   step is recomputed. The additions after k = r are the only O(K) work: they run for all the
//   perturbations of a row at once (addSequentially).
// - Column c of the input weights is read only at steps with x_t = c: before the first of them
//   nothing changes, and a column of a word absent from x changes nothing at all.
// - The recurrent weights multiply h_{−1}; when it is 0 (every notation's default) step 0 gives +0
//   whatever they are, and never changes.
// - Everything else is a forward pass from the first step a perturbation reaches, run for up to 32
//   perturbations side by side: the products become register-blocked matrix products whose every
//   entry is summed in the plain order (sequentialProducts), and each lane's softmax sum is its own
//   left-to-right sum.
//
// Non-finite numbers (a parameter, a requested value, a logit that overflows) go to the notation's
// plain loss, which is the definition.

extension TanhSoftmaxRNN {
    /// The perturbed-loss evaluator for a notation whose blocks play `roles`; `plainLoss(block, entry,
    /// value)` is the notation's own forward pass at the changed entry.
    final class PerturbedLosses: PerturbedLossEvaluator {
        let network: TanhSoftmaxRNN
        let roles: [Role]
        let plainLoss: (Int, Int, Double) -> Double
        let K: Int, H: Int, T: Int
        /// False when some number is not finite: every loss then comes from `plainLoss`.
        private(set) var usesStructure = false

        // The unperturbed pass.
        /// (T + 1) × H: row 0 is h_{−1}, row t + 1 is h_t.
        private var states: [Double]
        /// H × T: h_t[j] at j·T + t.
        private var transposedStates: [Double]
        /// T × K: output · h_t (before the output bias).
        private var dots: [Double]
        /// T × K: z_t.
        private var logits: [Double]
        /// T × K: exp(z_t[k] − m_t).
        private var exps: [Double]
        /// T × (K + 1): the softmax sum of step t after its first k terms, as the plain loop forms it.
        private var runningSums: [Double]
        /// Per step: m_t, the first k where it is reached, and the largest other logit (−∞ if K = 1).
        private var maxima: [Double], argmax: [Int], runnerUp: [Double]
        /// prefix[t] = E_0 + … + E_{t−1}, summed as the plain pass sums.
        private var prefix: [Double]
        /// firstUse[c]: the first step with x_t = c (T if none).
        private let firstUse: [Int]
        /// The first step the recurrent weights can change: 1 when h_{−1} = 0, else 0.
        private let recurrentStart: Int
        private let scratch = Scratch()

        init(_ network: TanhSoftmaxRNN, roles: [Role], plainLoss: @escaping (Int, Int, Double) -> Double) {
            self.network = network
            self.roles = roles
            self.plainLoss = plainLoss
            (K, H, T) = (network.K, network.H, network.T)
            var first = [Int](repeating: network.T, count: network.K)
            for (t, token) in network.x.enumerated().reversed() { first[token] = t }
            firstUse = first
            recurrentStart = network.initial.allSatisfy { $0 == 0 } ? 1 : 0
            states = network.initial + [Double](repeating: 0, count: network.T * network.H)
            transposedStates = [Double](repeating: 0, count: network.H * network.T)
            dots = [Double](repeating: 0, count: network.T * network.K)
            logits = dots
            exps = dots
            runningSums = [Double](repeating: 0, count: network.T * (network.K + 1))
            maxima = [Double](repeating: 0, count: network.T)
            argmax = [Int](repeating: 0, count: network.T)
            runnerUp = maxima
            prefix = [Double](repeating: 0, count: network.T + 1)
            if network.isFinite {
                unperturbedPass()
                usesStructure = prefix[T].isFinite && logits.allSatisfy(\.isFinite)
            }
        }

        /// The plain pass once, keeping every intermediate.
        private func unperturbedPass() {
            let (K, H, T) = (self.K, self.H, self.T)
            let n = network
            var total = 0.0
            n.input.withUnsafeBufferPointer { U in
            n.recurrent.withUnsafeBufferPointer { R in
            n.output.withUnsafeBufferPointer { O in
            states.withUnsafeMutableBufferPointer { S in
            transposedStates.withUnsafeMutableBufferPointer { St in
            dots.withUnsafeMutableBufferPointer { D in
            logits.withUnsafeMutableBufferPointer { Z in
            exps.withUnsafeMutableBufferPointer { X in
            runningSums.withUnsafeMutableBufferPointer { running in
                let (R, O, S, Z) = (R.baseAddress!, O.baseAddress!, S.baseAddress!, Z.baseAddress!)
                for t in 0..<T {
                    // a_t = (input[:, x_t] + recurrent · h_{t−1}) + hiddenBias; h_t = tanh(a_t).
                    let previous = S + t * H, current = S + (t + 1) * H
                    for i in 0..<H {
                        var a = U[i * K + n.x[t]] + sequentialDot(R + i * H, previous, H)
                        if let b = n.hiddenBias { a = a + b[i] }
                        current[i] = libmTanh(a)
                        St[i * T + t] = current[i]
                    }
                    // z_t = output · h_t + outputBias.
                    let z = Z + t * K
                    for k in 0..<K {
                        let d = sequentialDot(O + k * H, current, H)
                        D[t * K + k] = d
                        z[k] = n.outputBias.map { d + $0[k] } ?? d
                    }
                    // m_t, its position and the runner-up; the exps and the running sums.
                    var m = z[0], position = 0
                    for k in 0..<K where z[k] > m {
                        m = z[k]
                        position = k
                    }
                    var second = -Double.infinity
                    for k in 0..<K where k != position { second = max(second, z[k]) }
                    (maxima[t], argmax[t], runnerUp[t]) = (m, position, second)
                    var sum = 0.0
                    for k in 0..<K {
                        running[t * (K + 1) + k] = sum
                        X[t * K + k] = libmExp(z[k] - m)
                        sum += X[t * K + k]
                    }
                    running[t * (K + 1) + K] = sum
                    total += (m + libmLog(sum)) - z[n.y[t]]
                    prefix[t + 1] = total
                }
            } } } } } } } } }
        }

        // MARK: The evaluator's interface

        func loss(block: Int, entry: Int, value: Double) -> Double {
            losses(block: block, perturbations: [Perturbation(entry: entry, value: value)])[0]
        }

        func batches(block: Int, entries: [Int]) -> [PerturbationBatch] {
            // A small block is one batch: fewer calls, and `losses` groups it the same way inside.
            let bound = Double(entries.count * T) * Double(K * H + H * H + 4 * K)
            guard bound > 200_000 else { return [PerturbationBatch(entries: entries, cost: bound)] }
            return structuredBatches(block: block, entries: entries)
        }

        private func structuredBatches(block: Int, entries: [Int]) -> [PerturbationBatch] {
            guard usesStructure else {
                return stride(from: 0, to: entries.count, by: 16).map {
                    PerturbationBatch(entries: Array(entries[$0..<min($0 + 16, entries.count)]), cost: Double(16 * T * (K * H + H * H)))
                }
            }
            // The work of one perturbed step of a forward pass, and of one output-row step from row r.
            let stepCost = Double(K * H + H * H) + Double(K) * 4
            func chunks(_ list: [Int], costPerEntry: Double) -> [PerturbationBatch] {
                stride(from: 0, to: list.count, by: 16).map {
                    let part = Array(list[$0..<min($0 + 16, list.count)])
                    return PerturbationBatch(entries: part, cost: Double(part.count) * costPerEntry)
                }
            }
            switch roles[block] {
            case .output:
                // One batch per row: the perturbations of a row share its running sums.
                var rows: [Int: [Int]] = [:]
                var order: [Int] = []
                for entry in entries {
                    let r = entry / H
                    if rows[r] == nil { order.append(r) }
                    rows[r, default: []].append(entry)
                }
                return order.map { r in
                    PerturbationBatch(entries: rows[r]!, cost: Double(rows[r]!.count * T * (K - r + H)))
                }
            case .outputBias:
                return chunks(entries, costPerEntry: Double(T * K) / 2)
            case .input:
                // Entries of unused columns cost nothing; the others go by column (one first step).
                var unused: [Int] = []
                var columns: [Int: [Int]] = [:]
                var order: [Int] = []
                for entry in entries {
                    let c = entry % K
                    if firstUse[c] == T {
                        unused.append(entry)
                        continue
                    }
                    if columns[c] == nil { order.append(c) }
                    columns[c, default: []].append(entry)
                }
                let free = stride(from: 0, to: unused.count, by: 4096).map {
                    PerturbationBatch(entries: Array(unused[$0..<min($0 + 4096, unused.count)]), cost: 0)
                }
                return free + order.flatMap { c in chunks(columns[c]!, costPerEntry: Double(T - firstUse[c]) * stepCost) }
            case .recurrent:
                return chunks(entries, costPerEntry: Double(T - recurrentStart) * stepCost)
            case .hiddenBias:
                return chunks(entries, costPerEntry: Double(T) * stepCost)
            }
        }

        func losses(block: Int, perturbations: [Perturbation]) -> [Double] {
            var result = [Double](repeating: .nan, count: perturbations.count)
            // What the structure cannot take goes to the plain pass.
            var structured: [Int] = []
            for (index, p) in perturbations.enumerated() {
                if usesStructure && p.value.isFinite {
                    structured.append(index)
                } else {
                    result[index] = plainLoss(block, p.entry, p.value)
                }
            }
            switch roles[block] {
            case .output, .outputBias:
                // Grouped by row.
                let isWeight = roles[block] == .output
                let byRow = structured.map { Lane(index: $0, key: isWeight ? perturbations[$0].entry / H : perturbations[$0].entry) }.sorted(by: Lane.precedes)
                var first = 0
                while first < byRow.count {
                    var end = first
                    while end < byRow.count && byRow[end].key == byRow[first].key { end += 1 }
                    let run = byRow[first..<end]
                    let changes = run.map { RowChange(column: isWeight ? perturbations[$0.index].entry % H : -1, value: perturbations[$0.index].value) }
                    let values = outputRowLosses(row: byRow[first].key, changes: changes)
                    for (item, value) in zip(run, values) { result[item.index] = value }
                    first = end
                }
            case .input, .recurrent, .hiddenBias:
                let role = roles[block]
                var lanes: [Lane] = []
                for index in structured {
                    let start: Int
                    switch role {
                    case .input: start = firstUse[perturbations[index].entry % K]
                    case .recurrent: start = recurrentStart
                    default: start = 0
                    }
                    if start >= T {
                        result[index] = prefix[T]  // a column no step reads
                    } else {
                        lanes.append(Lane(index: index, key: start))
                    }
                }
                // Up to 32 lanes per pass, those with the same first step together.
                lanes.sort(by: Lane.precedes)
                for chunkStart in stride(from: 0, to: lanes.count, by: 32) {
                    let chunk = lanes[chunkStart..<min(chunkStart + 32, lanes.count)]
                    let values = forwardLosses(role: role, changes: chunk.map { perturbations[$0.index] }, starts: chunk.map(\.key))
                    for (lane, value) in zip(chunk, values) { result[lane.index] = value }
                }
            }
            return result
        }

        /// A perturbation's index in its batch and what groups it: its row, or its first step.
        private struct Lane {
            let index: Int
            let key: Int
            static func precedes(_ a: Lane, _ b: Lane) -> Bool { a.key != b.key ? a.key < b.key : a.index < b.index }
        }

        /// One change of an output row: the weight in `column` (−1: the row's output bias) set to `value`.
        private struct RowChange {
            let column: Int
            let value: Double
        }

        // MARK: Output weights and biases

        /// E with row r of the output layer changed: `column` c set to `value` (an output weight), or,
        /// with column −1, the output bias of row r set to `value`.
        private func outputRowLosses(row r: Int, changes: [RowChange]) -> [Double] {
            let (K, H, T) = (self.K, self.H, self.T)
            let n = changes.count
            // The new logit z_t[r] of every change at every step: newLogits[q·T + t].
            var newLogits = [Double](repeating: 0, count: n * T)
            network.output.withUnsafeBufferPointer { O in
            transposedStates.withUnsafeBufferPointer { S in
            newLogits.withUnsafeMutableBufferPointer { Z in
                let row = O.baseAddress! + r * H, S = S.baseAddress!
                // partial[j·T + t] = Σ_{i<j} output[r, i] h_t[i], the plain dot's first j terms.
                var partial = [Double](repeating: 0, count: (H + 1) * T)
                if changes.contains(where: { $0.column >= 0 }) {
                    for j in 0..<H {
                        for t in 0..<T { partial[(j + 1) * T + t] = partial[j * T + t] + row[j] * S[j * T + t] }
                    }
                }
                for (q, change) in changes.enumerated() {
                    let z = Z.baseAddress! + q * T
                    if change.column >= 0 {
                        let c = change.column
                        // The dot continued from column c with the new weight.
                        for t in 0..<T { z[t] = partial[c * T + t] + change.value * S[c * T + t] }
                        for j in (c + 1)..<max(c + 1, H) {
                            let w = row[j]
                            for t in 0..<T { z[t] = z[t] + w * S[j * T + t] }
                        }
                        if let b = network.outputBias {
                            for t in 0..<T { z[t] = z[t] + b[r] }
                        }
                    } else {
                        for t in 0..<T { z[t] = dots[t * K + r] + change.value }
                    }
                }
            } } }

            var totals = [Double](repeating: 0, count: n)
            var stepLosses = [Double](repeating: 0, count: n)
            var sums = [Double](repeating: 0, count: (n + 7) / 8 * 8)
            var chained: [Int] = []
            for t in 0..<T {
                let m = maxima[t]
                let others = argmax[t] == r ? runnerUp[t] : m
                let target = network.y[t]
                chained.removeAll(keepingCapacity: true)
                for q in 0..<n {
                    let z = newLogits[q * T + t]
                    let shift = z > others ? z : others
                    let sum: Double
                    if shift.bitPattern == m.bitPattern {
                        // The running sum to k = r, the new term, then the cached terms after it (below).
                        sums[chained.count] = runningSums[t * (K + 1) + r] + libmExp(z - m)
                        chained.append(q)
                        continue
                    } else {
                        // The largest logit moved: the whole step, as the plain pass does it.
                        var s = 0.0
                        for k in 0..<K { s += libmExp((k == r ? z : logits[t * K + k]) - shift) }
                        sum = s
                    }
                    stepLosses[q] = (shift + libmLog(sum)) - (target == r ? z : logits[t * K + target])
                }
                if !chained.isEmpty {
                    let lanes = (chained.count + 7) / 8 * 8
                    exps.withUnsafeBufferPointer { X in
                        sums.withUnsafeMutableBufferPointer { S in
                            addSequentially(X.baseAddress! + t * K + r + 1, count: K - r - 1, to: S.baseAddress!, lanes: lanes)
                        }
                    }
                    for (lane, q) in chained.enumerated() {
                        let z = newLogits[q * T + t]
                        stepLosses[q] = (m + libmLog(sums[lane])) - (target == r ? z : logits[t * K + target])
                    }
                }
                for q in 0..<n { totals[q] += stepLosses[q] }
            }
            return totals
        }

        // MARK: Everything that reaches the states

        /// E for up to 32 changes of one block that reaches the states (input, recurrent, hidden
        /// bias), each a lane of one forward pass. Lane q starts at step starts[q], the first its change
        /// reaches; before that its state is the cached one and its loss so far is prefix[starts[q]].
        private func forwardLosses(role: Role, changes: [Perturbation], starts: [Int]) -> [Double] {
            let (K, H, T) = (self.K, self.H, self.T)
            let n = network
            let count = changes.count
            let lanes = (count + 7) / 8 * 8
            let start = starts.min()!
            scratch.reserve(states: H * lanes, logits: K * lanes, lanes: lanes)
            var previous = scratch.previous, current = scratch.current
            let preActivation = scratch.preActivation, z = scratch.logits
            var totals = starts.map { prefix[$0] }
            var saved = [Double](repeating: 0, count: count)
            var active: [Int] = []
            active.reserveCapacity(count)
            // Which row and column each change hits (input: column c; recurrent: column j).
            let rowOf = changes.map { role == .hiddenBias ? $0.entry : $0.entry / (role == .input ? K : H) }
            let columnOf = changes.map { role == .hiddenBias ? 0 : $0.entry % (role == .input ? K : H) }
            states.withUnsafeBufferPointer { cached in
                for i in 0..<H {
                    for q in 0..<lanes { previous[i * lanes + q] = cached[start * H + i] }
                }
            }
            for t in start..<T {
                let token = n.x[t]
                active.removeAll(keepingCapacity: true)
                for q in 0..<count where starts[q] <= t { active.append(q) }
                // recurrent · h_{t−1} for every lane.
                n.recurrent.withUnsafeBufferPointer { R in
                    let R = R.baseAddress!
                    sequentialProducts(R, rows: H, depth: H, previous, lanes: lanes, into: preActivation)
                    if role == .recurrent {
                        // The changed row, with the new weight in its place.
                        for q in active {
                            let (i, j) = (rowOf[q], columnOf[q])
                            var sum = 0.0
                            for k in 0..<H { sum += (k == j ? changes[q].value : R[i * H + k]) * previous[k * lanes + q] }
                            preActivation[i * lanes + q] = sum
                        }
                    }
                }
                // + input[:, x_t], with the new weight in the lanes whose column is x_t.
                if role == .input {
                    for q in active where columnOf[q] == token { saved[q] = preActivation[rowOf[q] * lanes + q] }
                }
                n.input.withUnsafeBufferPointer { U in
                    for i in 0..<H {
                        let u = U[i * K + token]
                        for q in 0..<lanes { preActivation[i * lanes + q] = u + preActivation[i * lanes + q] }
                    }
                }
                if role == .input {
                    for q in active where columnOf[q] == token {
                        preActivation[rowOf[q] * lanes + q] = changes[q].value + saved[q]
                    }
                }
                // + hiddenBias, with the new bias in its lane.
                if let b = n.hiddenBias {
                    if role == .hiddenBias {
                        for q in active { saved[q] = preActivation[rowOf[q] * lanes + q] }
                    }
                    for i in 0..<H {
                        for q in 0..<lanes { preActivation[i * lanes + q] = preActivation[i * lanes + q] + b[i] }
                    }
                    if role == .hiddenBias {
                        for q in active { preActivation[rowOf[q] * lanes + q] = saved[q] + changes[q].value }
                    }
                }
                // h_t = tanh(a_t) in the active lanes; the others (not reached yet, or padding) keep the
                // cached state, which is what they would compute. At a lane's first step only the row
                // of its change differs from the cached pass (the other rows add the same numbers).
                states.withUnsafeBufferPointer { cached in
                    for i in 0..<H {
                        let row = i * lanes, state = cached[(t + 1) * H + i]
                        for q in 0..<lanes { current[row + q] = state }
                        for q in active where starts[q] < t || rowOf[q] == i { current[row + q] = libmTanh(preActivation[row + q]) }
                    }
                }
                // z_t = output · h_t + outputBias.
                n.output.withUnsafeBufferPointer { O in
                    sequentialProducts(O.baseAddress!, rows: K, depth: H, current, lanes: lanes, into: z)
                }
                if let b = n.outputBias {
                    for k in 0..<K {
                        for q in 0..<lanes { z[k * lanes + q] = z[k * lanes + q] + b[k] }
                    }
                }
                addStepLosses(z, lanes: lanes, active: active, target: n.y[t], to: &totals)
                swap(&previous, &current)
            }
            return totals
        }

        /// totals[q] += (m + log Σ_k exp(z[k, q] − m)) − z[y, q] for every active lane q of a K × lanes
        /// block, m = max_k z[k, q] found as the plain pass finds it.
        private func addStepLosses(_ z: UnsafeMutablePointer<Double>, lanes: Int, active: [Int], target y: Int, to totals: inout [Double]) {
            let K = self.K
            let maxima = scratch.maxima, sums = scratch.sums
            for q in active {
                maxima[q] = z[q]
                sums[q] = 0
            }
            for k in 1..<max(1, K) {
                let row = z + k * lanes
                for q in active where row[q] > maxima[q] { maxima[q] = row[q] }
            }
            for k in 0..<K {
                let row = z + k * lanes
                for q in active { sums[q] += libmExp(row[q] - maxima[q]) }
            }
            for q in active { totals[q] += (maxima[q] + libmLog(sums[q])) - z[y * lanes + q] }
        }
    }

    /// Working buffers of one evaluator, grown as needed and reused across batches.
    final class Scratch {
        private(set) var previous = UnsafeMutablePointer<Double>.allocate(capacity: 0)
        private(set) var current = UnsafeMutablePointer<Double>.allocate(capacity: 0)
        private(set) var preActivation = UnsafeMutablePointer<Double>.allocate(capacity: 0)
        private(set) var logits = UnsafeMutablePointer<Double>.allocate(capacity: 0)
        private(set) var maxima = UnsafeMutablePointer<Double>.allocate(capacity: 0)
        private(set) var sums = UnsafeMutablePointer<Double>.allocate(capacity: 0)
        private var stateCapacity = 0, logitCapacity = 0, laneCapacity = 0

        /// Room for states of `states` numbers, logits of `logits`, and `lanes` per-lane numbers.
        func reserve(states: Int, logits count: Int, lanes: Int) {
            if states > stateCapacity {
                for buffer in [previous, current, preActivation] { buffer.deallocate() }
                (previous, current, preActivation) = (.allocate(capacity: states), .allocate(capacity: states), .allocate(capacity: states))
                stateCapacity = states
            }
            if count > logitCapacity {
                logits.deallocate()
                logits = .allocate(capacity: count)
                logitCapacity = count
            }
            if lanes > laneCapacity {
                maxima.deallocate()
                sums.deallocate()
                (maxima, sums) = (.allocate(capacity: lanes), .allocate(capacity: lanes))
                laneCapacity = lanes
            }
        }

        deinit {
            for buffer in [previous, current, preActivation, logits, maxima, sums] { buffer.deallocate() }
        }
    }
}
