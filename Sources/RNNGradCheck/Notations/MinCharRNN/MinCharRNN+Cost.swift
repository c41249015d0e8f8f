// MinCharRNN's cost model (CostEstimate.swift): the shared tanh/softmax network's counts
// (TanhSoftmaxRNN+Cost.swift) with both biases, and lossFun, which allocates like seed 000's loop but
// steps back one step per output (its dhnext carries the rest).

extension MinCharRNN.Problem {
    public var costModel: CostModel {
        let shape = TanhSoftmaxRNN.Shape(K: model.vocabSize, H: model.hiddenSize, x: inputs, zeroInitial: hprev.allSatisfy { $0.real == 0 })
        return TanhSoftmaxRNN.costModel(
            shape, roles: [.input, .recurrent, .output, .hiddenBias, .outputBias],
            analytic: TanhSoftmaxRNN.literalLoopWork(shape, truncation: 0))
    }
}
