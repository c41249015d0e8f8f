// Realistic mistakes in seed 000's numpy `bptt` (Wildml+BPTT.swift). Each function below is a copy of
// `Wildml.RNN.bptt(_:_:)` with one line changed, marked `// BUG:`; the python it stands for is in the
// bug's `wrongLine` comment. Read a bug beside Wildml+BPTT.swift.

extension Wildml {
    /// The classroom network of the catalog (K = 8, H = 4, T = 6), full BPTT.
    @Sendable static func classroom(_ seed: UInt64) -> Problem<Double> {
        Problem.random(size: .classroom, seed: seed)
    }

    /// The classroom network with bptt_truncate = 2: off-by-one truncations only show when τ < T − 1.
    @Sendable static func truncatedClassroom(_ seed: UInt64) -> Problem<Double> {
        Problem.random(size: .classroom, seed: seed, truncation: 2)
    }

    /// Every catalogued wildml bug.
    public static let bugs: [BPTTBug<Problem<Double>>] = [
        BPTTBug(
            id: "wildml/missing-tanh-derivative",
            title: "tanh derivative forgotten in the first δ",
            mistake: "the (1 − s_t²) factor is left out of the first δ (delta_t = V.T.dot(delta_o[t]))",
            wrongLine: "var deltaT = V.T.dot(deltaO[t])",
            rightLine: "var deltaT = V.T.dot(deltaO[t]) .* (1 - (s[t] ** 2))",
            classroomProblem: classroom, gradients: { $0.rnn.bpttMissingTanhDerivative($0.x, $0.y) }),
        BPTTBug(
            id: "wildml/missing-tanh-derivative-through-time",
            title: "tanh derivative forgotten when δ steps back in time",
            mistake: "the (1 − s_{k−1}²) factor is left out when δ is sent one step back (delta_t = W.T.dot(delta_t))",
            wrongLine: "deltaT = W.T.dot(deltaT)",
            rightLine: "deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)",
            classroomProblem: classroom, gradients: { $0.rnn.bpttMissingTanhDerivativeThroughTime($0.x, $0.y) }),
        BPTTBug(
            id: "wildml/current-state-in-dLdW",
            title: "s_k instead of s_{k−1} in dLdW",
            mistake: "dLdW takes the state of the same step, s[bptt_step], instead of the previous one, s[bptt_step-1]",
            wrongLine: "dLdW += outer(deltaT, s[bpttStep])",
            rightLine: "dLdW += outer(deltaT, s[bpttStep - 1])",
            shiftsTime: true,
            classroomProblem: classroom, gradients: { $0.rnn.bpttCurrentStateInDLdW($0.x, $0.y) }),
        BPTTBug(
            id: "wildml/derivative-at-current-state",
            title: "(1 − s_k²) instead of (1 − s_{k−1}²) in the δ recursion",
            mistake: "δ is sent back with the tanh derivative of the step it comes from, (1 - s[bptt_step] ** 2), instead of the step it reaches",
            wrongLine: "deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep] ** 2)",
            rightLine: "deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)",
            shiftsTime: true,
            classroomProblem: classroom, gradients: { $0.rnn.bpttDerivativeAtCurrentState($0.x, $0.y) }),
        BPTTBug(
            id: "wildml/no-propagation-through-time",
            title: "no propagation through time",
            mistake: "the error of output t is never sent back to earlier steps (the inner loop visits bptt_step = t only)",
            wrongLine: "for bpttStep in [t] {",
            rightLine: "for bpttStep in (max(0, t - bpttTruncate)...t).reversed() {",
            classroomProblem: classroom, gradients: { $0.rnn.bpttNoPropagationThroughTime($0.x, $0.y) }),
        BPTTBug(
            id: "wildml/W-instead-of-W-transpose",
            title: "W instead of Wᵀ in the δ recursion",
            mistake: "δ is sent back through W instead of its transpose (self.W.dot(delta_t))",
            wrongLine: "deltaT = W.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)",
            rightLine: "deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)",
            classroomProblem: classroom, gradients: { $0.rnn.bpttWInsteadOfWTranspose($0.x, $0.y) }),
        BPTTBug(
            id: "wildml/transposed-outer-product",
            title: "outer product the wrong way round in dLdW",
            mistake: "dLdW adds np.outer(s[bptt_step-1], delta_t), the transpose of δ ⊗ s_{k−1}",
            wrongLine: "dLdW += outer(s[bpttStep - 1], deltaT)",
            rightLine: "dLdW += outer(deltaT, s[bpttStep - 1])",
            classroomProblem: classroom, gradients: { $0.rnn.bpttTransposedOuterProduct($0.x, $0.y) }),
        BPTTBug(
            id: "wildml/input-of-output-step",
            title: "x[t] instead of x[bptt_step] in dLdU",
            mistake: "every δ of output t goes to the column of its own input word, dLdU[:,x[t]], instead of the word at bptt_step",
            wrongLine: "dLdU[column: x[t]] += deltaT",
            rightLine: "dLdU[column: x[bpttStep]] += deltaT",
            classroomProblem: classroom, gradients: { $0.rnn.bpttInputOfOutputStep($0.x, $0.y) }),
        BPTTBug(
            id: "wildml/averaged-loss",
            title: "gradients of the mean loss E/T",
            mistake: "the gradients are divided by T (the mean loss), while the loss is the sum E = Σ_t E_t",
            wrongLine: "return Wildml.Gradients(dLdU: (1 / Double(T)) * dLdU, dLdV: (1 / Double(T)) * dLdV, dLdW: (1 / Double(T)) * dLdW)",
            rightLine: "return Wildml.Gradients(dLdU: dLdU, dLdV: dLdV, dLdW: dLdW)",
            classroomProblem: classroom, gradients: { $0.rnn.bpttAveragedLoss($0.x, $0.y) }),
        BPTTBug(
            id: "wildml/truncation-one-step-short",
            title: "truncation one step short",
            mistake: "the inner loop starts one step late, np.arange(max(0, t-bptt_truncate+1), t+1): τ − 1 steps back instead of τ",
            wrongLine: "for bpttStep in (max(0, t - bpttTruncate + 1)..<(t + 1)).reversed() {",
            rightLine: "for bpttStep in (max(0, t - bpttTruncate)...t).reversed() {",
            classroomProblem: truncatedClassroom, gradients: { $0.rnn.bpttTruncationOneStepShort($0.x, $0.y) }),
        BPTTBug(
            id: "wildml/truncation-one-step-long",
            title: "truncation one step long",
            mistake: "the inner loop starts one step early, np.arange(max(0, t-bptt_truncate-1), t+1): τ + 1 steps back instead of τ",
            wrongLine: "for bpttStep in (max(0, t - bpttTruncate - 1)...t).reversed() {",
            rightLine: "for bpttStep in (max(0, t - bpttTruncate)...t).reversed() {",
            classroomProblem: truncatedClassroom, gradients: { $0.rnn.bpttTruncationOneStepLong($0.x, $0.y) }),
        BPTTBug(
            id: "wildml/python-negative-index",
            title: "python's s[-1] with a T-row state array",
            mistake: "forward_propagation keeps T rows of states instead of T + 1, so s[-1] at bptt_step 0 is the last state s_{T−1}, not the zero initial state",
            wrongLine: "let (o, s) = forwardPropagationIntoTRows(x)",
            rightLine: "let (o, s) = forwardPropagation(x)",
            classroomProblem: classroom, gradients: { $0.rnn.bpttPythonNegativeIndex($0.x, $0.y) }),
        BPTTBug(
            id: "wildml/target-not-subtracted",
            title: "delta_o without subtracting 1 at the target",
            mistake: "delta_o is the softmax output ŷ_t itself: the line delta_o[np.arange(len(y)), y] -= 1. is missing",
            wrongLine: "",
            rightLine: "for t in 0..<T { deltaO[t][y[t]] -= 1 }",
            classroomProblem: classroom, gradients: { $0.rnn.bpttTargetNotSubtracted($0.x, $0.y) }),
        BPTTBug(
            id: "wildml/dLdV-overwritten",
            title: "dLdV overwritten instead of accumulated",
            mistake: "dLdV = np.outer(…) replaces the sum at every output, so only output 0's term (the last the backward loop visits) survives",
            wrongLine: "dLdV = outer(deltaO[t], s[t])",
            rightLine: "dLdV += outer(deltaO[t], s[t])",
            classroomProblem: classroom, gradients: { $0.rnn.bpttDLdVOverwritten($0.x, $0.y) }),
    ]
}

extension Wildml.RNN where Scalar == Double {
    /// The tutorial's `forward_propagation` with `s = np.zeros((T, self.hidden_dim))`: T rows instead
    /// of T + 1. During the forward pass row T − 1 is still zero when step 0 reads `s[-1]`, so the
    /// states come out right; afterwards `s[-1]` is row T − 1, the last state s_{T−1}.
    func forwardPropagationIntoTRows(_ x: [Int]) -> (o: [Vector<Double>], s: StateSequence<Double>) {
        var (o, s) = forwardPropagation(x)
        // python: s[-1] is s[T-1] once the loop has written it.
        s[-1] = s[x.count - 1]
        return (o, s)
    }

    /// wildml/missing-tanh-derivative
    func bpttMissingTanhDerivative(_ x: [Int], _ y: [Int]) -> Wildml.Gradients {
        let T = y.count
        let (o, s) = forwardPropagation(x)
        var dLdU = Matrix<Double>.zeros(U.rows, U.columns)
        var dLdV = Matrix<Double>.zeros(V.rows, V.columns)
        var dLdW = Matrix<Double>.zeros(W.rows, W.columns)
        var deltaO = o
        for t in 0..<T { deltaO[t][y[t]] -= 1 }
        for t in (0..<T).reversed() {
            dLdV += outer(deltaO[t], s[t])
            var deltaT = V.T.dot(deltaO[t])  // BUG: the tanh derivative (1 - s[t] ** 2) is missing
            for bpttStep in (max(0, t - bpttTruncate)...t).reversed() {
                dLdW += outer(deltaT, s[bpttStep - 1])
                dLdU[column: x[bpttStep]] += deltaT
                deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)
            }
        }
        return Wildml.Gradients(dLdU: dLdU, dLdV: dLdV, dLdW: dLdW)
    }

    /// wildml/missing-tanh-derivative-through-time
    func bpttMissingTanhDerivativeThroughTime(_ x: [Int], _ y: [Int]) -> Wildml.Gradients {
        let T = y.count
        let (o, s) = forwardPropagation(x)
        var dLdU = Matrix<Double>.zeros(U.rows, U.columns)
        var dLdV = Matrix<Double>.zeros(V.rows, V.columns)
        var dLdW = Matrix<Double>.zeros(W.rows, W.columns)
        var deltaO = o
        for t in 0..<T { deltaO[t][y[t]] -= 1 }
        for t in (0..<T).reversed() {
            dLdV += outer(deltaO[t], s[t])
            var deltaT = V.T.dot(deltaO[t]) .* (1 - (s[t] ** 2))
            for bpttStep in (max(0, t - bpttTruncate)...t).reversed() {
                dLdW += outer(deltaT, s[bpttStep - 1])
                dLdU[column: x[bpttStep]] += deltaT
                deltaT = W.T.dot(deltaT)  // BUG: the tanh derivative (1 - s[bptt_step-1] ** 2) is missing
            }
        }
        return Wildml.Gradients(dLdU: dLdU, dLdV: dLdV, dLdW: dLdW)
    }

    /// wildml/current-state-in-dLdW
    func bpttCurrentStateInDLdW(_ x: [Int], _ y: [Int]) -> Wildml.Gradients {
        let T = y.count
        let (o, s) = forwardPropagation(x)
        var dLdU = Matrix<Double>.zeros(U.rows, U.columns)
        var dLdV = Matrix<Double>.zeros(V.rows, V.columns)
        var dLdW = Matrix<Double>.zeros(W.rows, W.columns)
        var deltaO = o
        for t in 0..<T { deltaO[t][y[t]] -= 1 }
        for t in (0..<T).reversed() {
            dLdV += outer(deltaO[t], s[t])
            var deltaT = V.T.dot(deltaO[t]) .* (1 - (s[t] ** 2))
            for bpttStep in (max(0, t - bpttTruncate)...t).reversed() {
                dLdW += outer(deltaT, s[bpttStep])  // BUG: s_k instead of s_{k-1}, the state W multiplies
                dLdU[column: x[bpttStep]] += deltaT
                deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)
            }
        }
        return Wildml.Gradients(dLdU: dLdU, dLdV: dLdV, dLdW: dLdW)
    }

    /// wildml/derivative-at-current-state
    func bpttDerivativeAtCurrentState(_ x: [Int], _ y: [Int]) -> Wildml.Gradients {
        let T = y.count
        let (o, s) = forwardPropagation(x)
        var dLdU = Matrix<Double>.zeros(U.rows, U.columns)
        var dLdV = Matrix<Double>.zeros(V.rows, V.columns)
        var dLdW = Matrix<Double>.zeros(W.rows, W.columns)
        var deltaO = o
        for t in 0..<T { deltaO[t][y[t]] -= 1 }
        for t in (0..<T).reversed() {
            dLdV += outer(deltaO[t], s[t])
            var deltaT = V.T.dot(deltaO[t]) .* (1 - (s[t] ** 2))
            for bpttStep in (max(0, t - bpttTruncate)...t).reversed() {
                dLdW += outer(deltaT, s[bpttStep - 1])
                dLdU[column: x[bpttStep]] += deltaT
                deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep] ** 2)  // BUG: (1 - s_k²) instead of (1 - s_{k-1}²)
            }
        }
        return Wildml.Gradients(dLdU: dLdU, dLdV: dLdV, dLdW: dLdW)
    }

    /// wildml/no-propagation-through-time
    func bpttNoPropagationThroughTime(_ x: [Int], _ y: [Int]) -> Wildml.Gradients {
        let T = y.count
        let (o, s) = forwardPropagation(x)
        var dLdU = Matrix<Double>.zeros(U.rows, U.columns)
        var dLdV = Matrix<Double>.zeros(V.rows, V.columns)
        var dLdW = Matrix<Double>.zeros(W.rows, W.columns)
        var deltaO = o
        for t in 0..<T { deltaO[t][y[t]] -= 1 }
        for t in (0..<T).reversed() {
            dLdV += outer(deltaO[t], s[t])
            var deltaT = V.T.dot(deltaO[t]) .* (1 - (s[t] ** 2))
            for bpttStep in [t] {  // BUG: only the output's own step; the earlier steps never get its error
                dLdW += outer(deltaT, s[bpttStep - 1])
                dLdU[column: x[bpttStep]] += deltaT
                deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)
            }
        }
        return Wildml.Gradients(dLdU: dLdU, dLdV: dLdV, dLdW: dLdW)
    }

    /// wildml/W-instead-of-W-transpose
    func bpttWInsteadOfWTranspose(_ x: [Int], _ y: [Int]) -> Wildml.Gradients {
        let T = y.count
        let (o, s) = forwardPropagation(x)
        var dLdU = Matrix<Double>.zeros(U.rows, U.columns)
        var dLdV = Matrix<Double>.zeros(V.rows, V.columns)
        var dLdW = Matrix<Double>.zeros(W.rows, W.columns)
        var deltaO = o
        for t in 0..<T { deltaO[t][y[t]] -= 1 }
        for t in (0..<T).reversed() {
            dLdV += outer(deltaO[t], s[t])
            var deltaT = V.T.dot(deltaO[t]) .* (1 - (s[t] ** 2))
            for bpttStep in (max(0, t - bpttTruncate)...t).reversed() {
                dLdW += outer(deltaT, s[bpttStep - 1])
                dLdU[column: x[bpttStep]] += deltaT
                deltaT = W.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)  // BUG: W instead of W.T
            }
        }
        return Wildml.Gradients(dLdU: dLdU, dLdV: dLdV, dLdW: dLdW)
    }

    /// wildml/transposed-outer-product
    func bpttTransposedOuterProduct(_ x: [Int], _ y: [Int]) -> Wildml.Gradients {
        let T = y.count
        let (o, s) = forwardPropagation(x)
        var dLdU = Matrix<Double>.zeros(U.rows, U.columns)
        var dLdV = Matrix<Double>.zeros(V.rows, V.columns)
        var dLdW = Matrix<Double>.zeros(W.rows, W.columns)
        var deltaO = o
        for t in 0..<T { deltaO[t][y[t]] -= 1 }
        for t in (0..<T).reversed() {
            dLdV += outer(deltaO[t], s[t])
            var deltaT = V.T.dot(deltaO[t]) .* (1 - (s[t] ** 2))
            for bpttStep in (max(0, t - bpttTruncate)...t).reversed() {
                dLdW += outer(s[bpttStep - 1], deltaT)  // BUG: s_{k-1} ⊗ δ, the transpose of δ ⊗ s_{k-1}
                dLdU[column: x[bpttStep]] += deltaT
                deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)
            }
        }
        return Wildml.Gradients(dLdU: dLdU, dLdV: dLdV, dLdW: dLdW)
    }

    /// wildml/input-of-output-step
    func bpttInputOfOutputStep(_ x: [Int], _ y: [Int]) -> Wildml.Gradients {
        let T = y.count
        let (o, s) = forwardPropagation(x)
        var dLdU = Matrix<Double>.zeros(U.rows, U.columns)
        var dLdV = Matrix<Double>.zeros(V.rows, V.columns)
        var dLdW = Matrix<Double>.zeros(W.rows, W.columns)
        var deltaO = o
        for t in 0..<T { deltaO[t][y[t]] -= 1 }
        for t in (0..<T).reversed() {
            dLdV += outer(deltaO[t], s[t])
            var deltaT = V.T.dot(deltaO[t]) .* (1 - (s[t] ** 2))
            for bpttStep in (max(0, t - bpttTruncate)...t).reversed() {
                dLdW += outer(deltaT, s[bpttStep - 1])
                dLdU[column: x[t]] += deltaT  // BUG: the word of output t instead of the word at bptt_step
                deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)
            }
        }
        return Wildml.Gradients(dLdU: dLdU, dLdV: dLdV, dLdW: dLdW)
    }

    /// wildml/averaged-loss
    func bpttAveragedLoss(_ x: [Int], _ y: [Int]) -> Wildml.Gradients {
        let T = y.count
        let (o, s) = forwardPropagation(x)
        var dLdU = Matrix<Double>.zeros(U.rows, U.columns)
        var dLdV = Matrix<Double>.zeros(V.rows, V.columns)
        var dLdW = Matrix<Double>.zeros(W.rows, W.columns)
        var deltaO = o
        for t in 0..<T { deltaO[t][y[t]] -= 1 }
        for t in (0..<T).reversed() {
            dLdV += outer(deltaO[t], s[t])
            var deltaT = V.T.dot(deltaO[t]) .* (1 - (s[t] ** 2))
            for bpttStep in (max(0, t - bpttTruncate)...t).reversed() {
                dLdW += outer(deltaT, s[bpttStep - 1])
                dLdU[column: x[bpttStep]] += deltaT
                deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)
            }
        }
        return Wildml.Gradients(dLdU: (1 / Double(T)) * dLdU, dLdV: (1 / Double(T)) * dLdV, dLdW: (1 / Double(T)) * dLdW)  // BUG: ÷T, the mean loss
    }

    /// wildml/truncation-one-step-short
    func bpttTruncationOneStepShort(_ x: [Int], _ y: [Int]) -> Wildml.Gradients {
        let T = y.count
        let (o, s) = forwardPropagation(x)
        var dLdU = Matrix<Double>.zeros(U.rows, U.columns)
        var dLdV = Matrix<Double>.zeros(V.rows, V.columns)
        var dLdW = Matrix<Double>.zeros(W.rows, W.columns)
        var deltaO = o
        for t in 0..<T { deltaO[t][y[t]] -= 1 }
        for t in (0..<T).reversed() {
            dLdV += outer(deltaO[t], s[t])
            var deltaT = V.T.dot(deltaO[t]) .* (1 - (s[t] ** 2))
            for bpttStep in (max(0, t - bpttTruncate + 1)..<(t + 1)).reversed() {  // BUG: starts at t − τ + 1
                dLdW += outer(deltaT, s[bpttStep - 1])
                dLdU[column: x[bpttStep]] += deltaT
                deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)
            }
        }
        return Wildml.Gradients(dLdU: dLdU, dLdV: dLdV, dLdW: dLdW)
    }

    /// wildml/truncation-one-step-long
    func bpttTruncationOneStepLong(_ x: [Int], _ y: [Int]) -> Wildml.Gradients {
        let T = y.count
        let (o, s) = forwardPropagation(x)
        var dLdU = Matrix<Double>.zeros(U.rows, U.columns)
        var dLdV = Matrix<Double>.zeros(V.rows, V.columns)
        var dLdW = Matrix<Double>.zeros(W.rows, W.columns)
        var deltaO = o
        for t in 0..<T { deltaO[t][y[t]] -= 1 }
        for t in (0..<T).reversed() {
            dLdV += outer(deltaO[t], s[t])
            var deltaT = V.T.dot(deltaO[t]) .* (1 - (s[t] ** 2))
            for bpttStep in (max(0, t - bpttTruncate - 1)...t).reversed() {  // BUG: starts at t − τ − 1
                dLdW += outer(deltaT, s[bpttStep - 1])
                dLdU[column: x[bpttStep]] += deltaT
                deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)
            }
        }
        return Wildml.Gradients(dLdU: dLdU, dLdV: dLdV, dLdW: dLdW)
    }

    /// wildml/python-negative-index
    func bpttPythonNegativeIndex(_ x: [Int], _ y: [Int]) -> Wildml.Gradients {
        let T = y.count
        let (o, s) = forwardPropagationIntoTRows(x)  // BUG: s has T rows, so s[-1] is s_{T-1}, not s_{-1} = 0
        var dLdU = Matrix<Double>.zeros(U.rows, U.columns)
        var dLdV = Matrix<Double>.zeros(V.rows, V.columns)
        var dLdW = Matrix<Double>.zeros(W.rows, W.columns)
        var deltaO = o
        for t in 0..<T { deltaO[t][y[t]] -= 1 }
        for t in (0..<T).reversed() {
            dLdV += outer(deltaO[t], s[t])
            var deltaT = V.T.dot(deltaO[t]) .* (1 - (s[t] ** 2))
            for bpttStep in (max(0, t - bpttTruncate)...t).reversed() {
                dLdW += outer(deltaT, s[bpttStep - 1])
                dLdU[column: x[bpttStep]] += deltaT
                deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)
            }
        }
        return Wildml.Gradients(dLdU: dLdU, dLdV: dLdV, dLdW: dLdW)
    }

    /// wildml/target-not-subtracted
    func bpttTargetNotSubtracted(_ x: [Int], _ y: [Int]) -> Wildml.Gradients {
        let T = y.count
        let (o, s) = forwardPropagation(x)
        var dLdU = Matrix<Double>.zeros(U.rows, U.columns)
        var dLdV = Matrix<Double>.zeros(V.rows, V.columns)
        var dLdW = Matrix<Double>.zeros(W.rows, W.columns)
        let deltaO = o
        // BUG: the line subtracting 1 at each target, delta_o[np.arange(len(y)), y] -= 1., is missing
        for t in (0..<T).reversed() {
            dLdV += outer(deltaO[t], s[t])
            var deltaT = V.T.dot(deltaO[t]) .* (1 - (s[t] ** 2))
            for bpttStep in (max(0, t - bpttTruncate)...t).reversed() {
                dLdW += outer(deltaT, s[bpttStep - 1])
                dLdU[column: x[bpttStep]] += deltaT
                deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)
            }
        }
        return Wildml.Gradients(dLdU: dLdU, dLdV: dLdV, dLdW: dLdW)
    }

    /// wildml/dLdV-overwritten
    func bpttDLdVOverwritten(_ x: [Int], _ y: [Int]) -> Wildml.Gradients {
        let T = y.count
        let (o, s) = forwardPropagation(x)
        var dLdU = Matrix<Double>.zeros(U.rows, U.columns)
        var dLdV = Matrix<Double>.zeros(V.rows, V.columns)
        var dLdW = Matrix<Double>.zeros(W.rows, W.columns)
        var deltaO = o
        for t in 0..<T { deltaO[t][y[t]] -= 1 }
        for t in (0..<T).reversed() {
            dLdV = outer(deltaO[t], s[t])  // BUG: = instead of +=
            var deltaT = V.T.dot(deltaO[t]) .* (1 - (s[t] ** 2))
            for bpttStep in (max(0, t - bpttTruncate)...t).reversed() {
                dLdW += outer(deltaT, s[bpttStep - 1])
                dLdU[column: x[bpttStep]] += deltaT
                deltaT = W.T.dot(deltaT) .* (1 - s[bpttStep - 1] ** 2)
            }
        }
        return Wildml.Gradients(dLdU: dLdU, dLdV: dLdV, dLdW: dLdW)
    }
}
