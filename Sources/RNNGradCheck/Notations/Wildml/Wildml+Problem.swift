// Wildml as the checker sees it: one sentence (x, y) on one network.

extension Wildml {
    /// One training sentence on one network: the loss the checker differentiates numerically and the
    /// blocks it perturbs.
    public struct Problem<Scalar: RealScalar>: GradientProblem {
        public var rnn: RNN<Scalar>
        /// Input token ids x_0 … x_{T−1}, each in 0..<K.
        public let x: [Int]
        /// Target token ids y_0 … y_{T−1}, each in 0..<K.
        public let y: [Int]

        /// A problem; the sizes must agree (the CLI validates fixtures before building one).
        public init(rnn: RNN<Scalar>, x: [Int], y: [Int]) {
            precondition(x.count == y.count && !x.isEmpty, "x and y must have the same length T ≥ 1")
            precondition(x.allSatisfy { (0..<rnn.wordDim).contains($0) } && y.allSatisfy { (0..<rnn.wordDim).contains($0) },
                         "token ids must be in 0..<K")
            self.rnn = rnn
            self.x = x
            self.y = y
        }

        public typealias Gradients = Wildml.Gradients
        public typealias Complexified = Problem<Complex>

        public static var blocks: [ParameterBlock<Problem>] {
            ParameterBlockCache.cached(Problem.self) {
                [
                    ParameterBlock(key: "U", symbol: "U", dimensions: ["H", "K"], matrix: \.rnn.U, gradient: \.dLdU),
                    ParameterBlock(key: "V", symbol: "V", dimensions: ["K", "H"], matrix: \.rnn.V, gradient: \.dLdV),
                    ParameterBlock(key: "W", symbol: "W", dimensions: ["H", "H"], matrix: \.rnn.W, gradient: \.dLdW),
                ]
            }
        }

        public var steps: Int { x.count }

        /// τ, kept where the tutorial keeps it: the RNN's `bptt_truncate` (T for full BPTT).
        public var truncation: Int? {
            get { Truncation.normalized(rnn.bpttTruncate, steps: steps) }
            set { rnn.bpttTruncate = Truncation.normalized(newValue, steps: steps) ?? steps }
        }

        @_specialize(where Scalar == Double)
        @_specialize(where Scalar == Complex)
        public func loss() -> Scalar { rnn.calculateTotalLoss(x, y) }

        @_specialize(where Scalar == Double)
        @_specialize(where Scalar == Complex)
        public func outputLoss(_ t: Int, stepParameters: (Int) -> Problem) -> Scalar {
            var s = Vector<Scalar>.zeros(rnn.hiddenDim)  // s_{-1} = 0
            for k in 0...t {
                s = stepParameters(k).rnn.state(input: x[k], previous: s)
            }
            return stepParameters(t).rnn.stepLoss(state: s, target: y[t])
        }

        public func complexified() -> Problem<Complex> {
            Problem<Complex>(
                rnn: RNN<Complex>(
                    U: rnn.U.complexified, V: rnn.V.complexified, W: rnn.W.complexified,
                    bpttTruncate: rnn.bpttTruncate),
                x: x, y: y)
        }
    }
}

extension Wildml.Problem: BPTTProblem, NotationProblem where Scalar == Double {
    public var inputSequence: SequenceData { .tokens(x) }
    public var targetSequence: SequenceData { .tokens(y) }

    /// Seed 000's loop costs O(T²) matrix-vector products and allocations with full BPTT. Beyond
    /// `literalWorkLimit` (T² · (H² + `literalStepOverhead`) ≈ 4·10⁹, seconds to minutes) full BPTT comes from the one sweep
    /// instead, tested equal to the loop (FastPathTests); truncated BPTT always uses the loop.
    public func bpttGradients(truncation: Int?) -> Wildml.Gradients {
        if gradientImplementation(truncation: truncation).isLiteral {
            var truncated = rnn
            truncated.bpttTruncate = truncation ?? steps
            return truncated.bptt(x, y)
        }
        return rnn.oneSweep(x, y).gradients
    }

    public func gradientImplementation(truncation: Int?) -> GradientImplementation {
        let (T, H) = (steps, rnn.hiddenDim)
        guard truncation == nil, T * T * (H * H + Self.literalStepOverhead) > Self.literalWorkLimit else {
            return .literal("seed 000's numpy bptt, line by line (Wildml+BPTT.swift)")
        }
        return GradientImplementation(
            name: "one-sweep",
            description: "one-sweep BPTT (Wildml+OneSweep.swift), tested equal to the literal port of seed 000's bptt; "
                + "the literal loop would need T²·(H² + \(Self.literalStepOverhead)) = \(GradientImplementation.count(T * T * (H * H + Self.literalStepOverhead))) multiply-add equivalents")
    }

    /// The most work (T² · H²) the literal loop is given for full BPTT.
    public static let literalWorkLimit = 1 << 32
    /// What one pass of the loop's inner step costs beyond its H² multiply-adds, in multiply-adds: it
    /// allocates its vectors (about 1 µs at H = 1, measured: T = 10000 took 50 s). Without it a
    /// one-unit network on a long sequence ran the O(T²) loop for a minute.
    public static let literalStepOverhead = 1400
}
