// MinCharRNN: the notation of Andrej Karpathy's min-char-rnn.py, the most copied BPTT code there is
// (a character-level vanilla RNN in numpy: Wxh, Whh, Why, bh, by; one-hot inputs; softmax
// cross-entropy summed over the sequence; `lossFun` with its forward and backward pass).
//
// Source (notes/sources.md): [MCR] min-char-rnn.py (Andrej Karpathy, 2015,
// gist.github.com/karpathy/d4dee566867f8291f086), `lossFun(inputs, targets, hprev)`, ported line by
// line in MinCharRNN+BPTT.swift.
// Note: notes/min-char-rnn.md (symbols, shapes, numbered equations C1–C10, the hand-worked example,
// the correspondence with wildml).
//
// Symbols kept: vocab_size (`vocabSize`, K), hidden_size (`hiddenSize`, H); Wxh (H×K, input → hidden),
// Whh (H×H, hidden → hidden), Why (K×H, hidden → output), bh (H), by (K); inputs, targets (token ids),
// hprev, xs, hs, ys, ps, loss; dWxh, dWhh, dWhy, dbh, dby, dy, dh, dhraw, dhnext.
//
// Deviations from the source:
// - `lossFun` clips every gradient to [−5, 5] before returning it ("clip to mitigate exploding
//   gradients"). That is part of training, not of the gradient: clipped values are not ∂loss/∂θ, and a
//   gradient check of them fails wherever |∂loss/∂θ| > 5. The port returns the gradient; the clipping
//   is `MinCharRNN.clip`, and the bug catalog's `min-char-rnn/clipped-before-check` shows what a check
//   of clipped gradients reports.
// - hs[-1] = hprev, the state carried over from the previous chunk of text, is stored explicitly
//   (StateSequence.initial); a fixture is one chunk that starts from hprev = 0, as the first chunk of
//   the training loop does.
// - The loss term −log ps[t][targets[t]] is computed as logsumexp(ys[t]) − ys[t][targets[t]], which is
//   the same number without the log of an underflowed probability; ps[t] is the softmax of ys[t] with
//   the maximum subtracted first.
// - xs[t] is the token id itself: np.dot(Wxh, xs[t]) is column inputs[t] of Wxh, and
//   np.dot(dhraw, xs[t].T) adds dhraw to that column only.
// - Column vectors (numpy's (n, 1) arrays) are plain vectors; vectors have no transpose.
// - Random networks: uniform in ±1/√fan-in as the other notations (the script draws randn·0.01), with
//   the biases random too (the script starts them at 0) so that every block is exercised; inputs and
//   targets are one text: targets[t] = inputs[t + 1], as the script's data pointer makes them.
// - There is no truncation parameter: the script truncates by chunking the text into seq_length
//   pieces, and within one call of lossFun the backward pass reaches the first step of the chunk.
//
// Keep in sync: Wildml (Wxh ≡ U, Whh ≡ W, Why ≡ V when bh = by = 0; tested equal), DenominatorLayout,
// IndexWise (biases like θ_j, θ_k).

/// The notation of min-char-rnn.py.
public enum MinCharRNN {}

extension MinCharRNN {
    /// The script's five parameters.
    public struct Model<Scalar: RealScalar>: Sendable {
        /// Wxh: H×K, input (one-hot character) → hidden.
        public var Wxh: Matrix<Scalar>
        /// Whh: H×H, hidden → hidden.
        public var Whh: Matrix<Scalar>
        /// Why: K×H, hidden → output.
        public var Why: Matrix<Scalar>
        /// bh: H, the hidden bias.
        public var bh: Vector<Scalar>
        /// by: K, the output bias.
        public var by: Vector<Scalar>

        /// `hidden_size`, H.
        public var hiddenSize: Int { Wxh.rows }
        /// `vocab_size`, K.
        public var vocabSize: Int { Wxh.columns }

        public init(Wxh: Matrix<Scalar>, Whh: Matrix<Scalar>, Why: Matrix<Scalar>, bh: Vector<Scalar>, by: Vector<Scalar>) {
            precondition(
                Whh.rows == Wxh.rows && Whh.columns == Wxh.rows && Why.rows == Wxh.columns && Why.columns == Wxh.rows
                    && bh.count == Wxh.rows && by.count == Wxh.columns,
                "Wxh must be H×K, Whh H×H, Why K×H, bh of H, by of K")
            self.Wxh = Wxh
            self.Whh = Whh
            self.Why = Why
            self.bh = bh
            self.by = by
        }
    }

    /// `dWxh, dWhh, dWhy, dbh, dby`, what lossFun returns after the loss.
    public struct Gradients: Sendable, Equatable {
        public var dWxh: Matrix<Double>
        public var dWhh: Matrix<Double>
        public var dWhy: Matrix<Double>
        public var dbh: Vector<Double>
        public var dby: Vector<Double>

        public init(dWxh: Matrix<Double>, dWhh: Matrix<Double>, dWhy: Matrix<Double>, dbh: Vector<Double>, dby: Vector<Double>) {
            self.dWxh = dWxh
            self.dWhh = dWhh
            self.dWhy = dWhy
            self.dbh = dbh
            self.dby = dby
        }
    }

    /// `np.clip(dparam, -5, 5, out=dparam)` for every gradient: what the script does before its Adagrad
    /// update. Not part of the gradient (see the header).
    public static func clip(_ gradients: Gradients, to bound: Double = 5) -> Gradients {
        func clip(_ x: Double) -> Double { min(max(x, -bound), bound) }
        var clipped = gradients
        clipped.dWxh.storage = clipped.dWxh.storage.map(clip)
        clipped.dWhh.storage = clipped.dWhh.storage.map(clip)
        clipped.dWhy.storage = clipped.dWhy.storage.map(clip)
        clipped.dbh.storage = clipped.dbh.storage.map(clip)
        clipped.dby.storage = clipped.dby.storage.map(clip)
        return clipped
    }
}
