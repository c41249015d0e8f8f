// DenominatorLayout as the checker sees it: one sentence (x, y) on one network.

extension DenominatorLayout {
    /// One sentence on one network: the loss the checker differentiates numerically and the blocks it perturbs.
    public struct Problem<Scalar: RealScalar>: GradientProblem {
        public var parameters: Parameters<Scalar>
        /// Input token ids (the 1 of each one-hot x_t), each in 0..<K.
        public let x: [Int]
        /// Target token ids (the 1 of each one-hot y_t), each in 0..<K.
        public let y: [Int]
        /// τ: the error of output t reaches steps t − τ … t (nil: all of them; τ ≥ T − 1 is stored as nil).
        public var truncation: Int? {
            didSet { truncation = Truncation.normalized(truncation, steps: x.count) }
        }

        public init(parameters: Parameters<Scalar>, x: [Int], y: [Int], truncation: Int? = nil) {
            precondition(x.count == y.count && !x.isEmpty, "x and y must have the same length T ≥ 1")
            precondition(x.allSatisfy { (0..<parameters.K).contains($0) } && y.allSatisfy { (0..<parameters.K).contains($0) },
                         "token ids must be in 0..<K")
            precondition(truncation.map { $0 >= 0 } ?? true, "the truncation must be ≥ 0")
            self.parameters = parameters
            self.x = x
            self.y = y
            self.truncation = Truncation.normalized(truncation, steps: x.count)
        }

        public typealias Gradients = DenominatorLayout.Gradients
        public typealias Complexified = Problem<Complex>

        public static var blocks: [ParameterBlock<Problem>] {
            ParameterBlockCache.cached(Problem.self) {
                [
                    ParameterBlock(key: "W_in", symbol: "W_in", dimensions: ["H", "K"], matrix: \.parameters.WIn, gradient: \.dEdWIn),
                    ParameterBlock(key: "W_rec", symbol: "W_rec", dimensions: ["H", "H"], matrix: \.parameters.WRec, gradient: \.dEdWRec),
                    ParameterBlock(key: "W_out", symbol: "W_out", dimensions: ["K", "H"], matrix: \.parameters.WOut, gradient: \.dEdWOut),
                ]
            }
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
                x: x, y: y, truncation: truncation)
        }
    }
}

extension DenominatorLayout.Problem: BPTTProblem, NotationProblem where Scalar == Double {
    public var inputSequence: SequenceData { .tokens(x) }
    public var targetSequence: SequenceData { .tokens(y) }

    /// The document's BPTT (DenominatorLayout+BPTT.swift) keeps the whole δ_k^(t) table, T(T+1)/2
    /// vectors, each a matrix-vector product from the next: beyond `literalTableLimit` entries (about
    /// 128 MB) or `literalWorkLimit` multiply-adds (seconds) the same gradient comes from the
    /// equivalent U/V/W computation (W_in = U, W_rec = W, W_out = V; tested equal in FastPathTests and
    /// EquivalenceTests): the one sweep (DenominatorLayout+OneSweep.swift) for full BPTT, seed 000's
    /// loop, which keeps no table, when truncated.
    public func bpttGradients(truncation: Int?) -> DenominatorLayout.Gradients {
        guard !gradientImplementation(truncation: truncation).isLiteral else {
            return parameters.bptt(x, y, truncation: truncation)
        }
        if truncation == nil { return parameters.oneSweep(x, y).gradients }
        let rnn = Wildml.RNN(U: parameters.WIn, V: parameters.WOut, W: parameters.WRec, bpttTruncate: truncation ?? steps)
        let g = rnn.bptt(x, y)
        return DenominatorLayout.Gradients(dEdWIn: g.dLdU, dEdWRec: g.dLdW, dEdWOut: g.dLdV)
    }

    public func gradientImplementation(truncation: Int?) -> GradientImplementation {
        let (T, H) = (steps, parameters.H)
        let table = T * (T + 1) / 2 * H
        let work = table * H
        guard table > Self.literalTableLimit || (truncation == nil && work > Self.literalWorkLimit) else {
            return .literal("seed 002's δ_k^(t) recursion and double sums, as derived (DenominatorLayout+BPTT.swift)")
        }
        let why = table > Self.literalTableLimit
            ? "the literal δ_k^(t) table would hold \(GradientImplementation.count(table)) numbers" : "the literal δ_k^(t) recursion would need \(GradientImplementation.count(work)) multiply-adds"
        if truncation == nil {
            return GradientImplementation(
                name: "one-sweep",
                description: "one-sweep BPTT of the same network in U/V/W (DenominatorLayout+OneSweep.swift), tested equal to the literal port; \(why)")
        }
        return GradientImplementation(
            name: "wildml-loop",
            description: "seed 000's truncated bptt loop on the same network in U/V/W (Wildml+BPTT.swift), tested equal to the literal port; \(why)")
    }

    /// The most δ-table entries (T(T+1)/2 · H doubles) the literal BPTT may keep: 2^24, 128 MB.
    public static let literalTableLimit = 1 << 24

    /// The most multiply-adds of the δ recursion (T(T+1)/2 · H²) the literal BPTT is given for full
    /// BPTT: 2^30, a few seconds.
    public static let literalWorkLimit = 1 << 30
}
