// Wildml's recurrence, linearised for the dynamics analysis (GradientDynamics), and the equations each
// step of seed 000's bptt exercises, for step attribution (StepAttribution). Equation numbers refer to
// notes/wildml.md; notes/dynamics.md explains the numbers.

extension Wildml.Problem: RecurrentDynamics, StepAttributable where Scalar == Double {
    public static var dynamicsSymbols: DynamicsSymbols {
        DynamicsSymbols(
            stateTemplate: "s_k", stateMeaning: "the hidden state s_t = tanh(U x_t + W s_{t−1}) (W1)", recurrentSymbol: "W",
            activation: "tanh", slopeBound: 1, jacobian: "∂s_j/∂s_{j−1} = diag(1 − s_j²) W",
            jacobianSource: "seed 004's ∏_{j=k+1}^{t} ∂h^(j)/∂h^(j−1) (004.7); seed 000's δ recursion (W9) applies its transpose",
            bound: "‖∂s_j/∂s_{j−1}‖₂ ≤ ‖diag(1 − s_j²)‖₂ ‖W‖₂ ≤ ‖W‖₂")
    }

    public var recurrentMatrix: Matrix<Double> { rnn.W }

    public func states() -> [[Double]] {
        rnn.forwardPropagation(x).s.steps.map(\.storage)
    }

    /// (W1) s_j = tanh(U x_j + W s_{j−1}) gives ∂s_j/∂s_{j−1} = diag(1 − s_j²) W.
    public func stepJacobians(_ range: ClosedRange<Int>) -> [StepJacobian] {
        precondition(range.lowerBound >= 1 && range.upperBound < steps, "step Jacobians exist for j in 1…T−1 = 1…\(steps - 1)")
        let s = rnn.forwardPropagation(x).s
        return range.map { j in
            let slopes = (1 - s[j] ** 2).storage
            var J = rnn.W
            for row in 0..<J.rows {
                for column in 0..<J.columns { J[row, column] *= slopes[row] }
            }
            return StepJacobian(jacobian: J, slopes: slopes)
        }
    }

    /// (W5, W2) ∂E_t/∂s_t = Vᵀ(ŷ_t − y_t): output t's error at its own state, before the tanh slope of W7.
    public func outputStateGradients() -> [[Double]] {
        let (o, _) = rnn.forwardPropagation(x)
        return (0..<steps).map { t in
            var deltaO = o[t]
            deltaO[y[t]] -= 1
            return rnn.V.T.dot(deltaO).storage
        }
    }

    public static var stepEquations: StepEquations {
        StepEquations(
            ownStep: [
                "V": "W5–W6: delta_o = ŷ_t − y_t and dLdV += delta_o ⊗ s_t",
                "U": "W7–W8: the first δ_t = Vᵀ(ŷ_t − y_t) ⊙ (1 − s_t²), then dLdU[:, x_t] += δ_t",
                "W": "W7–W8: the first δ_t = Vᵀ(ŷ_t − y_t) ⊙ (1 − s_t²), then dLdW += δ_t ⊗ s_{t−1}",
            ],
            earlierSteps: [
                "V": "none: V acts at output t only (W6), so V has no contribution at lag ≥ 1",
                "U": "W9 then W8: δ_{k−1} = Wᵀδ_k ⊙ (1 − s_{k−1}²), then dLdU[:, x_k] += δ_k",
                "W": "W9 then W8: δ_{k−1} = Wᵀδ_k ⊙ (1 − s_{k−1}²), then dLdW += δ_k ⊗ s_{k−1}",
            ])
    }

    /// The same network (with its bptt_truncate) on x_0 … x_{n−1}, y_0 … y_{n−1}.
    public func prefix(steps n: Int) -> Self {
        precondition((1...steps).contains(n), "a prefix has 1…\(steps) steps, not \(n)")
        var prefix = Self(rnn: rnn, x: Array(x.prefix(n)), y: Array(y.prefix(n)))
        prefix.truncation = truncation
        return prefix
    }
}
