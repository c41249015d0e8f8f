// Realistic mistakes in seed 002's δ_k^(t) derivation (DenominatorLayout+BPTT.swift). Each function below
// is a copy of `DenominatorLayout.Parameters.bptt(_:_:truncation:)` with one line changed, marked
// `// BUG:`. Read a bug beside DenominatorLayout+BPTT.swift.

extension DenominatorLayout {
    /// The classroom network of the catalog (K = 8, H = 4, T = 6), full BPTT.
    @Sendable static func classroom(_ seed: UInt64) -> Problem<Double> {
        Problem.random(size: .classroom, seed: seed)
    }

    /// Every catalogued denominator-layout bug.
    public static let bugs: [BPTTBug<Problem<Double>>] = [
        BPTTBug(
            id: "denominator-layout/dropped-superscript",
            title: "δ_k read as δ_k^(k): §2.4–2.5 taken literally",
            mistake: "the δ_k of the double sums is read as δ_k^(k) = ∂E_k/∂s_k (the δ_t defined under §2.5) instead of δ_k^(t) = ∂E_t/∂s_k",
            wrongLine: "deltaT[k] = delta[k][k]",
            rightLine: "deltaT[k] = WRec.T.dot(deltaT[k + 1]) .* (1 - h[k] .* h[k])",
            classroomProblem: classroom, gradients: { $0.parameters.bpttDroppedSuperscript($0.x, $0.y, truncation: $0.truncation) }),
        BPTTBug(
            id: "denominator-layout/current-hidden-in-dEdWrec",
            title: "h_k instead of h_{k−1} in ∂E/∂W_rec",
            mistake: "∂E/∂W_rec takes δ_k^(t) ⊗ h_k instead of δ_k^(t) ⊗ h_{k−1}, the state W_rec multiplies at step k",
            wrongLine: "dEdWRec += outer(delta[t][k], h[k])",
            rightLine: "dEdWRec += outer(delta[t][k], h[k - 1])",
            shiftsTime: true,
            classroomProblem: classroom, gradients: { $0.parameters.bpttCurrentHiddenInDEdWRec($0.x, $0.y, truncation: $0.truncation) }),
        BPTTBug(
            id: "denominator-layout/missing-tanh-derivative",
            title: "(1 − h_t⊙h_t) forgotten in δ_t^(t)",
            mistake: "δ_t^(t) is taken as W_outᵀ r_t, without the tanh derivative (1 − h_t ⊙ h_t)",
            wrongLine: "deltaT[t] = WOut.T.dot(r[t])",
            rightLine: "deltaT[t] = WOut.T.dot(r[t]) .* (1 - h[t] .* h[t])",
            classroomProblem: classroom, gradients: { $0.parameters.bpttMissingTanhDerivative($0.x, $0.y, truncation: $0.truncation) }),
        BPTTBug(
            id: "denominator-layout/W-rec-not-transposed",
            title: "W_rec instead of W_recᵀ in the δ recursion",
            mistake: "δ_k^(t) is computed from W_rec δ_{k+1}^(t) instead of W_recᵀ δ_{k+1}^(t) (the denominator-layout ∂s_{k+1}/∂h_k is W_recᵀ)",
            wrongLine: "deltaT[k] = WRec.dot(deltaT[k + 1]) .* (1 - h[k] .* h[k])",
            rightLine: "deltaT[k] = WRec.T.dot(deltaT[k + 1]) .* (1 - h[k] .* h[k])",
            classroomProblem: classroom, gradients: { $0.parameters.bpttWRecNotTransposed($0.x, $0.y, truncation: $0.truncation) }),
        BPTTBug(
            id: "denominator-layout/sum-over-t-only",
            title: "Σ over t only (k = t)",
            mistake: "the double sums Σ_t Σ_{k=0}^{t} keep only the term k = t, so no error reaches an earlier step",
            wrongLine: "func firstStep(_ t: Int) -> Int { t }",
            rightLine: "func firstStep(_ t: Int) -> Int { max(0, t - (truncation ?? t)) }",
            classroomProblem: classroom, gradients: { $0.parameters.bpttSumOverTOnly($0.x, $0.y, truncation: $0.truncation) }),
        BPTTBug(
            id: "denominator-layout/input-of-output-step",
            title: "x_t instead of x_k in ∂E/∂W_in",
            mistake: "∂E/∂W_in adds δ_k^(t) to the column of x_t, the word of output t, instead of x_k",
            wrongLine: "dEdWIn[column: x[t]] += delta[t][k]",
            rightLine: "dEdWIn[column: x[k]] += delta[t][k]",
            classroomProblem: classroom, gradients: { $0.parameters.bpttInputOfOutputStep($0.x, $0.y, truncation: $0.truncation) }),
        BPTTBug(
            id: "denominator-layout/derivative-at-next-step",
            title: "(1 − h_{k+1}⊙h_{k+1}) instead of (1 − h_k⊙h_k) in the δ recursion",
            mistake: "δ_k^(t) uses the tanh derivative of step k + 1, the step the error comes from, instead of step k",
            wrongLine: "deltaT[k] = WRec.T.dot(deltaT[k + 1]) .* (1 - h[k + 1] .* h[k + 1])",
            rightLine: "deltaT[k] = WRec.T.dot(deltaT[k + 1]) .* (1 - h[k] .* h[k])",
            shiftsTime: true,
            classroomProblem: classroom, gradients: { $0.parameters.bpttDerivativeAtNextStep($0.x, $0.y, truncation: $0.truncation) }),
    ]
}

extension DenominatorLayout.Parameters where Scalar == Double {
    /// denominator-layout/dropped-superscript
    func bpttDroppedSuperscript(_ x: [Int], _ y: [Int], truncation: Int? = nil) -> DenominatorLayout.Gradients {
        let T = x.count
        let pass = forward(x, y)
        let h = pass.h
        func firstStep(_ t: Int) -> Int { max(0, t - (truncation ?? t)) }
        var r = pass.yHat
        for t in 0..<T { r[t][y[t]] -= 1 }
        var delta = [[Vector<Double>]]()
        for t in 0..<T {
            var deltaT = Array(repeating: Vector<Double>.zeros(H), count: t + 1)
            deltaT[t] = WOut.T.dot(r[t]) .* (1 - h[t] .* h[t])
            for k in stride(from: t - 1, through: firstStep(t), by: -1) {
                deltaT[k] = delta[k][k]  // BUG: δ_k^(k) = ∂E_k/∂s_k, the error of output k, not of output t
            }
            delta.append(deltaT)
        }
        var dEdWOut = Matrix<Double>.zeros(K, H)
        for t in 0..<T {
            dEdWOut += outer(r[t], h[t])
        }
        var dEdWRec = Matrix<Double>.zeros(H, H)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWRec += outer(delta[t][k], h[k - 1])
            }
        }
        var dEdWIn = Matrix<Double>.zeros(H, K)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWIn[column: x[k]] += delta[t][k]
            }
        }
        return DenominatorLayout.Gradients(dEdWIn: dEdWIn, dEdWRec: dEdWRec, dEdWOut: dEdWOut)
    }

    /// denominator-layout/current-hidden-in-dEdWrec
    func bpttCurrentHiddenInDEdWRec(_ x: [Int], _ y: [Int], truncation: Int? = nil) -> DenominatorLayout.Gradients {
        let T = x.count
        let pass = forward(x, y)
        let h = pass.h
        func firstStep(_ t: Int) -> Int { max(0, t - (truncation ?? t)) }
        var r = pass.yHat
        for t in 0..<T { r[t][y[t]] -= 1 }
        var delta = [[Vector<Double>]]()
        for t in 0..<T {
            var deltaT = Array(repeating: Vector<Double>.zeros(H), count: t + 1)
            deltaT[t] = WOut.T.dot(r[t]) .* (1 - h[t] .* h[t])
            for k in stride(from: t - 1, through: firstStep(t), by: -1) {
                deltaT[k] = WRec.T.dot(deltaT[k + 1]) .* (1 - h[k] .* h[k])
            }
            delta.append(deltaT)
        }
        var dEdWOut = Matrix<Double>.zeros(K, H)
        for t in 0..<T {
            dEdWOut += outer(r[t], h[t])
        }
        var dEdWRec = Matrix<Double>.zeros(H, H)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWRec += outer(delta[t][k], h[k])  // BUG: h_k instead of h_{k-1}
            }
        }
        var dEdWIn = Matrix<Double>.zeros(H, K)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWIn[column: x[k]] += delta[t][k]
            }
        }
        return DenominatorLayout.Gradients(dEdWIn: dEdWIn, dEdWRec: dEdWRec, dEdWOut: dEdWOut)
    }

    /// denominator-layout/missing-tanh-derivative
    func bpttMissingTanhDerivative(_ x: [Int], _ y: [Int], truncation: Int? = nil) -> DenominatorLayout.Gradients {
        let T = x.count
        let pass = forward(x, y)
        let h = pass.h
        func firstStep(_ t: Int) -> Int { max(0, t - (truncation ?? t)) }
        var r = pass.yHat
        for t in 0..<T { r[t][y[t]] -= 1 }
        var delta = [[Vector<Double>]]()
        for t in 0..<T {
            var deltaT = Array(repeating: Vector<Double>.zeros(H), count: t + 1)
            deltaT[t] = WOut.T.dot(r[t])  // BUG: ⊙ (1 − h_t ⊙ h_t) is missing
            for k in stride(from: t - 1, through: firstStep(t), by: -1) {
                deltaT[k] = WRec.T.dot(deltaT[k + 1]) .* (1 - h[k] .* h[k])
            }
            delta.append(deltaT)
        }
        var dEdWOut = Matrix<Double>.zeros(K, H)
        for t in 0..<T {
            dEdWOut += outer(r[t], h[t])
        }
        var dEdWRec = Matrix<Double>.zeros(H, H)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWRec += outer(delta[t][k], h[k - 1])
            }
        }
        var dEdWIn = Matrix<Double>.zeros(H, K)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWIn[column: x[k]] += delta[t][k]
            }
        }
        return DenominatorLayout.Gradients(dEdWIn: dEdWIn, dEdWRec: dEdWRec, dEdWOut: dEdWOut)
    }

    /// denominator-layout/W-rec-not-transposed
    func bpttWRecNotTransposed(_ x: [Int], _ y: [Int], truncation: Int? = nil) -> DenominatorLayout.Gradients {
        let T = x.count
        let pass = forward(x, y)
        let h = pass.h
        func firstStep(_ t: Int) -> Int { max(0, t - (truncation ?? t)) }
        var r = pass.yHat
        for t in 0..<T { r[t][y[t]] -= 1 }
        var delta = [[Vector<Double>]]()
        for t in 0..<T {
            var deltaT = Array(repeating: Vector<Double>.zeros(H), count: t + 1)
            deltaT[t] = WOut.T.dot(r[t]) .* (1 - h[t] .* h[t])
            for k in stride(from: t - 1, through: firstStep(t), by: -1) {
                deltaT[k] = WRec.dot(deltaT[k + 1]) .* (1 - h[k] .* h[k])  // BUG: W_rec instead of W_recᵀ
            }
            delta.append(deltaT)
        }
        var dEdWOut = Matrix<Double>.zeros(K, H)
        for t in 0..<T {
            dEdWOut += outer(r[t], h[t])
        }
        var dEdWRec = Matrix<Double>.zeros(H, H)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWRec += outer(delta[t][k], h[k - 1])
            }
        }
        var dEdWIn = Matrix<Double>.zeros(H, K)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWIn[column: x[k]] += delta[t][k]
            }
        }
        return DenominatorLayout.Gradients(dEdWIn: dEdWIn, dEdWRec: dEdWRec, dEdWOut: dEdWOut)
    }

    /// denominator-layout/sum-over-t-only
    func bpttSumOverTOnly(_ x: [Int], _ y: [Int], truncation: Int? = nil) -> DenominatorLayout.Gradients {
        let T = x.count
        let pass = forward(x, y)
        let h = pass.h
        func firstStep(_ t: Int) -> Int { t }  // BUG: the sums over k keep k = t only
        var r = pass.yHat
        for t in 0..<T { r[t][y[t]] -= 1 }
        var delta = [[Vector<Double>]]()
        for t in 0..<T {
            var deltaT = Array(repeating: Vector<Double>.zeros(H), count: t + 1)
            deltaT[t] = WOut.T.dot(r[t]) .* (1 - h[t] .* h[t])
            for k in stride(from: t - 1, through: firstStep(t), by: -1) {
                deltaT[k] = WRec.T.dot(deltaT[k + 1]) .* (1 - h[k] .* h[k])
            }
            delta.append(deltaT)
        }
        var dEdWOut = Matrix<Double>.zeros(K, H)
        for t in 0..<T {
            dEdWOut += outer(r[t], h[t])
        }
        var dEdWRec = Matrix<Double>.zeros(H, H)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWRec += outer(delta[t][k], h[k - 1])
            }
        }
        var dEdWIn = Matrix<Double>.zeros(H, K)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWIn[column: x[k]] += delta[t][k]
            }
        }
        return DenominatorLayout.Gradients(dEdWIn: dEdWIn, dEdWRec: dEdWRec, dEdWOut: dEdWOut)
    }

    /// denominator-layout/input-of-output-step
    func bpttInputOfOutputStep(_ x: [Int], _ y: [Int], truncation: Int? = nil) -> DenominatorLayout.Gradients {
        let T = x.count
        let pass = forward(x, y)
        let h = pass.h
        func firstStep(_ t: Int) -> Int { max(0, t - (truncation ?? t)) }
        var r = pass.yHat
        for t in 0..<T { r[t][y[t]] -= 1 }
        var delta = [[Vector<Double>]]()
        for t in 0..<T {
            var deltaT = Array(repeating: Vector<Double>.zeros(H), count: t + 1)
            deltaT[t] = WOut.T.dot(r[t]) .* (1 - h[t] .* h[t])
            for k in stride(from: t - 1, through: firstStep(t), by: -1) {
                deltaT[k] = WRec.T.dot(deltaT[k + 1]) .* (1 - h[k] .* h[k])
            }
            delta.append(deltaT)
        }
        var dEdWOut = Matrix<Double>.zeros(K, H)
        for t in 0..<T {
            dEdWOut += outer(r[t], h[t])
        }
        var dEdWRec = Matrix<Double>.zeros(H, H)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWRec += outer(delta[t][k], h[k - 1])
            }
        }
        var dEdWIn = Matrix<Double>.zeros(H, K)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWIn[column: x[t]] += delta[t][k]  // BUG: x_t, the word of output t, instead of x_k
            }
        }
        return DenominatorLayout.Gradients(dEdWIn: dEdWIn, dEdWRec: dEdWRec, dEdWOut: dEdWOut)
    }

    /// denominator-layout/derivative-at-next-step
    func bpttDerivativeAtNextStep(_ x: [Int], _ y: [Int], truncation: Int? = nil) -> DenominatorLayout.Gradients {
        let T = x.count
        let pass = forward(x, y)
        let h = pass.h
        func firstStep(_ t: Int) -> Int { max(0, t - (truncation ?? t)) }
        var r = pass.yHat
        for t in 0..<T { r[t][y[t]] -= 1 }
        var delta = [[Vector<Double>]]()
        for t in 0..<T {
            var deltaT = Array(repeating: Vector<Double>.zeros(H), count: t + 1)
            deltaT[t] = WOut.T.dot(r[t]) .* (1 - h[t] .* h[t])
            for k in stride(from: t - 1, through: firstStep(t), by: -1) {
                deltaT[k] = WRec.T.dot(deltaT[k + 1]) .* (1 - h[k + 1] .* h[k + 1])  // BUG: h_{k+1} instead of h_k
            }
            delta.append(deltaT)
        }
        var dEdWOut = Matrix<Double>.zeros(K, H)
        for t in 0..<T {
            dEdWOut += outer(r[t], h[t])
        }
        var dEdWRec = Matrix<Double>.zeros(H, H)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWRec += outer(delta[t][k], h[k - 1])
            }
        }
        var dEdWIn = Matrix<Double>.zeros(H, K)
        for t in 0..<T {
            for k in firstStep(t)...t {
                dEdWIn[column: x[k]] += delta[t][k]
            }
        }
        return DenominatorLayout.Gradients(dEdWIn: dEdWIn, dEdWRec: dEdWRec, dEdWOut: dEdWOut)
    }
}
