extension NumericalDifferentiation {
    /// ∂E_t/∂θ for the loss of one output t alone, by the complex step (exact to rounding): the
    /// gradient seeds 000, 003 and 004 derive for E_3. With a truncation τ a perturbation reaches
    /// output t only through steps t − τ … t (the truncated objective of that one output).
    public static func outputGradient<P: GradientProblem>(
        of problem: P, output t: Int, truncation tau: Int? = nil
    ) -> NumericalGradient where P.Scalar == Double {
        precondition((0..<problem.steps).contains(t), "output \(t) is not in 0..<\(problem.steps)")
        let base = problem.complexified()
        let firstStep = t - (tau ?? t)
        return complexStep(
            base, step: GradientCheckDefaults.complexStep, lossScale: problem.outputLoss(t) { _ in problem }, entries: nil
        ) { perturbed in
            base.outputLoss(t) { k in k >= firstStep ? perturbed : base }
        }
    }
}
