// Wildml, fast: the losses central differences need, with one weight changed at a time, equal bit for
// bit to `calculateTotalLoss` (Wildml+Forward.swift) at the changed weights. The network is the shared
// tanh/softmax one (TanhSoftmaxRNN.swift: U is its input block, V its output block, W its recurrent
// block, no biases, s_{−1} = 0); TanhSoftmaxRNN+PerturbedLosses.swift says what structure it uses.

extension Wildml.Problem: FastPerturbedLosses where Scalar == Double {
    public func perturbedLossEvaluator() -> any PerturbedLossEvaluator {
        let network = TanhSoftmaxRNN(
            K: rnn.wordDim, H: rnn.hiddenDim, input: rnn.U.storage, recurrent: rnn.W.storage, output: rnn.V.storage,
            hiddenBias: nil, outputBias: nil, initial: [Double](repeating: 0, count: rnn.hiddenDim), x: x, y: y)
        return TanhSoftmaxRNN.PerturbedLosses(network, roles: [.input, .output, .recurrent]) { block, entry, value in
            var perturbed = self
            perturbed[keyPath: Self.blocks[block].values][entry] = value
            return perturbed.loss()
        }
    }
}
