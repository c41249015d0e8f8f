// IndexWise as the checker sees it: one sequence of patterns on one network.

extension IndexWise {
    /// One sequence of input patterns x(t) with targets d(t) on one network.
    public struct Problem<Scalar: RealScalar>: GradientProblem {
        public var network: Network<Scalar>
        /// x_i(t): P rows of N real inputs.
        public let x: [[Double]]
        /// d_k(t): P rows of O real targets.
        public let d: [[Double]]
        /// τ, the document's unfolding depth T: the error of output t is unfolded back to step t − τ
        /// (nil: to step 0; τ ≥ P − 1 is stored as nil).
        public var truncation: Int? {
            didSet { truncation = Truncation.normalized(truncation, steps: x.count) }
        }

        public init(network: Network<Scalar>, x: [[Double]], d: [[Double]], truncation: Int? = nil) {
            precondition(x.count == d.count && !x.isEmpty, "x and d must have the same number of patterns P ≥ 1")
            precondition(x.allSatisfy { $0.count == network.N } && d.allSatisfy { $0.count == network.O }, "x rows need N entries, d rows O")
            precondition(truncation.map { $0 >= 0 } ?? true, "the unfolding depth must be ≥ 0")
            self.network = network
            self.x = x
            self.d = d
            self.truncation = Truncation.normalized(truncation, steps: x.count)
        }

        public typealias Gradients = IndexWise.Gradients
        public typealias Complexified = Problem<Complex>

        public static var blocks: [ParameterBlock<Problem>] {
            ParameterBlockCache.cached(Problem.self) {
                [
                    ParameterBlock(key: "V", symbol: "V", dimensions: ["M", "N"], matrix: \.network.v, gradient: \.dCdV),
                    ParameterBlock(key: "U", symbol: "U", dimensions: ["M", "M"], matrix: \.network.u, gradient: \.dCdU),
                    ParameterBlock(key: "W", symbol: "W", dimensions: ["O", "M"], matrix: \.network.w, gradient: \.dCdW),
                    ParameterBlock(key: "theta_j", symbol: "θ_j", dimensions: ["M"], vector: \.network.thetaJ, gradient: \.dCdThetaJ),
                    ParameterBlock(key: "theta_k", symbol: "θ_k", dimensions: ["O"], vector: \.network.thetaK, gradient: \.dCdThetaK),
                ]
            }
        }

        public var steps: Int { x.count }

        @_specialize(where Scalar == Double)
        @_specialize(where Scalar == Complex)
        public func loss() -> Scalar { network.cost(x, d) }

        @_specialize(where Scalar == Double)
        @_specialize(where Scalar == Complex)
        public func outputLoss(_ t: Int, stepParameters: (Int) -> Problem) -> Scalar {
            var s = Vector<Scalar>.zeros(network.M)  // s(-1) = 0
            for k in 0...t {
                let n = stepParameters(k).network
                s = n.hiddenOutput(n.hiddenNet(input: x[k], previous: s))
            }
            let n = stepParameters(t).network
            return n.patternCost(output: n.output(n.outputNet(s)), target: d[t])
        }

        public func complexified() -> Problem<Complex> {
            Problem<Complex>(
                network: .init(
                    v: network.v.complexified, u: network.u.complexified, w: network.w.complexified,
                    thetaJ: network.thetaJ.complexified, thetaK: network.thetaK.complexified, g: network.g),
                x: x, d: d, truncation: truncation)
        }
    }
}

extension IndexWise.Problem: BPTTProblem, NotationProblem where Scalar == Double {
    public var inputSequence: SequenceData { .vectors(x) }
    public var targetSequence: SequenceData { .vectors(d) }
    public var modelOptions: [String: String] { ["output_activation": network.g.rawValue] }

    /// Seed 001's unfolding runs back to step 0 from every output: T(T + 1)/2 · M(N + M) multiply-adds
    /// with full BPTT, in loops that allocate. Beyond `literalWorkLimit` (about a second) full BPTT
    /// comes from the one sweep instead, tested equal to the loops (FastPathTests); truncated BPTT
    /// always uses the loops.
    public func bpttGradients(truncation: Int?) -> IndexWise.Gradients {
        if gradientImplementation(truncation: truncation).isLiteral {
            return network.bptt(x, d, unfoldingDepth: truncation)
        }
        return network.oneSweep(x, d).gradients
    }

    public func gradientImplementation(truncation: Int?) -> GradientImplementation {
        let (T, M, N) = (steps, network.M, network.N)
        let work = T * (T + 1) / 2 * M * (N + M)
        guard truncation == nil, work > Self.literalWorkLimit else {
            return .literal("seed 001's index loops with unfolding, as derived (IndexWise+BPTT.swift)")
        }
        return GradientImplementation(
            name: "one-sweep",
            description: "one-sweep BPTT (IndexWise+OneSweep.swift), tested equal to the literal port of seed 001's loops; "
                + "the unfolding would need T(T+1)/2·M(N+M) = \(GradientImplementation.count(work)) multiply-adds")
    }

    /// The most work (T(T + 1)/2 · M(N + M) multiply-adds) the literal loops are given for full BPTT.
    public static let literalWorkLimit = 1 << 22
}
