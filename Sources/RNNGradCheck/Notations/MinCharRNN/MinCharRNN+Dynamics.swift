// MinCharRNN's recurrence, linearised for the dynamics analysis (GradientDynamics), and the equations
// each step of lossFun's backward pass exercises, for step attribution (StepAttribution). lossFun has no
// truncation, so an attribution splits its gradient by output only, not by lag. Equation numbers refer
// to notes/min-char-rnn.md.

extension MinCharRNN.Problem: RecurrentDynamics, StepAttributable where Scalar == Double {
    public static var dynamicsSymbols: DynamicsSymbols {
        DynamicsSymbols(
            stateTemplate: "hs[k]", stateMeaning: "the hidden state hs[t] = tanh(Wxh xs[t] + Whh hs[t−1] + bh) (C1)",
            recurrentSymbol: "Whh", activation: "tanh", slopeBound: 1,
            jacobian: "∂hs[j]/∂hs[j−1] = diag(1 − hs[j]²) Whh",
            jacobianSource: "lossFun's dhnext = Whhᵀ dhraw with dhraw = (1 − hs[t]²) ⊙ dh (C9, C10) applies its transpose",
            bound: "‖∂hs[j]/∂hs[j−1]‖₂ ≤ ‖diag(1 − hs[j]²)‖₂ ‖Whh‖₂ ≤ ‖Whh‖₂")
    }

    public var recurrentMatrix: Matrix<Double> { model.Whh }

    /// hs[0] … hs[T−1], from hs[−1] = hprev.
    public func states() -> [[Double]] {
        var h = hprev
        return inputs.map { input in
            h = model.hiddenState(input: input, previous: h)
            return h.storage
        }
    }

    /// (C1) ∂hs[j]/∂hs[j−1] = diag(1 − hs[j]²) Whh.
    public func stepJacobians(_ range: ClosedRange<Int>) -> [StepJacobian] {
        precondition(range.lowerBound >= 1 && range.upperBound < steps, "step Jacobians exist for j in 1…T−1 = 1…\(steps - 1)")
        let hs = states()
        return range.map { j in
            let slopes = hs[j].map { 1 - $0 * $0 }
            var J = model.Whh
            for row in 0..<J.rows {
                for column in 0..<J.columns { J[row, column] *= slopes[row] }
            }
            return StepJacobian(jacobian: J, slopes: slopes)
        }
    }

    /// (C6, C8) ∂loss_t/∂hs[t] = Whyᵀ dy with dy = ps[t] − onehot(targets[t]): lossFun's dh without dhnext.
    public func outputStateGradients() -> [[Double]] {
        states().enumerated().map { t, h in
            var dy = softmax(model.scores(Vector(h)))
            dy[targets[t]] -= 1
            return model.Why.T.dot(dy).storage
        }
    }

    public static var stepEquations: StepEquations {
        StepEquations(
            ownStep: [
                "Why": "C6, C7: dy = ps[t] − onehot(targets[t]) and dWhy += dy hs[t]ᵀ",
                "by": "C6, C7: dy = ps[t] − onehot(targets[t]) and dby += dy",
                "Wxh": "C8–C10: dh = Whyᵀ dy, dhraw = (1 − hs[t]²) ⊙ dh, then dWxh += dhraw xs[t]ᵀ",
                "Whh": "C8–C10: dh = Whyᵀ dy, dhraw = (1 − hs[t]²) ⊙ dh, then dWhh += dhraw hs[t−1]ᵀ",
                "bh": "C8–C10: dh = Whyᵀ dy, dhraw = (1 − hs[t]²) ⊙ dh, then dbh += dhraw",
            ],
            earlierSteps: [
                "Why": "C7 once per output: dWhy += dy hs[t]ᵀ (Why acts at output t only)",
                "by": "C7 once per output: dby += dy (by acts at output t only)",
                "Wxh": "C10 then C8–C9 at the earlier steps: dhnext = Whhᵀ dhraw carried into dh = Whyᵀ dy + dhnext",
                "Whh": "C10 then C8–C9 at the earlier steps: dhnext = Whhᵀ dhraw carried into dh = Whyᵀ dy + dhnext",
                "bh": "C10 then C8–C9 at the earlier steps: dhnext = Whhᵀ dhraw carried into dh = Whyᵀ dy + dhnext",
            ])
    }

    /// The same network on the first n characters, from the same hprev.
    public func prefix(steps n: Int) -> Self {
        precondition((1...steps).contains(n), "a prefix has 1…\(steps) steps, not \(n)")
        return Self(model: model, inputs: Array(inputs.prefix(n)), targets: Array(targets.prefix(n)), hprev: hprev)
    }
}
