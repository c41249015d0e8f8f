// IndexWise's cost model (CostEstimate.swift), counted from N, M, O and T: the forward pass (I1–I6),
// the perturbed costs as IndexWise+PerturbedLosses.swift computes them, and the gradient implementation
// `gradientImplementation` names: seed 001's unfolding loops or the one sweep.

extension IndexWise.Problem {
    public var costModel: CostModel {
        let (N, M, O, T) = (Double(network.N), Double(network.M), Double(network.O), Double(steps))
        let forward = Work(allocating: T * (M * N + M * M + 2 * M * O + 3 * M + 4 * O), transcendental: T * (M + O), allocations: 4 * T)
        let complexForward = Work(allocating: 2 * forward.allocating, transcendental: 3 * forward.transcendental, allocations: forward.allocations)
        // One step of one lane of a forward pass: the recurrent and output products, M + O sigmoids.
        let laneStep = Work(kernel: M * M + M * O, scalar: 10 * M + 8 * O, transcendental: M + O)
        let perturbed = [
            (2 * M * N * T) * (laneStep + Work(scalar: N)),  // v: from step 0, its row's input sum redone
            (2 * M * M * (T - 1)) * (laneStep + Work(scalar: M)),  // u: from step 1
            Work(scalar: 2 * O * M * T * (M + 4 * O), transcendental: 2 * O * M * T * O),  // w: net_k redone
            (2 * M * T) * laneStep,  // θ_j
            Work(scalar: 2 * O * T * 5 * O, transcendental: 2 * O * T * O),  // θ_k
        ]
        let sweep = (self as? IndexWise.Problem<Double>).map { !$0.gradientImplementation(truncation: $0.truncation).isLiteral } ?? false
        let analytic: Work, bytes: Double
        if sweep {
            analytic = Work(kernel: T * (2 * M * N + 3 * M * M + 3 * M * O), scalar: T * (8 * M + 10 * O), vectorTranscendental: T * (M + O))
            bytes = 8 * (T * (N + 4 * M + 3 * O) + M * (N + M + O))
        } else {
            let tau = Double(truncation ?? steps)
            var reached = 0.0
            for t in 0..<steps { reached += min(Double(t), tau) + 1 }
            analytic = forward + Work(allocating: T * (3 * M * O + 2 * O) + reached * (M * N + 2 * M * M + 3 * M), allocations: 6 * T + reached)
            bytes = 8 * (T * (2 * M + 2 * O) + 3 * (M * N + M * M + M * O))
        }
        return CostModel(
            analytic: analytic, analyticBytes: bytes, forward: forward, complexForward: complexForward, perturbedLosses: perturbed,
            evaluatorBytes: 8 * (T * (2 * M + O) + 32 * (2 * M + O) + N * T))
    }
}
