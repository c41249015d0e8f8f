// DenominatorLayout's recurrence, linearised for the dynamics analysis (GradientDynamics), and the
// equations each step of seed 002's δ_k^(t) recursion exercises, for step attribution
// (StepAttribution). Seed 002's state s_t is the pre-activation, so its one-step Jacobian is
// W_rec diag(1 − h_{j−1}²), the slope on the right. Equation numbers refer to notes/denominator-layout.md.

extension DenominatorLayout.Problem: RecurrentDynamics, StepAttributable where Scalar == Double {
    public static var dynamicsSymbols: DynamicsSymbols {
        DynamicsSymbols(
            stateTemplate: "s_k", stateMeaning: "the pre-activation s_t = W_rec h_{t−1} + W_in x_t (D1), seed 002's state",
            recurrentSymbol: "W_rec", activation: "tanh", slopeBound: 1,
            jacobian: "∂s_j/∂s_{j−1} = W_rec diag(1 − h_{j−1}²)",
            jacobianSource: "seed 002's δ_k^(t) recursion (D9) applies its transpose; seed 004's product (004.7) in seed 002's symbols",
            bound: "‖∂s_j/∂s_{j−1}‖₂ ≤ ‖W_rec‖₂ ‖diag(1 − h_{j−1}²)‖₂ ≤ ‖W_rec‖₂")
    }

    public var recurrentMatrix: Matrix<Double> { parameters.WRec }

    public func states() -> [[Double]] {
        parameters.forward(x, y).s.map(\.storage)
    }

    /// (D1, D2) s_j = W_rec tanh(s_{j−1}) + W_in x_j gives ∂s_j/∂s_{j−1} = W_rec diag(1 − h_{j−1}²).
    public func stepJacobians(_ range: ClosedRange<Int>) -> [StepJacobian] {
        precondition(range.lowerBound >= 1 && range.upperBound < steps, "step Jacobians exist for j in 1…T−1 = 1…\(steps - 1)")
        let h = parameters.forward(x, y).h
        return range.map { j in
            let slopes = (1 - h[j - 1] .* h[j - 1]).storage
            var J = parameters.WRec
            for row in 0..<J.rows {
                for column in 0..<J.columns { J[row, column] *= slopes[column] }
            }
            return StepJacobian(jacobian: J, slopes: slopes)
        }
    }

    /// (D8) ∂E_t/∂s_t = δ_t^(t) = (W_outᵀ r_t) ⊙ (1 − h_t ⊙ h_t).
    public func outputStateGradients() -> [[Double]] {
        let pass = parameters.forward(x, y)
        return (0..<steps).map { t in
            var r = pass.yHat[t]
            r[y[t]] -= 1
            return (parameters.WOut.T.dot(r) .* (1 - pass.h[t] .* pass.h[t])).storage
        }
    }

    public static var stepEquations: StepEquations {
        StepEquations(
            ownStep: [
                "W_out": "D7, D10: r_t = ŷ_t − y_t and ∂E/∂W_out += r_t ⊗ h_t",
                "W_rec": "D8, D11: δ_t^(t) = (W_outᵀ r_t) ⊙ (1 − h_t ⊙ h_t), then ∂E/∂W_rec += δ_t^(t) ⊗ h_{t−1}",
                "W_in": "D8, D12: δ_t^(t) = (W_outᵀ r_t) ⊙ (1 − h_t ⊙ h_t), then column x_t of ∂E/∂W_in += δ_t^(t)",
            ],
            earlierSteps: [
                "W_out": "none: W_out acts at output t only (D10), so it has no contribution at lag ≥ 1",
                "W_rec": "D9, D11: δ_k^(t) = (W_recᵀ δ_{k+1}^(t)) ⊙ (1 − h_k ⊙ h_k), then ∂E/∂W_rec += δ_k^(t) ⊗ h_{k−1}",
                "W_in": "D9, D12: δ_k^(t) = (W_recᵀ δ_{k+1}^(t)) ⊙ (1 − h_k ⊙ h_k), then column x_k of ∂E/∂W_in += δ_k^(t)",
            ])
    }

    /// The same network and truncation on x_0 … x_{n−1}, y_0 … y_{n−1}.
    public func prefix(steps n: Int) -> Self {
        precondition((1...steps).contains(n), "a prefix has 1…\(steps) steps, not \(n)")
        return Self(parameters: parameters, x: Array(x.prefix(n)), y: Array(y.prefix(n)), truncation: truncation)
    }
}
