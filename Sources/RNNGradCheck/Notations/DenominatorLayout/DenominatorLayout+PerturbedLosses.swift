// DenominatorLayout, fast: the losses central differences need, with one weight changed at a time,
// equal bit for bit to `Parameters.loss` (DenominatorLayout+Forward.swift) at the changed weight. The
// network is the shared tanh/softmax one (TanhSoftmaxRNN.swift: W_in is its input block, W_rec its
// recurrent block, W_out its output block, no biases, h_{−1} = 0). Seed 002 adds W_rec h_{t−1} + W_in x_t,
// the shared network W_in x_t + W_rec h_{t−1}: the same number, floating-point addition being commutative.

extension DenominatorLayout.Problem: FastPerturbedLosses where Scalar == Double {
    public func perturbedLossEvaluator() -> any PerturbedLossEvaluator {
        let network = TanhSoftmaxRNN(
            K: parameters.K, H: parameters.H, input: parameters.WIn.storage, recurrent: parameters.WRec.storage,
            output: parameters.WOut.storage, hiddenBias: nil, outputBias: nil, initial: [Double](repeating: 0, count: parameters.H),
            x: x, y: y)
        return TanhSoftmaxRNN.PerturbedLosses(network, roles: [.input, .recurrent, .output]) { block, entry, value in
            var perturbed = self
            perturbed[keyPath: Self.blocks[block].values][entry] = value
            return perturbed.loss()
        }
    }
}
