// DenominatorLayout as the checker sees it: one sentence (x, y) on one network.

extension DenominatorLayout {
    /// One sentence on one network: the loss the checker differentiates numerically and the blocks it perturbs.
    public struct Problem<Scalar: RealScalar>: GradientProblem {
        public var parameters: Parameters<Scalar>
        /// Input token ids (the 1 of each one-hot x_t), each in 0..<K.
        public let x: [Int]
        /// Target token ids (the 1 of each one-hot y_t), each in 0..<K.
        public let y: [Int]
        /// τ: the error of output t reaches steps t − τ … t (nil: all of them).
        public let truncate: Int?

        public init(parameters: Parameters<Scalar>, x: [Int], y: [Int], truncate: Int? = nil) {
            precondition(x.count == y.count && !x.isEmpty, "x and y must have the same length T ≥ 1")
            precondition(x.allSatisfy { (0..<parameters.K).contains($0) } && y.allSatisfy { (0..<parameters.K).contains($0) },
                         "token ids must be in 0..<K")
            precondition(truncate.map { $0 >= 0 } ?? true, "truncate must be ≥ 0")
            self.parameters = parameters
            self.x = x
            self.y = y
            self.truncate = truncate
        }

        public typealias Gradients = DenominatorLayout.Gradients
        public typealias Complexified = Problem<Complex>

        public static var blocks: [ParameterBlock<Problem>] {
            [
                ParameterBlock(key: "W_in", symbol: "W_in", matrix: \.parameters.WIn, gradient: \.dEdWIn),
                ParameterBlock(key: "W_rec", symbol: "W_rec", matrix: \.parameters.WRec, gradient: \.dEdWRec),
                ParameterBlock(key: "W_out", symbol: "W_out", matrix: \.parameters.WOut, gradient: \.dEdWOut),
            ]
        }

        public var steps: Int { x.count }

        @_specialize(where Scalar == Double)
        @_specialize(where Scalar == Complex)
        public func loss() -> Scalar { parameters.loss(x, y) }

        @_specialize(where Scalar == Double)
        @_specialize(where Scalar == Complex)
        public func outputLoss(_ t: Int, stepParameters: (Int) -> Problem) -> Scalar {
            var h = Vector<Scalar>.zeros(parameters.H)  // h_{-1} = 0
            for k in 0...t {
                let p = stepParameters(k).parameters
                h = p.hidden(p.preActivation(input: x[k], previousHidden: h))
            }
            let p = stepParameters(t).parameters
            return p.stepLoss(logits: p.logits(h), target: y[t])
        }

        public func complexified() -> Problem<Complex> {
            Problem<Complex>(
                parameters: .init(WIn: parameters.WIn.complexified, WRec: parameters.WRec.complexified, WOut: parameters.WOut.complexified),
                x: x, y: y, truncate: truncate)
        }
    }
}

extension DenominatorLayout.Problem: BPTTProblem where Scalar == Double {
    public var truncation: Int? { truncate.flatMap { $0 >= steps - 1 ? nil : $0 } }

    /// The document's BPTT (DenominatorLayout+BPTT.swift) keeps the whole δ_k^(t) table, T(T+1)/2
    /// vectors. Beyond `literalTableLimit` entries (about 128 MB) the same gradient comes from the
    /// equivalent U/V/W computation (W_in = U, W_rec = W, W_out = V; tested equal in
    /// EquivalenceTests): the one sweep for full BPTT, seed 000's loop, which keeps no table, when
    /// truncated.
    public func bpttGradients(truncation: Int?) -> DenominatorLayout.Gradients {
        let T = steps
        guard T * (T + 1) / 2 * parameters.H > Self.literalTableLimit else {
            return parameters.bptt(x, y, truncate: truncation)
        }
        var rnn = Wildml.RNN(U: parameters.WIn, V: parameters.WOut, W: parameters.WRec, bpttTruncate: truncation ?? T)
        let g = truncation == nil ? rnn.oneSweep(x, y).gradients : { rnn.bpttTruncate = truncation!; return rnn.bptt(x, y) }()
        return DenominatorLayout.Gradients(dEdWIn: g.dLdU, dEdWRec: g.dLdW, dEdWOut: g.dLdV)
    }

    /// The most δ-table entries (T(T+1)/2 · H doubles) the literal BPTT may keep: 2^24, 128 MB.
    public static let literalTableLimit = 1 << 24
}
