// What checking the tanh/softmax network costs (CostEstimate.swift), counted from its sizes and its
// sequence: the forward passes, the perturbed losses as TanhSoftmaxRNN+PerturbedLosses.swift computes
// them, and the gradient implementations the three notations run. Counts, not times: MachineRates
// turns them into seconds.

extension TanhSoftmaxRNN {
    /// The sizes and sequence a count needs.
    struct Shape {
        let K: Int, H: Int
        let x: [Int]
        /// Whether h_{−1} = 0 (the recurrent weights cannot change step 0).
        let zeroInitial: Bool
        var T: Int { x.count }
    }

    /// One plain forward pass (allocating): per step the recurrent product, the logits, the softmax.
    static func forwardWork(_ s: Shape) -> Work {
        let (K, H, T) = (Double(s.K), Double(s.H), Double(s.T))
        return Work(allocating: T * (H * H + K * H + 3 * K + 4 * H), transcendental: T * (H + K + 1), allocations: 6 * T)
    }

    /// The forward pass in complex arithmetic: a complex multiply-add costs about two real ones
    /// (measured), a complex exp or tanh three real transcendentals.
    static func complexForwardWork(_ s: Shape) -> Work {
        let real = forwardWork(s)
        return Work(allocating: 2 * real.allocating, transcendental: 3 * real.transcendental, allocations: real.allocations)
    }

    /// Both losses of every entry's central difference, per block (`roles` in the notation's order), as
    /// the evaluator computes them.
    static func perturbedLossWork(_ s: Shape, roles: [Role]) -> [Work] {
        let (K, H, T) = (Double(s.K), Double(s.H), Double(s.T))
        var firstUse = [Int](repeating: s.T, count: s.K)
        for (t, token) in s.x.enumerated().reversed() { firstUse[token] = t }
        // One step of one lane of a forward pass: the two products, the softmax's K exps, H tanh.
        let laneStep = Work(kernel: H * H + K * H, scalar: 3 * K + 4 * H, transcendental: K + H + 1)
        return roles.map { role in
            switch role {
            case .input:
                let laneSteps = firstUse.reduce(0.0) { $0 + 2 * H * Double(s.T - $1) }
                return laneSteps * laneStep
            case .recurrent:
                return (2 * H * H * (T - (s.zeroInitial ? 1 : 0))) * laneStep
            case .hiddenBias:
                return (2 * H * T) * laneStep
            case .output:
                // Row r: the running sums after r (K − r − 1 adds) for its 2H perturbations at every
                // step, the dots continued, an exp and a log each; the row of the largest logit redoes
                // the softmax (K exps) at each step.
                return Work(
                    kernel: 2 * H * T * K * (K - 1) / 2, scalar: T * K * H + 2 * H * T * K * H / 2,
                    transcendental: 2 * 2 * H * T * K + 2 * H * T * K)
            case .outputBias:
                return Work(kernel: 2 * T * K * (K - 1) / 2, scalar: 2 * T * K, transcendental: 2 * 2 * T * K + 2 * T * K)
            }
        }
    }

    /// The memory of one evaluator: the cached pass and the buffers of a 32-lane batch.
    static func evaluatorBytes(_ s: Shape) -> Double {
        let (K, H, T) = (Double(s.K), Double(s.H), Double(s.T))
        return 8 * ((T + 1) * H + H * T + 5 * T * K + 3 * 32 * H + 32 * K + 64) + 8 * (2 * K * H + H * H)
    }

    /// Seed 000's bptt loop, ported line by line (and min-char-rnn's lossFun, which allocates the same
    /// way with τ = T): a forward pass, then per output the K×H outer product and the steps back to
    /// t − τ, each an H×H product and outer product.
    static func literalLoopWork(_ s: Shape, truncation: Int?) -> (work: Work, bytes: Double) {
        let (K, H, T) = (Double(s.K), Double(s.H), Double(s.T))
        let tau = Double(truncation ?? s.T)
        var reached = 0.0
        for t in 0..<s.T { reached += min(Double(t), tau) + 1 }
        let work = forwardWork(s) + Work(allocating: T * (3 * K * H + 2 * K) + reached * (3 * H * H + 2 * H), allocations: 7 * T + 5 * reached)
        return (work, 8 * (T * K + (T + 1) * H + 5 * K * H + 2 * H * H))
    }

    /// Seed 002's δ_k^(t) table: T(T + 1)/2 vectors, each an H×H product from the next, then the sums.
    static func literalTableWork(_ s: Shape, truncation: Int?) -> (work: Work, bytes: Double) {
        let (K, H, T) = (Double(s.K), Double(s.H), Double(s.T))
        let tau = Double(truncation ?? s.T)
        var reached = 0.0
        for t in 0..<s.T { reached += min(Double(t), tau) + 1 }
        let work = forwardWork(s) + Work(allocating: T * (4 * K * H + 2 * K) + reached * (4 * H * H + 3 * H), allocations: 8 * T + 7 * reached)
        return (work, 8 * (T * (2 * K + 2 * H) + reached * H + 3 * K * H + 2 * H * H))
    }

    /// The one sweep (Wildml+OneSweep.swift): four products, vector exps and tanh, dU cleared.
    static func sweepWork(_ s: Shape) -> (work: Work, bytes: Double) {
        let (K, H, T) = (Double(s.K), Double(s.H), Double(s.T))
        let work = Work(
            kernel: 3 * K * H * T + 3 * T * H * H, scalar: 3 * K * T + K * H + 6 * T * H, vectorTranscendental: K * T + H * T)
        return (work, 8 * (K * T + 4 * T * H + H * H + 2 * H + (T + 1) * H + 3 * K * H + H * H))
    }

    /// The cost model of a notation's problem on this network.
    static func costModel(_ s: Shape, roles: [Role], analytic: (work: Work, bytes: Double)) -> CostModel {
        CostModel(
            analytic: analytic.work, analyticBytes: analytic.bytes, forward: forwardWork(s), complexForward: complexForwardWork(s),
            perturbedLosses: perturbedLossWork(s, roles: roles), evaluatorBytes: evaluatorBytes(s))
    }
}
