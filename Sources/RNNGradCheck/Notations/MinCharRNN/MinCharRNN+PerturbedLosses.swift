// MinCharRNN, fast: the losses central differences need, with one weight or bias changed at a time,
// equal bit for bit to `Model.loss` (MinCharRNN+Forward.swift) at the changed entry. The network is the
// shared tanh/softmax one (TanhSoftmaxRNN.swift) with both biases and hs[−1] = hprev: Wxh is its input
// block, Whh its recurrent block, Why its output block, bh and by its hidden and output biases, added
// where the script adds them ((Wxh x + Whh h) + bh, Why h + by).

extension MinCharRNN.Problem: FastPerturbedLosses where Scalar == Double {
    public func perturbedLossEvaluator() -> any PerturbedLossEvaluator {
        let network = TanhSoftmaxRNN(
            K: model.vocabSize, H: model.hiddenSize, input: model.Wxh.storage, recurrent: model.Whh.storage,
            output: model.Why.storage, hiddenBias: model.bh.storage, outputBias: model.by.storage, initial: hprev.storage,
            x: inputs, y: targets)
        return TanhSoftmaxRNN.PerturbedLosses(network, roles: [.input, .recurrent, .output, .hiddenBias, .outputBias]) { block, entry, value in
            var perturbed = self
            perturbed[keyPath: Self.blocks[block].values][entry] = value
            return perturbed.loss()
        }
    }
}
