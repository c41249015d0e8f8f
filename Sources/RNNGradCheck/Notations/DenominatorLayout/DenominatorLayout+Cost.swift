// DenominatorLayout's cost model (CostEstimate.swift): the shared tanh/softmax network's counts
// (TanhSoftmaxRNN+Cost.swift) with W_in, W_rec, W_out as its input, recurrent and output blocks, and the
// gradient implementation `gradientImplementation` names: the δ_k^(t) table, the one sweep or seed 000's
// loop.

extension DenominatorLayout.Problem {
    public var costModel: CostModel {
        let shape = TanhSoftmaxRNN.Shape(K: parameters.K, H: parameters.H, x: x, zeroInitial: true)
        let implementation = (self as? DenominatorLayout.Problem<Double>)?.gradientImplementation(truncation: truncation)
        let analytic: (work: Work, bytes: Double)
        switch implementation?.name {
        case "one-sweep": analytic = TanhSoftmaxRNN.sweepWork(shape)
        case "wildml-loop": analytic = TanhSoftmaxRNN.literalLoopWork(shape, truncation: truncation)
        default: analytic = TanhSoftmaxRNN.literalTableWork(shape, truncation: truncation)
        }
        return TanhSoftmaxRNN.costModel(shape, roles: [.input, .recurrent, .output], analytic: analytic)
    }
}
