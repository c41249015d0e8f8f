// IndexWise's recurrence, linearised for the dynamics analysis (GradientDynamics), and the equations
// each step of seed 001's unfolding exercises, for step attribution (StepAttribution). The hidden units
// are sigmoids, whose slope is at most 1/4. Equation numbers refer to notes/index-wise.md.

extension IndexWise.Problem: RecurrentDynamics, StepAttributable where Scalar == Double {
    public static var dynamicsSymbols: DynamicsSymbols {
        DynamicsSymbols(
            stateTemplate: "s(k)", stateMeaning: "the hidden outputs s_j(t) = f(net_j(t)) (I1, I2)", recurrentSymbol: "U",
            activation: "sigmoid", slopeBound: 0.25,
            jacobian: "∂s_j(t)/∂s_h(t−1) = f′(net_j(t)) u_jh, i.e. diag(f′(net(t))) U",
            jacobianSource: "seed 001's error through time (I12) applies its transpose; seed 004's product (004.7) in seed 001's symbols",
            bound: "‖∂s(t)/∂s(t−1)‖₂ ≤ ‖diag f′(net(t))‖₂ ‖U‖₂ ≤ ¼ ‖U‖₂")
    }

    public var recurrentMatrix: Matrix<Double> { network.u }

    public func states() -> [[Double]] {
        network.forward(x).s.steps.map(\.storage)
    }

    /// (I1, I2) s_j(t) = f(Σ_h s_h(t−1) u_jh + …) gives ∂s_j(t)/∂s_h(t−1) = f′(net_j(t)) u_jh, with
    /// f′ = s(1 − s).
    public func stepJacobians(_ range: ClosedRange<Int>) -> [StepJacobian] {
        precondition(range.lowerBound >= 1 && range.upperBound < steps, "step Jacobians exist for j in 1…T−1 = 1…\(steps - 1)")
        let s = network.forward(x).s
        return range.map { t in
            let slopes = s[t].storage.map { $0 * (1 - $0) }
            var J = network.u
            for j in 0..<J.rows {
                for h in 0..<J.columns { J[j, h] *= slopes[j] }
            }
            return StepJacobian(jacobian: J, slopes: slopes)
        }
    }

    /// (I3–I5, I7) ∂C_t/∂s_j(t) = Σ_k w_kj ∂C_t/∂net_k(t) = −Σ_k w_kj δ_k(t), with δ_k from I7 (I7′ for a
    /// softmax g).
    public func outputStateGradients() -> [[Double]] {
        let pass = network.forward(x)
        return (0..<steps).map { t in
            let y = pass.y[t], target = d[t]
            var deltaK = [Double](repeating: 0, count: network.O)
            switch network.g {
            case .sigmoid:
                for k in 0..<network.O { deltaK[k] = (target[k] - y[k]) * y[k] * (1 - y[k]) }
            case .softmax:
                var weighted = 0.0
                for k in 0..<network.O { weighted += (target[k] - y[k]) * y[k] }
                for k in 0..<network.O { deltaK[k] = y[k] * ((target[k] - y[k]) - weighted) }
            }
            return (0..<network.M).map { j in
                var sum = 0.0
                for k in 0..<network.O { sum -= network.w[k, j] * deltaK[k] }
                return sum
            }
        }
    }

    public static var stepEquations: StepEquations {
        StepEquations(
            ownStep: [
                "W": "I7, I9: δ_k = (d_k − y_k) g′(net_k) and Δw_kj += δ_k s_j(t)",
                "theta_k": "I7, I9: δ_k = (d_k − y_k) g′(net_k) and Δθ_k += δ_k",
                "V": "I8, I10: δ_j(t) = Σ_k δ_k w_kj f′(net_j(t)), then Δv_ji += δ_j(t) x_i(t)",
                "U": "I8, I11: δ_j(t) = Σ_k δ_k w_kj f′(net_j(t)), then Δu_jh += δ_j(t) s_h(t−1)",
                "theta_j": "I8: δ_j(t) = Σ_k δ_k w_kj f′(net_j(t)), then Δθ_j += δ_j(t)",
            ],
            earlierSteps: [
                "W": "none: w_kj acts at output t only (I9), so it has no contribution at lag ≥ 1",
                "theta_k": "none: θ_k acts at output t only (I9), so it has no contribution at lag ≥ 1",
                "V": "I12 then I10: δ_j(t−z−1) = Σ_h δ_h(t−z) u_hj f′(net_j(t−z−1)), then Δv_ji += δ_j(t−z) x_i(t−z)",
                "U": "I12 then I11: δ_j(t−z−1) = Σ_h δ_h(t−z) u_hj f′(net_j(t−z−1)), then Δu_jh += δ_j(t−z) s_h(t−1−z)",
                "theta_j": "I12: δ_j(t−z−1) = Σ_h δ_h(t−z) u_hj f′(net_j(t−z−1)), then Δθ_j += δ_j(t−z)",
            ])
    }

    /// The same network, output activation and unfolding depth on the first n patterns.
    public func prefix(steps n: Int) -> Self {
        precondition((1...steps).contains(n), "a prefix has 1…\(steps) steps, not \(n)")
        return Self(network: network, x: Array(x.prefix(n)), d: Array(d.prefix(n)), truncation: truncation)
    }
}
