// MinCharRNN as the checker sees it: one chunk of text (inputs, targets) on one network, from hprev.

extension MinCharRNN {
    /// One chunk of text on one network: the loss the checker differentiates numerically and the
    /// blocks it perturbs.
    public struct Problem<Scalar: RealScalar>: GradientProblem {
        public var model: Model<Scalar>
        /// `inputs`: character ids, each in 0..<K.
        public let inputs: [Int]
        /// `targets`: character ids, each in 0..<K (the next character of each input).
        public let targets: [Int]
        /// `hprev`: hs[−1], the state carried over from the previous chunk (zero for the first).
        public let hprev: Vector<Scalar>

        public init(model: Model<Scalar>, inputs: [Int], targets: [Int], hprev: Vector<Scalar>? = nil) {
            precondition(inputs.count == targets.count && !inputs.isEmpty, "inputs and targets must have the same length T ≥ 1")
            precondition(
                inputs.allSatisfy { (0..<model.vocabSize).contains($0) } && targets.allSatisfy { (0..<model.vocabSize).contains($0) },
                "character ids must be in 0..<K")
            self.model = model
            self.inputs = inputs
            self.targets = targets
            self.hprev = hprev ?? .zeros(model.hiddenSize)
            precondition(self.hprev.count == model.hiddenSize, "hprev must have H entries")
        }

        public typealias Gradients = MinCharRNN.Gradients
        public typealias Complexified = Problem<Complex>

        public static var blocks: [ParameterBlock<Problem>] {
            ParameterBlockCache.cached(Problem.self) {
                [
                    ParameterBlock(key: "Wxh", symbol: "Wxh", dimensions: ["H", "K"], matrix: \.model.Wxh, gradient: \.dWxh),
                    ParameterBlock(key: "Whh", symbol: "Whh", dimensions: ["H", "H"], matrix: \.model.Whh, gradient: \.dWhh),
                    ParameterBlock(key: "Why", symbol: "Why", dimensions: ["K", "H"], matrix: \.model.Why, gradient: \.dWhy),
                    ParameterBlock(key: "bh", symbol: "bh", dimensions: ["H"], vector: \.model.bh, gradient: \.dbh),
                    ParameterBlock(key: "by", symbol: "by", dimensions: ["K"], vector: \.model.by, gradient: \.dby),
                ]
            }
        }

        public var steps: Int { inputs.count }

        /// The script has no truncation: always nil (see MinCharRNN.swift); a value set here is ignored.
        public var truncation: Int? {
            get { nil }
            set {}
        }

        @_specialize(where Scalar == Double)
        @_specialize(where Scalar == Complex)
        public func loss() -> Scalar { model.loss(inputs, targets, hprev: hprev) }

        @_specialize(where Scalar == Double)
        @_specialize(where Scalar == Complex)
        public func outputLoss(_ t: Int, stepParameters: (Int) -> Problem) -> Scalar {
            var h = hprev
            for k in 0...t {
                h = stepParameters(k).model.hiddenState(input: inputs[k], previous: h)
            }
            let model = stepParameters(t).model
            return model.stepLoss(scores: model.scores(h), target: targets[t])
        }

        public func complexified() -> Problem<Complex> {
            Problem<Complex>(
                model: .init(
                    Wxh: model.Wxh.complexified, Whh: model.Whh.complexified, Why: model.Why.complexified,
                    bh: model.bh.complexified, by: model.by.complexified),
                inputs: inputs, targets: targets, hprev: hprev.complexified)
        }
    }
}

extension MinCharRNN.Problem: BPTTProblem, NotationProblem where Scalar == Double {
    public var inputSequence: SequenceData { .tokens(inputs) }
    public var targetSequence: SequenceData { .tokens(targets) }

    /// lossFun's one backward sweep is O(T) already: it is used for every size.
    public func bpttGradients(truncation: Int?) -> MinCharRNN.Gradients {
        model.lossFun(inputs, targets, hprev).gradients
    }

    public func gradientImplementation(truncation: Int?) -> GradientImplementation {
        .literal("min-char-rnn.py's lossFun, line by line, without its clipping (MinCharRNN+BPTT.swift)")
    }
}
