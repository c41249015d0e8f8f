// The network three notations share: a tanh hidden layer fed by a one-hot input, a softmax output and
// the cross-entropy of the target token, summed over the steps. Seed 000's U/V/W (Wildml), seed 002's
// W_in/W_rec/W_out (DenominatorLayout) and min-char-rnn.py's Wxh/Whh/Why with the biases bh, by
// (MinCharRNN) are this network with different names. The fast paths that only need its arithmetic
// (the checker's perturbed losses) are written once, here and in TanhSoftmaxRNN+PerturbedLosses.swift;
// each notation says which of its blocks plays which role and passes its own plain loss for the cases
// the fast path leaves to it.
//
// Each notation's forward pass, in the operations and order it performs them (which the fast paths
// reproduce bit for bit):
//
//     a_t = (input[:, x_t] + recurrent · h_{t−1}) + hiddenBias     (min-char-rnn's bh; none in the others)
//     h_t = tanh(a_t)
//     z_t = output · h_t + outputBias                               (min-char-rnn's by; none in the others)
//     E_t = (m_t + log Σ_k exp(z_t[k] − m_t)) − z_t[y_t],  m_t = max_k z_t[k]
//     E   = ((E_0 + E_1) + …) + E_{T−1}
//
// where every product is Matrix.dot's sum from 0, left to right, and Σ_k runs k = 0 … K − 1. Seed 002
// writes W_rec h_{t−1} + W_in x_t: the same sum, since floating-point addition is commutative.

/// The tanh/softmax network as flat buffers (shapes in the comments, row-major).
struct TanhSoftmaxRNN: Sendable {
    /// What a notation's parameter block is in this network.
    enum Role: Sendable, Equatable {
        /// H×K, column x_t is added at step t (U, W_in, Wxh).
        case input
        /// H×H, multiplies the previous state (W, W_rec, Whh).
        case recurrent
        /// K×H, gives the logits (V, W_out, Why).
        case output
        /// H, added to the pre-activation (bh).
        case hiddenBias
        /// K, added to the logits (by).
        case outputBias
    }

    /// K, the vocabulary; H, the hidden units.
    let K: Int, H: Int
    var input: [Double]
    var recurrent: [Double]
    var output: [Double]
    var hiddenBias: [Double]?
    var outputBias: [Double]?
    /// h_{−1}, H entries.
    var initial: [Double]
    /// Token ids, T each, in 0..<K.
    let x: [Int], y: [Int]

    var T: Int { x.count }

    /// The block of `role`, flat.
    func values(_ role: Role) -> [Double] {
        switch role {
        case .input: return input
        case .recurrent: return recurrent
        case .output: return output
        case .hiddenBias: return hiddenBias ?? []
        case .outputBias: return outputBias ?? []
        }
    }

    /// Every number of the network is finite: the condition under which the fast paths reproduce the
    /// plain pass (non-finite numbers go to the plain pass instead).
    var isFinite: Bool {
        input.allSatisfy(\.isFinite) && recurrent.allSatisfy(\.isFinite) && output.allSatisfy(\.isFinite)
            && (hiddenBias ?? []).allSatisfy(\.isFinite) && (outputBias ?? []).allSatisfy(\.isFinite)
            && initial.allSatisfy(\.isFinite)
    }
}
