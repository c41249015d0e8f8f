#!/usr/bin/env python3
"""Seed 000's BPTT in numpy, for `rnn-gradcheck check-external --notation wildml`.

Reads a wildml fixture (README "Fixture format") on standard input and prints the gradients document
(README "Gradients format") on standard output. The model is seed 000's:
    s_t = tanh(U x_t + W s_{t-1}),  yhat_t = softmax(V s_t),  E = sum_t -log yhat_t[y_t]
and the gradients are the tutorial's bptt with bptt_truncate (the fixture's "truncate"; absent: full BPTT).
"""

import numpy as np

import fixture_lines


def forward_propagation(U, V, W, x):
    T = len(x)
    H = U.shape[0]
    # T + 1 rows: the last one stays 0 and is the initial state s[-1].
    s = np.zeros((T + 1, H), dtype=U.dtype)
    o = np.zeros((T, V.shape[0]), dtype=U.dtype)
    logits = np.zeros((T, V.shape[0]), dtype=U.dtype)
    for t in range(T):
        s[t] = np.tanh(U[:, x[t]] + W.dot(s[t - 1]))
        logits[t] = V.dot(s[t])
        e = np.exp(logits[t] - logits[t].max())
        o[t] = e / e.sum()
    return o, s, logits


def total_loss(logits, y):
    # -log softmax(z)[y] = logsumexp(z) - z[y], without taking the log of a tiny probability.
    E = logits.dtype.type(0)
    for t, z in enumerate(logits):
        m = z.max()
        E += m + np.log(np.exp(z - m).sum()) - z[y[t]]
    return E


def bptt(U, V, W, x, y, bptt_truncate):
    T = len(y)
    o, s, logits = forward_propagation(U, V, W, x)
    dLdU = np.zeros(U.shape)
    dLdV = np.zeros(V.shape)
    dLdW = np.zeros(W.shape)
    delta_o = o.copy()
    delta_o[np.arange(T), y] -= 1.0
    for t in np.arange(T)[::-1]:
        dLdV += np.outer(delta_o[t], s[t])
        delta_t = V.T.dot(delta_o[t]) * (1 - s[t] ** 2)
        for bptt_step in np.arange(max(0, t - bptt_truncate), t + 1)[::-1]:
            dLdW += np.outer(delta_t, s[bptt_step - 1])
            dLdU[:, x[bptt_step]] += delta_t
            delta_t = W.T.dot(delta_t) * (1 - s[bptt_step - 1] ** 2)
    return total_loss(logits, y), dLdU, dLdV, dLdW


def answer(fixture, dtype=np.float64):
    """The gradients document for one fixture."""
    p = fixture["parameters"]
    U, V, W = (np.array(p[k], dtype=dtype) for k in ("U", "V", "W"))
    x, y = fixture["inputs"], fixture["targets"]
    truncate = fixture.get("truncate")
    E, dLdU, dLdV, dLdW = bptt(U, V, W, x, y, len(y) if truncate is None else truncate)
    return {"notation": "wildml", "loss": float(E),
            "gradients": {"U": dLdU.tolist(), "V": dLdV.tolist(), "W": dLdW.tolist()}}


def main(dtype=np.float64):
    fixture_lines.serve(lambda fixture: answer(fixture, dtype))


if __name__ == "__main__":
    main()
