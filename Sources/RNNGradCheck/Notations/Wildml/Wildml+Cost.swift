// Wildml's cost model (CostEstimate.swift): the shared tanh/softmax network's counts
// (TanhSoftmaxRNN+Cost.swift) with U, V, W as its input, output and recurrent blocks, and the gradient
// implementation `gradientImplementation` names: seed 000's loop or the one sweep.

extension Wildml.Problem {
    public var costModel: CostModel {
        let shape = TanhSoftmaxRNN.Shape(K: rnn.wordDim, H: rnn.hiddenDim, x: x, zeroInitial: true)
        let truncation = Truncation.normalized(rnn.bpttTruncate, steps: steps)
        let sweep = (self as? Wildml.Problem<Double>).map { !$0.gradientImplementation(truncation: truncation).isLiteral } ?? false
        let analytic = sweep ? TanhSoftmaxRNN.sweepWork(shape) : TanhSoftmaxRNN.literalLoopWork(shape, truncation: truncation)
        return TanhSoftmaxRNN.costModel(shape, roles: [.input, .output, .recurrent], analytic: analytic)
    }
}
