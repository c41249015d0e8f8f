// IndexWise BPTT (seed 001, "error component", "gradient descent", "unfolding"), index by index as the
// document writes it. δ is the document's δ = −∂C/∂net (a negative gradient, hence its +η updates);
// the returned gradients are ∂C/∂parameter. Equation numbers: notes/index-wise.md.

extension IndexWise.Network where Scalar == Double {
    /// f′(net) = f(net){1 − f(net)}, from the unit's output f(net).
    @inline(__always) func fPrime(fromOutput fNet: Double) -> Double { fNet * (1 - fNet) }

    /// ∂C/∂v, ∂C/∂u, ∂C/∂w, ∂C/∂θ_j, ∂C/∂θ_k for inputs x(t) and targets d(t), t = 0 … P−1.
    ///
    /// - Parameter unfoldingDepth: the document's T: the error of output t is unfolded back to step
    ///   t − T (nil: back to step 0, full BPTT).
    public func bptt(_ x: [[Double]], _ d: [[Double]], unfoldingDepth: Int? = nil) -> IndexWise.Gradients {
        let P = x.count
        let pass = forward(x)
        let s = pass.s, y = pass.y

        // The document's Δ with η = 1 (its +η updates accumulate −∂C/∂parameter).
        var deltaV = Matrix<Double>.zeros(M, N)
        var deltaU = Matrix<Double>.zeros(M, M)
        var deltaW = Matrix<Double>.zeros(O, M)
        var deltaThetaJ = Vector<Double>.zeros(M)
        var deltaThetaK = Vector<Double>.zeros(O)

        // For each pattern l (here the time step t) ...
        for t in 0..<P {
            // (I7) error for output nodes: δ_k = −∂C/∂net_k = (d_k − y_k) g′(net_k)
            var deltaK = Vector<Double>.zeros(O)
            switch g {
            case .sigmoid:
                for k in 0..<O {
                    deltaK[k] = (d[t][k] - y[t][k]) * fPrime(fromOutput: y[t][k])
                }
            case .softmax:
                // (I7′) the softmax couples the outputs, ∂y_k′/∂net_k = y_k′(1[k′=k] − y_k), so
                // δ_k = Σ_k′ (d_k′ − y_k′) ∂y_k′/∂net_k = y_k[(d_k − y_k) − Σ_k′ (d_k′ − y_k′) y_k′].
                var weighted = 0.0
                for k in 0..<O { weighted += (d[t][k] - y[t][k]) * y[t][k] }
                for k in 0..<O {
                    deltaK[k] = y[t][k] * ((d[t][k] - y[t][k]) - weighted)
                }
            }
            // (I8) error for hidden nodes: δ_j = Σ_k δ_k w_kj f′(net_j)
            var deltaJ = Vector<Double>.zeros(M)
            for j in 0..<M {
                var sum = 0.0
                for k in 0..<O { sum += deltaK[k] * w[k, j] }
                deltaJ[j] = sum * fPrime(fromOutput: s[t][j])
            }
            // (I9) hidden → output: Δw_kj += δ_k s_j;  and the bias, Δθ_k += δ_k
            for k in 0..<O {
                for j in 0..<M { deltaW[k, j] += deltaK[k] * s[t][j] }
                deltaThetaK[k] += deltaK[k]
            }
            // Unfolding: z = 0 … T, the error δ_j(t − z) at step t − z.
            let depth = min(unfoldingDepth ?? t, t)
            for z in 0...depth {
                let step = t - z
                // (I10) input → hidden: Δv_ji += δ_j(t − z) x_i(t − z)
                for j in 0..<M {
                    for i in 0..<N { deltaV[j, i] += deltaJ[j] * x[step][i] }
                }
                // (I11) previous hidden → hidden: Δu_jh += δ_j(t − z) s_h(t − 1 − z)
                for j in 0..<M {
                    for h in 0..<M { deltaU[j, h] += deltaJ[j] * s[step - 1][h] }
                }
                // and the bias: Δθ_j += δ_j(t − z)
                for j in 0..<M { deltaThetaJ[j] += deltaJ[j] }
                // (I12) error through time: δ_j(t − z − 1) = Σ_h δ_h(t − z) u_hj f′(net_j(t − z − 1))
                if z < depth {
                    var previous = Vector<Double>.zeros(M)
                    for j in 0..<M {
                        var sum = 0.0
                        for h in 0..<M { sum += deltaJ[h] * u[h, j] }
                        previous[j] = sum * fPrime(fromOutput: s[step - 1][j])
                    }
                    deltaJ = previous
                }
            }
        }

        // (I13) ∂C/∂parameter = −Δparameter / η.
        return IndexWise.Gradients(
            dCdV: -1 * deltaV, dCdU: -1 * deltaU, dCdW: -1 * deltaW,
            dCdThetaJ: -deltaThetaJ, dCdThetaK: -deltaThetaK)
    }
}
