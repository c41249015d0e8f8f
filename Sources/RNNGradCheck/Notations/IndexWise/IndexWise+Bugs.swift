// Realistic mistakes in seed 001's index-wise BPTT (IndexWise+BPTT.swift). Each function below is a copy
// of `IndexWise.Network.bptt(_:_:unfoldingDepth:)` with one line changed, marked `// BUG:`. Read a bug
// beside IndexWise+BPTT.swift.

extension IndexWise {
    /// The classroom network of the catalog (N = 3, M = 4, O = 2, T = 6), sigmoid output, full BPTT.
    @Sendable static func classroom(_ seed: UInt64) -> Problem<Double> {
        Problem.random(size: .classroom, seed: seed)
    }

    /// The classroom network with a softmax output g: a softmax mistake is invisible under a sigmoid.
    @Sendable static func softmaxClassroom(_ seed: UInt64) -> Problem<Double> {
        Problem.random(size: .classroom, seed: seed, g: .softmax)
    }

    /// Every catalogued index-wise bug.
    public static let bugs: [BPTTBug<Problem<Double>>] = [
        BPTTBug(
            id: "index-wise/derivative-at-output",
            title: "g′(y) instead of g′(net) in δ_k",
            mistake: "the output δ uses g′(y_k), as seed 001 prints it: the sigmoid's derivative evaluated at the output y_k instead of at net_k",
            wrongLine: "deltaK[k] = (d[t][k] - y[t][k]) * fPrime(fromOutput: sigmoid(y[t][k]))",
            rightLine: "deltaK[k] = (d[t][k] - y[t][k]) * fPrime(fromOutput: y[t][k])",
            classroomProblem: classroom, gradients: { $0.network.bpttDerivativeAtOutput($0.x, $0.d, unfoldingDepth: $0.truncation) }),
        BPTTBug(
            id: "index-wise/missing-output-derivative",
            title: "g′(net_k) forgotten in δ_k",
            mistake: "the output δ is taken as d_k − y_k, without g′(net_k) (the cross-entropy shortcut applied to squared error)",
            wrongLine: "deltaK[k] = (d[t][k] - y[t][k])",
            rightLine: "deltaK[k] = (d[t][k] - y[t][k]) * fPrime(fromOutput: y[t][k])",
            classroomProblem: classroom, gradients: { $0.network.bpttMissingOutputDerivative($0.x, $0.d, unfoldingDepth: $0.truncation) }),
        BPTTBug(
            id: "index-wise/no-output-bias-gradient",
            title: "θ_k gradient dropped",
            mistake: "θ_k gets no gradient: seed 001 gives no update rule for the biases, and none was written",
            wrongLine: "",
            rightLine: "deltaThetaK[k] += deltaK[k]",
            classroomProblem: classroom, gradients: { $0.network.bpttNoOutputBiasGradient($0.x, $0.d, unfoldingDepth: $0.truncation) }),
        BPTTBug(
            id: "index-wise/no-hidden-bias-gradient",
            title: "θ_j gradient dropped",
            mistake: "θ_j gets no gradient: seed 001 gives no update rule for the biases, and none was written",
            wrongLine: "",
            rightLine: "for j in 0..<M { deltaThetaJ[j] += deltaJ[j] }",
            classroomProblem: classroom, gradients: { $0.network.bpttNoHiddenBiasGradient($0.x, $0.d, unfoldingDepth: $0.truncation) }),
        BPTTBug(
            id: "index-wise/document-delta-as-gradient",
            title: "the document's Δ reported as the gradient",
            mistake: "the document's Δ = −η ∂C/∂θ (η = 1) is reported as ∂C/∂θ: δ = −∂C/∂net carries the sign of the negative gradient",
            wrongLine: "return IndexWise.Gradients(dCdV: deltaV, dCdU: deltaU, dCdW: deltaW, dCdThetaJ: deltaThetaJ, dCdThetaK: deltaThetaK)",
            rightLine: "return IndexWise.Gradients(dCdV: -1 * deltaV, dCdU: -1 * deltaU, dCdW: -1 * deltaW, dCdThetaJ: -deltaThetaJ, dCdThetaK: -deltaThetaK)",
            classroomProblem: classroom, gradients: { $0.network.bpttDocumentDeltaAsGradient($0.x, $0.d, unfoldingDepth: $0.truncation) }),
        BPTTBug(
            id: "index-wise/no-unfolding",
            title: "no unfolding through time",
            mistake: "δ_j stays at the output's own step: the error is never unfolded to earlier steps (z = 0 only)",
            wrongLine: "let depth = 0",
            rightLine: "let depth = min(unfoldingDepth ?? t, t)",
            classroomProblem: classroom, gradients: { $0.network.bpttNoUnfolding($0.x, $0.d, unfoldingDepth: $0.truncation) }),
        BPTTBug(
            id: "index-wise/current-state-in-dCdU",
            title: "s_h(t) instead of s_h(t−1) in Δu",
            mistake: "Δu_jh takes δ_j(t − z) s_h(t − z), the state of the same step, instead of s_h(t − 1 − z)",
            wrongLine: "for h in 0..<M { deltaU[j, h] += deltaJ[j] * s[step][h] }",
            rightLine: "for h in 0..<M { deltaU[j, h] += deltaJ[j] * s[step - 1][h] }",
            shiftsTime: true,
            classroomProblem: classroom, gradients: { $0.network.bpttCurrentStateInDCdU($0.x, $0.d, unfoldingDepth: $0.truncation) }),
        BPTTBug(
            id: "index-wise/u-not-transposed",
            title: "u_jh instead of u_hj when δ steps back",
            mistake: "δ_j(t − 1) sums δ_h(t) u_jh instead of δ_h(t) u_hj: the recurrent weights are not transposed",
            wrongLine: "for h in 0..<M { sum += deltaJ[h] * u[j, h] }",
            rightLine: "for h in 0..<M { sum += deltaJ[h] * u[h, j] }",
            classroomProblem: classroom, gradients: { $0.network.bpttUNotTransposed($0.x, $0.d, unfoldingDepth: $0.truncation) }),
        BPTTBug(
            id: "index-wise/missing-hidden-derivative-through-time",
            title: "f′ forgotten when δ_j steps back",
            mistake: "δ_j(t − 1) is taken as Σ_h δ_h(t) u_hj, without f′(net_j(t − 1))",
            wrongLine: "previous[j] = sum",
            rightLine: "previous[j] = sum * fPrime(fromOutput: s[step - 1][j])",
            classroomProblem: classroom, gradients: { $0.network.bpttMissingHiddenDerivativeThroughTime($0.x, $0.d, unfoldingDepth: $0.truncation) }),
        BPTTBug(
            id: "index-wise/softmax-jacobian-diagonal",
            title: "softmax Jacobian reduced to its diagonal",
            mistake: "the softmax output's δ_k uses seed 001's g′(net_k) = y_k(1 − y_k), the diagonal of the Jacobian only, so the coupling −y_k y_k′ between outputs is lost",
            wrongLine: "deltaK[k] = (d[t][k] - y[t][k]) * y[t][k] * (1 - y[t][k])",
            rightLine: "deltaK[k] = y[t][k] * ((d[t][k] - y[t][k]) - weighted)",
            classroomProblem: softmaxClassroom, gradients: { $0.network.bpttSoftmaxJacobianDiagonal($0.x, $0.d, unfoldingDepth: $0.truncation) }),
    ]
}

extension IndexWise.Network where Scalar == Double {
    /// index-wise/derivative-at-output
    func bpttDerivativeAtOutput(_ x: [[Double]], _ d: [[Double]], unfoldingDepth: Int? = nil) -> IndexWise.Gradients {
        let P = x.count
        let pass = forward(x)
        let s = pass.s, y = pass.y
        var deltaV = Matrix<Double>.zeros(M, N)
        var deltaU = Matrix<Double>.zeros(M, M)
        var deltaW = Matrix<Double>.zeros(O, M)
        var deltaThetaJ = Vector<Double>.zeros(M)
        var deltaThetaK = Vector<Double>.zeros(O)
        for t in 0..<P {
            var deltaK = Vector<Double>.zeros(O)
            switch g {
            case .sigmoid:
                for k in 0..<O {
                    deltaK[k] = (d[t][k] - y[t][k]) * fPrime(fromOutput: sigmoid(y[t][k]))  // BUG: g′(y_k) as printed: σ′ evaluated at y_k, not at net_k
                }
            case .softmax:
                var weighted = 0.0
                for k in 0..<O { weighted += (d[t][k] - y[t][k]) * y[t][k] }
                for k in 0..<O {
                    deltaK[k] = y[t][k] * ((d[t][k] - y[t][k]) - weighted)
                }
            }
            var deltaJ = Vector<Double>.zeros(M)
            for j in 0..<M {
                var sum = 0.0
                for k in 0..<O { sum += deltaK[k] * w[k, j] }
                deltaJ[j] = sum * fPrime(fromOutput: s[t][j])
            }
            for k in 0..<O {
                for j in 0..<M { deltaW[k, j] += deltaK[k] * s[t][j] }
                deltaThetaK[k] += deltaK[k]
            }
            let depth = min(unfoldingDepth ?? t, t)
            for z in 0...depth {
                let step = t - z
                for j in 0..<M {
                    for i in 0..<N { deltaV[j, i] += deltaJ[j] * x[step][i] }
                }
                for j in 0..<M {
                    for h in 0..<M { deltaU[j, h] += deltaJ[j] * s[step - 1][h] }
                }
                for j in 0..<M { deltaThetaJ[j] += deltaJ[j] }
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
        return IndexWise.Gradients(
            dCdV: -1 * deltaV, dCdU: -1 * deltaU, dCdW: -1 * deltaW,
            dCdThetaJ: -deltaThetaJ, dCdThetaK: -deltaThetaK)
    }

    /// index-wise/missing-output-derivative
    func bpttMissingOutputDerivative(_ x: [[Double]], _ d: [[Double]], unfoldingDepth: Int? = nil) -> IndexWise.Gradients {
        let P = x.count
        let pass = forward(x)
        let s = pass.s, y = pass.y
        var deltaV = Matrix<Double>.zeros(M, N)
        var deltaU = Matrix<Double>.zeros(M, M)
        var deltaW = Matrix<Double>.zeros(O, M)
        var deltaThetaJ = Vector<Double>.zeros(M)
        var deltaThetaK = Vector<Double>.zeros(O)
        for t in 0..<P {
            var deltaK = Vector<Double>.zeros(O)
            switch g {
            case .sigmoid:
                for k in 0..<O {
                    deltaK[k] = (d[t][k] - y[t][k])  // BUG: g′(net_k) is missing
                }
            case .softmax:
                var weighted = 0.0
                for k in 0..<O { weighted += (d[t][k] - y[t][k]) * y[t][k] }
                for k in 0..<O {
                    deltaK[k] = y[t][k] * ((d[t][k] - y[t][k]) - weighted)
                }
            }
            var deltaJ = Vector<Double>.zeros(M)
            for j in 0..<M {
                var sum = 0.0
                for k in 0..<O { sum += deltaK[k] * w[k, j] }
                deltaJ[j] = sum * fPrime(fromOutput: s[t][j])
            }
            for k in 0..<O {
                for j in 0..<M { deltaW[k, j] += deltaK[k] * s[t][j] }
                deltaThetaK[k] += deltaK[k]
            }
            let depth = min(unfoldingDepth ?? t, t)
            for z in 0...depth {
                let step = t - z
                for j in 0..<M {
                    for i in 0..<N { deltaV[j, i] += deltaJ[j] * x[step][i] }
                }
                for j in 0..<M {
                    for h in 0..<M { deltaU[j, h] += deltaJ[j] * s[step - 1][h] }
                }
                for j in 0..<M { deltaThetaJ[j] += deltaJ[j] }
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
        return IndexWise.Gradients(
            dCdV: -1 * deltaV, dCdU: -1 * deltaU, dCdW: -1 * deltaW,
            dCdThetaJ: -deltaThetaJ, dCdThetaK: -deltaThetaK)
    }

    /// index-wise/no-output-bias-gradient
    func bpttNoOutputBiasGradient(_ x: [[Double]], _ d: [[Double]], unfoldingDepth: Int? = nil) -> IndexWise.Gradients {
        let P = x.count
        let pass = forward(x)
        let s = pass.s, y = pass.y
        var deltaV = Matrix<Double>.zeros(M, N)
        var deltaU = Matrix<Double>.zeros(M, M)
        var deltaW = Matrix<Double>.zeros(O, M)
        var deltaThetaJ = Vector<Double>.zeros(M)
        let deltaThetaK = Vector<Double>.zeros(O)
        for t in 0..<P {
            var deltaK = Vector<Double>.zeros(O)
            switch g {
            case .sigmoid:
                for k in 0..<O {
                    deltaK[k] = (d[t][k] - y[t][k]) * fPrime(fromOutput: y[t][k])
                }
            case .softmax:
                var weighted = 0.0
                for k in 0..<O { weighted += (d[t][k] - y[t][k]) * y[t][k] }
                for k in 0..<O {
                    deltaK[k] = y[t][k] * ((d[t][k] - y[t][k]) - weighted)
                }
            }
            var deltaJ = Vector<Double>.zeros(M)
            for j in 0..<M {
                var sum = 0.0
                for k in 0..<O { sum += deltaK[k] * w[k, j] }
                deltaJ[j] = sum * fPrime(fromOutput: s[t][j])
            }
            for k in 0..<O {
                for j in 0..<M { deltaW[k, j] += deltaK[k] * s[t][j] }
                // BUG: no update for θ_k: the document gives none, so none was written
            }
            let depth = min(unfoldingDepth ?? t, t)
            for z in 0...depth {
                let step = t - z
                for j in 0..<M {
                    for i in 0..<N { deltaV[j, i] += deltaJ[j] * x[step][i] }
                }
                for j in 0..<M {
                    for h in 0..<M { deltaU[j, h] += deltaJ[j] * s[step - 1][h] }
                }
                for j in 0..<M { deltaThetaJ[j] += deltaJ[j] }
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
        return IndexWise.Gradients(
            dCdV: -1 * deltaV, dCdU: -1 * deltaU, dCdW: -1 * deltaW,
            dCdThetaJ: -deltaThetaJ, dCdThetaK: -deltaThetaK)
    }

    /// index-wise/no-hidden-bias-gradient
    func bpttNoHiddenBiasGradient(_ x: [[Double]], _ d: [[Double]], unfoldingDepth: Int? = nil) -> IndexWise.Gradients {
        let P = x.count
        let pass = forward(x)
        let s = pass.s, y = pass.y
        var deltaV = Matrix<Double>.zeros(M, N)
        var deltaU = Matrix<Double>.zeros(M, M)
        var deltaW = Matrix<Double>.zeros(O, M)
        let deltaThetaJ = Vector<Double>.zeros(M)
        var deltaThetaK = Vector<Double>.zeros(O)
        for t in 0..<P {
            var deltaK = Vector<Double>.zeros(O)
            switch g {
            case .sigmoid:
                for k in 0..<O {
                    deltaK[k] = (d[t][k] - y[t][k]) * fPrime(fromOutput: y[t][k])
                }
            case .softmax:
                var weighted = 0.0
                for k in 0..<O { weighted += (d[t][k] - y[t][k]) * y[t][k] }
                for k in 0..<O {
                    deltaK[k] = y[t][k] * ((d[t][k] - y[t][k]) - weighted)
                }
            }
            var deltaJ = Vector<Double>.zeros(M)
            for j in 0..<M {
                var sum = 0.0
                for k in 0..<O { sum += deltaK[k] * w[k, j] }
                deltaJ[j] = sum * fPrime(fromOutput: s[t][j])
            }
            for k in 0..<O {
                for j in 0..<M { deltaW[k, j] += deltaK[k] * s[t][j] }
                deltaThetaK[k] += deltaK[k]
            }
            let depth = min(unfoldingDepth ?? t, t)
            for z in 0...depth {
                let step = t - z
                for j in 0..<M {
                    for i in 0..<N { deltaV[j, i] += deltaJ[j] * x[step][i] }
                }
                for j in 0..<M {
                    for h in 0..<M { deltaU[j, h] += deltaJ[j] * s[step - 1][h] }
                }
                // BUG: no update for θ_j: the document gives none, so none was written
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
        return IndexWise.Gradients(
            dCdV: -1 * deltaV, dCdU: -1 * deltaU, dCdW: -1 * deltaW,
            dCdThetaJ: -deltaThetaJ, dCdThetaK: -deltaThetaK)
    }

    /// index-wise/document-delta-as-gradient
    func bpttDocumentDeltaAsGradient(_ x: [[Double]], _ d: [[Double]], unfoldingDepth: Int? = nil) -> IndexWise.Gradients {
        let P = x.count
        let pass = forward(x)
        let s = pass.s, y = pass.y
        var deltaV = Matrix<Double>.zeros(M, N)
        var deltaU = Matrix<Double>.zeros(M, M)
        var deltaW = Matrix<Double>.zeros(O, M)
        var deltaThetaJ = Vector<Double>.zeros(M)
        var deltaThetaK = Vector<Double>.zeros(O)
        for t in 0..<P {
            var deltaK = Vector<Double>.zeros(O)
            switch g {
            case .sigmoid:
                for k in 0..<O {
                    deltaK[k] = (d[t][k] - y[t][k]) * fPrime(fromOutput: y[t][k])
                }
            case .softmax:
                var weighted = 0.0
                for k in 0..<O { weighted += (d[t][k] - y[t][k]) * y[t][k] }
                for k in 0..<O {
                    deltaK[k] = y[t][k] * ((d[t][k] - y[t][k]) - weighted)
                }
            }
            var deltaJ = Vector<Double>.zeros(M)
            for j in 0..<M {
                var sum = 0.0
                for k in 0..<O { sum += deltaK[k] * w[k, j] }
                deltaJ[j] = sum * fPrime(fromOutput: s[t][j])
            }
            for k in 0..<O {
                for j in 0..<M { deltaW[k, j] += deltaK[k] * s[t][j] }
                deltaThetaK[k] += deltaK[k]
            }
            let depth = min(unfoldingDepth ?? t, t)
            for z in 0...depth {
                let step = t - z
                for j in 0..<M {
                    for i in 0..<N { deltaV[j, i] += deltaJ[j] * x[step][i] }
                }
                for j in 0..<M {
                    for h in 0..<M { deltaU[j, h] += deltaJ[j] * s[step - 1][h] }
                }
                for j in 0..<M { deltaThetaJ[j] += deltaJ[j] }
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
        return IndexWise.Gradients(dCdV: deltaV, dCdU: deltaU, dCdW: deltaW, dCdThetaJ: deltaThetaJ, dCdThetaK: deltaThetaK)  // BUG: the document's Δ = −∂C/∂θ
    }

    /// index-wise/no-unfolding
    func bpttNoUnfolding(_ x: [[Double]], _ d: [[Double]], unfoldingDepth: Int? = nil) -> IndexWise.Gradients {
        let P = x.count
        let pass = forward(x)
        let s = pass.s, y = pass.y
        var deltaV = Matrix<Double>.zeros(M, N)
        var deltaU = Matrix<Double>.zeros(M, M)
        var deltaW = Matrix<Double>.zeros(O, M)
        var deltaThetaJ = Vector<Double>.zeros(M)
        var deltaThetaK = Vector<Double>.zeros(O)
        for t in 0..<P {
            var deltaK = Vector<Double>.zeros(O)
            switch g {
            case .sigmoid:
                for k in 0..<O {
                    deltaK[k] = (d[t][k] - y[t][k]) * fPrime(fromOutput: y[t][k])
                }
            case .softmax:
                var weighted = 0.0
                for k in 0..<O { weighted += (d[t][k] - y[t][k]) * y[t][k] }
                for k in 0..<O {
                    deltaK[k] = y[t][k] * ((d[t][k] - y[t][k]) - weighted)
                }
            }
            var deltaJ = Vector<Double>.zeros(M)
            for j in 0..<M {
                var sum = 0.0
                for k in 0..<O { sum += deltaK[k] * w[k, j] }
                deltaJ[j] = sum * fPrime(fromOutput: s[t][j])
            }
            for k in 0..<O {
                for j in 0..<M { deltaW[k, j] += deltaK[k] * s[t][j] }
                deltaThetaK[k] += deltaK[k]
            }
            let depth = 0  // BUG: δ_j stays at step t: no unfolding through time
            for z in 0...depth {
                let step = t - z
                for j in 0..<M {
                    for i in 0..<N { deltaV[j, i] += deltaJ[j] * x[step][i] }
                }
                for j in 0..<M {
                    for h in 0..<M { deltaU[j, h] += deltaJ[j] * s[step - 1][h] }
                }
                for j in 0..<M { deltaThetaJ[j] += deltaJ[j] }
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
        return IndexWise.Gradients(
            dCdV: -1 * deltaV, dCdU: -1 * deltaU, dCdW: -1 * deltaW,
            dCdThetaJ: -deltaThetaJ, dCdThetaK: -deltaThetaK)
    }

    /// index-wise/current-state-in-dCdU
    func bpttCurrentStateInDCdU(_ x: [[Double]], _ d: [[Double]], unfoldingDepth: Int? = nil) -> IndexWise.Gradients {
        let P = x.count
        let pass = forward(x)
        let s = pass.s, y = pass.y
        var deltaV = Matrix<Double>.zeros(M, N)
        var deltaU = Matrix<Double>.zeros(M, M)
        var deltaW = Matrix<Double>.zeros(O, M)
        var deltaThetaJ = Vector<Double>.zeros(M)
        var deltaThetaK = Vector<Double>.zeros(O)
        for t in 0..<P {
            var deltaK = Vector<Double>.zeros(O)
            switch g {
            case .sigmoid:
                for k in 0..<O {
                    deltaK[k] = (d[t][k] - y[t][k]) * fPrime(fromOutput: y[t][k])
                }
            case .softmax:
                var weighted = 0.0
                for k in 0..<O { weighted += (d[t][k] - y[t][k]) * y[t][k] }
                for k in 0..<O {
                    deltaK[k] = y[t][k] * ((d[t][k] - y[t][k]) - weighted)
                }
            }
            var deltaJ = Vector<Double>.zeros(M)
            for j in 0..<M {
                var sum = 0.0
                for k in 0..<O { sum += deltaK[k] * w[k, j] }
                deltaJ[j] = sum * fPrime(fromOutput: s[t][j])
            }
            for k in 0..<O {
                for j in 0..<M { deltaW[k, j] += deltaK[k] * s[t][j] }
                deltaThetaK[k] += deltaK[k]
            }
            let depth = min(unfoldingDepth ?? t, t)
            for z in 0...depth {
                let step = t - z
                for j in 0..<M {
                    for i in 0..<N { deltaV[j, i] += deltaJ[j] * x[step][i] }
                }
                for j in 0..<M {
                    for h in 0..<M { deltaU[j, h] += deltaJ[j] * s[step][h] }  // BUG: s_h(t − z) instead of s_h(t − 1 − z)
                }
                for j in 0..<M { deltaThetaJ[j] += deltaJ[j] }
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
        return IndexWise.Gradients(
            dCdV: -1 * deltaV, dCdU: -1 * deltaU, dCdW: -1 * deltaW,
            dCdThetaJ: -deltaThetaJ, dCdThetaK: -deltaThetaK)
    }

    /// index-wise/u-not-transposed
    func bpttUNotTransposed(_ x: [[Double]], _ d: [[Double]], unfoldingDepth: Int? = nil) -> IndexWise.Gradients {
        let P = x.count
        let pass = forward(x)
        let s = pass.s, y = pass.y
        var deltaV = Matrix<Double>.zeros(M, N)
        var deltaU = Matrix<Double>.zeros(M, M)
        var deltaW = Matrix<Double>.zeros(O, M)
        var deltaThetaJ = Vector<Double>.zeros(M)
        var deltaThetaK = Vector<Double>.zeros(O)
        for t in 0..<P {
            var deltaK = Vector<Double>.zeros(O)
            switch g {
            case .sigmoid:
                for k in 0..<O {
                    deltaK[k] = (d[t][k] - y[t][k]) * fPrime(fromOutput: y[t][k])
                }
            case .softmax:
                var weighted = 0.0
                for k in 0..<O { weighted += (d[t][k] - y[t][k]) * y[t][k] }
                for k in 0..<O {
                    deltaK[k] = y[t][k] * ((d[t][k] - y[t][k]) - weighted)
                }
            }
            var deltaJ = Vector<Double>.zeros(M)
            for j in 0..<M {
                var sum = 0.0
                for k in 0..<O { sum += deltaK[k] * w[k, j] }
                deltaJ[j] = sum * fPrime(fromOutput: s[t][j])
            }
            for k in 0..<O {
                for j in 0..<M { deltaW[k, j] += deltaK[k] * s[t][j] }
                deltaThetaK[k] += deltaK[k]
            }
            let depth = min(unfoldingDepth ?? t, t)
            for z in 0...depth {
                let step = t - z
                for j in 0..<M {
                    for i in 0..<N { deltaV[j, i] += deltaJ[j] * x[step][i] }
                }
                for j in 0..<M {
                    for h in 0..<M { deltaU[j, h] += deltaJ[j] * s[step - 1][h] }
                }
                for j in 0..<M { deltaThetaJ[j] += deltaJ[j] }
                if z < depth {
                    var previous = Vector<Double>.zeros(M)
                    for j in 0..<M {
                        var sum = 0.0
                        for h in 0..<M { sum += deltaJ[h] * u[j, h] }  // BUG: u_jh instead of u_hj
                        previous[j] = sum * fPrime(fromOutput: s[step - 1][j])
                    }
                    deltaJ = previous
                }
            }
        }
        return IndexWise.Gradients(
            dCdV: -1 * deltaV, dCdU: -1 * deltaU, dCdW: -1 * deltaW,
            dCdThetaJ: -deltaThetaJ, dCdThetaK: -deltaThetaK)
    }

    /// index-wise/missing-hidden-derivative-through-time
    func bpttMissingHiddenDerivativeThroughTime(_ x: [[Double]], _ d: [[Double]], unfoldingDepth: Int? = nil) -> IndexWise.Gradients {
        let P = x.count
        let pass = forward(x)
        let s = pass.s, y = pass.y
        var deltaV = Matrix<Double>.zeros(M, N)
        var deltaU = Matrix<Double>.zeros(M, M)
        var deltaW = Matrix<Double>.zeros(O, M)
        var deltaThetaJ = Vector<Double>.zeros(M)
        var deltaThetaK = Vector<Double>.zeros(O)
        for t in 0..<P {
            var deltaK = Vector<Double>.zeros(O)
            switch g {
            case .sigmoid:
                for k in 0..<O {
                    deltaK[k] = (d[t][k] - y[t][k]) * fPrime(fromOutput: y[t][k])
                }
            case .softmax:
                var weighted = 0.0
                for k in 0..<O { weighted += (d[t][k] - y[t][k]) * y[t][k] }
                for k in 0..<O {
                    deltaK[k] = y[t][k] * ((d[t][k] - y[t][k]) - weighted)
                }
            }
            var deltaJ = Vector<Double>.zeros(M)
            for j in 0..<M {
                var sum = 0.0
                for k in 0..<O { sum += deltaK[k] * w[k, j] }
                deltaJ[j] = sum * fPrime(fromOutput: s[t][j])
            }
            for k in 0..<O {
                for j in 0..<M { deltaW[k, j] += deltaK[k] * s[t][j] }
                deltaThetaK[k] += deltaK[k]
            }
            let depth = min(unfoldingDepth ?? t, t)
            for z in 0...depth {
                let step = t - z
                for j in 0..<M {
                    for i in 0..<N { deltaV[j, i] += deltaJ[j] * x[step][i] }
                }
                for j in 0..<M {
                    for h in 0..<M { deltaU[j, h] += deltaJ[j] * s[step - 1][h] }
                }
                for j in 0..<M { deltaThetaJ[j] += deltaJ[j] }
                if z < depth {
                    var previous = Vector<Double>.zeros(M)
                    for j in 0..<M {
                        var sum = 0.0
                        for h in 0..<M { sum += deltaJ[h] * u[h, j] }
                        previous[j] = sum  // BUG: f′(net_j(t − z − 1)) is missing
                    }
                    deltaJ = previous
                }
            }
        }
        return IndexWise.Gradients(
            dCdV: -1 * deltaV, dCdU: -1 * deltaU, dCdW: -1 * deltaW,
            dCdThetaJ: -deltaThetaJ, dCdThetaK: -deltaThetaK)
    }

    /// index-wise/softmax-jacobian-diagonal
    func bpttSoftmaxJacobianDiagonal(_ x: [[Double]], _ d: [[Double]], unfoldingDepth: Int? = nil) -> IndexWise.Gradients {
        let P = x.count
        let pass = forward(x)
        let s = pass.s, y = pass.y
        var deltaV = Matrix<Double>.zeros(M, N)
        var deltaU = Matrix<Double>.zeros(M, M)
        var deltaW = Matrix<Double>.zeros(O, M)
        var deltaThetaJ = Vector<Double>.zeros(M)
        var deltaThetaK = Vector<Double>.zeros(O)
        for t in 0..<P {
            var deltaK = Vector<Double>.zeros(O)
            switch g {
            case .sigmoid:
                for k in 0..<O {
                    deltaK[k] = (d[t][k] - y[t][k]) * fPrime(fromOutput: y[t][k])
                }
            case .softmax:
                var weighted = 0.0
                for k in 0..<O { weighted += (d[t][k] - y[t][k]) * y[t][k] }
                for k in 0..<O {
                    deltaK[k] = (d[t][k] - y[t][k]) * y[t][k] * (1 - y[t][k])  // BUG: the document's g′(net_k) = y_k(1 − y_k), the diagonal of the Jacobian only
                }
            }
            var deltaJ = Vector<Double>.zeros(M)
            for j in 0..<M {
                var sum = 0.0
                for k in 0..<O { sum += deltaK[k] * w[k, j] }
                deltaJ[j] = sum * fPrime(fromOutput: s[t][j])
            }
            for k in 0..<O {
                for j in 0..<M { deltaW[k, j] += deltaK[k] * s[t][j] }
                deltaThetaK[k] += deltaK[k]
            }
            let depth = min(unfoldingDepth ?? t, t)
            for z in 0...depth {
                let step = t - z
                for j in 0..<M {
                    for i in 0..<N { deltaV[j, i] += deltaJ[j] * x[step][i] }
                }
                for j in 0..<M {
                    for h in 0..<M { deltaU[j, h] += deltaJ[j] * s[step - 1][h] }
                }
                for j in 0..<M { deltaThetaJ[j] += deltaJ[j] }
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
        return IndexWise.Gradients(
            dCdV: -1 * deltaV, dCdU: -1 * deltaU, dCdW: -1 * deltaW,
            dCdThetaJ: -deltaThetaJ, dCdThetaK: -deltaThetaK)
    }
}
