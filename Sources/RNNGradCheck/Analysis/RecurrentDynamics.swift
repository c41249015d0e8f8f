// What a notation supplies so that the dynamics of its gradients can be measured without naming it:
// its state sequence, the Jacobian of one step of the recurrence, the gradient of each output's loss
// with respect to its own state, the recurrent matrix, and the words and equation numbers that go
// with them. Each notation adopts it in its own folder (Wildml+Dynamics.swift, …); `GradientDynamics`
// does the measuring.

/// How a notation names the quantities of its recurrence.
public struct DynamicsSymbols: Sendable, Equatable {
    /// The state the recurrence carries, as the document writes it at step k: "s_k", "h^(k)", "s(k)".
    /// `state(k)` substitutes the step.
    public let stateTemplate: String
    /// What the state is, in a few words: "the hidden state after tanh".
    public let stateMeaning: String
    /// The recurrent matrix's printed symbol: "W", "W_rec", "U", "Whh".
    public let recurrentSymbol: String
    /// The activation whose slope enters each step: "tanh", "sigmoid".
    public let activation: String
    /// sup |f′|: 1 for tanh, 1/4 for the sigmoid.
    public let slopeBound: Double
    /// The one-step Jacobian in the notation's symbols: "∂s_j/∂s_{j−1} = diag(1 − s_j²) W".
    public let jacobian: String
    /// Where the document (or its code) uses that Jacobian, with the note's equation numbers.
    public let jacobianSource: String
    /// ‖∂s_j/∂s_{j−1}‖₂ ≤ ‖diag f′‖₂ ‖W‖₂ in the notation's symbols.
    public let bound: String

    public init(
        stateTemplate: String, stateMeaning: String, recurrentSymbol: String, activation: String, slopeBound: Double,
        jacobian: String, jacobianSource: String, bound: String
    ) {
        self.stateTemplate = stateTemplate
        self.stateMeaning = stateMeaning
        self.recurrentSymbol = recurrentSymbol
        self.activation = activation
        self.slopeBound = slopeBound
        self.jacobian = jacobian
        self.jacobianSource = jacobianSource
        self.bound = bound
    }

    /// The state at step `k`: "s_3", "s_{t−τ}", "hs[t−τ]" (k is substituted for the "k" of the template,
    /// in braces after an underscore when it is longer than one character).
    public func state(_ k: String) -> String {
        k.count > 1 && stateTemplate.contains("_k") ? stateTemplate.replacingK(with: "{\(k)}") : stateTemplate.replacingK(with: k)
    }
}

extension String {
    /// The template with its step letter `k` replaced: "s_k" → "s_3", "h^(k)" → "h^(3)".
    fileprivate func replacingK(with k: String) -> String {
        var result = ""
        var replaced = false
        for character in self {
            if character == "k" && !replaced {
                result += k
                replaced = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// One step of the recurrence, linearised: J_j = ∂s_j/∂s_{j−1} and the activation slopes in it.
public struct StepJacobian: Sendable {
    /// J_j (H×H).
    public let jacobian: Matrix<Double>
    /// The diagonal of the slope matrix in J_j: 1 − s_j² for wildml, f′(net(j)) for index-wise.
    public let slopes: [Double]

    public init(jacobian: Matrix<Double>, slopes: [Double]) {
        self.jacobian = jacobian
        self.slopes = slopes
    }
}

/// A problem whose recurrence can be linearised step by step: what `GradientDynamics` measures.
public protocol RecurrentDynamics: NotationProblem {
    static var dynamicsSymbols: DynamicsSymbols { get }
    /// The recurrent matrix (W, W_rec, u, Whh): the matrix every step multiplies the previous state by.
    var recurrentMatrix: Matrix<Double> { get }
    /// The states s_0 … s_{T−1} (the notation's state: for seed 002 the pre-activation).
    func states() -> [[Double]]
    /// J_j = ∂s_j/∂s_{j−1} for the steps j in `steps` (within 1 … T−1), in order, at the problem's
    /// forward pass.
    func stepJacobians(_ steps: ClosedRange<Int>) -> [StepJacobian]
    /// ∂E_t/∂s_t for t = 0 … T−1: the gradient of output t's loss with respect to its own state.
    func outputStateGradients() -> [[Double]]
}
