#!/usr/bin/env python3
"""min-char-rnn.py's lossFun (Andrej Karpathy, 2015) in numpy, for
`rnn-gradcheck check-external --notation min-char-rnn`.

Reads a min-char-rnn fixture (README "Fixture format": Wxh, Whh, Why, bh, by; inputs and targets are
character ids) on standard input and prints the gradients document on standard output. The function
below is the script's lossFun with python 3's range for xrange and one change: the gradients are
clipped only with --clip, as the script does before its Adagrad update. Run it with --clip to see
what a gradient check of clipped gradients reports (the entries beyond +-5 fail).
"""
import sys

import numpy as np

import fixture_lines


def lossFun(inputs, targets, hprev, Wxh, Whh, Why, bh, by, clip):
    vocab_size = Wxh.shape[1]
    xs, hs, ys, ps = {}, {}, {}, {}
    hs[-1] = np.copy(hprev)
    loss = 0
    # forward pass
    for t in range(len(inputs)):
        xs[t] = np.zeros((vocab_size, 1))  # encode in 1-of-k representation
        xs[t][inputs[t]] = 1
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)  # hidden state
        ys[t] = np.dot(Why, hs[t]) + by  # unnormalized log probabilities for next chars
        ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))  # probabilities for next chars
        loss += -np.log(ps[t][targets[t], 0])  # softmax (cross-entropy loss)
    # backward pass: compute gradients going backwards
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(bh), np.zeros_like(by)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(inputs))):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1  # backprop into y
        dWhy += np.dot(dy, hs[t].T)
        dby += dy
        dh = np.dot(Why.T, dy) + dhnext  # backprop into h
        dhraw = (1 - hs[t] * hs[t]) * dh  # backprop through tanh nonlinearity
        dbh += dhraw
        dWxh += np.dot(dhraw, xs[t].T)
        dWhh += np.dot(dhraw, hs[t - 1].T)
        dhnext = np.dot(Whh.T, dhraw)
    if clip:
        for dparam in [dWxh, dWhh, dWhy, dbh, dby]:
            np.clip(dparam, -5, 5, out=dparam)  # clip to mitigate exploding gradients
    return loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs) - 1]


def answer(fixture):
    """The gradients document for one fixture."""
    p = fixture["parameters"]
    Wxh, Whh, Why = (np.array(p[k], dtype=float) for k in ("Wxh", "Whh", "Why"))
    # The script keeps the biases as (n, 1) columns; the fixture writes vectors.
    bh = np.array(p["bh"], dtype=float).reshape(-1, 1)
    by = np.array(p["by"], dtype=float).reshape(-1, 1)
    hprev = np.zeros((Whh.shape[0], 1))
    loss, dWxh, dWhh, dWhy, dbh, dby, _ = lossFun(
        fixture["inputs"], fixture["targets"], hprev, Wxh, Whh, Why, bh, by, clip="--clip" in sys.argv)
    return {"notation": "min-char-rnn", "loss": float(loss),
            "gradients": {"Wxh": dWxh.tolist(), "Whh": dWhh.tolist(), "Why": dWhy.tolist(),
                          "bh": dbh.ravel().tolist(), "by": dby.ravel().tolist()}}


def main():
    fixture_lines.serve(answer)


if __name__ == "__main__":
    main()
