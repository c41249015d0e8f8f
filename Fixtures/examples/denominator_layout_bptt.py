#!/usr/bin/env python3
"""Seed 002's BPTT (part 2, W_in/W_rec/W_out in denominator layout) in numpy, for
`rnn-gradcheck check-external --notation denominator-layout`.

Reads a denominator-layout fixture on standard input and prints the gradients document on standard
output. The model is seed 002's:
    s_t = W_rec h_{t-1} + W_in x_t,  h_t = tanh(s_t),  z_t = W_out h_t,  yhat_t = softmax(z_t),
    E = sum_t -y_t^T log yhat_t,  h_{-1} = 0,
and the gradients follow its section 2.3: for every output t the errors
    delta_t^(t) = (W_out^T r_t) * (1 - h_t * h_t),  r_t = yhat_t - y_t
    delta_k^(t) = (W_rec^T delta_{k+1}^(t)) * (1 - h_k * h_k),  k = t-1 ... 0
then dE/dW_out = sum_t r_t h_t^T, dE/dW_rec = sum_t sum_k delta_k^(t) h_{k-1}^T,
dE/dW_in = sum_t sum_k delta_k^(t) x_k^T. With the fixture's "truncate" tau, k runs down to t - tau only.
"""

import numpy as np

import fixture_lines


def answer(fixture, dtype=np.float64):
    """The gradients document for one fixture."""
    p = fixture["parameters"]
    W_in, W_rec, W_out = (np.array(p[k], dtype=dtype) for k in ("W_in", "W_rec", "W_out"))
    H, K = W_in.shape
    x, y = fixture["inputs"], fixture["targets"]
    T = len(x)
    tau = fixture.get("truncate")

    def one_hot(i):
        v = np.zeros(K, dtype=dtype)
        v[i] = 1.0
        return v

    # Forward pass (section 2.1). h_prev[t] is h_{t-1}.
    h_prev = [np.zeros(H, dtype=dtype)]
    h, r = [], []
    E = dtype(0)
    for t in range(T):
        s_t = W_rec @ h_prev[t] + W_in @ one_hot(x[t])
        h.append(np.tanh(s_t))
        h_prev.append(h[t])
        z = W_out @ h[t]
        m = z.max()
        log_normaliser = m + np.log(np.exp(z - m).sum())
        E += log_normaliser - z[y[t]]
        r.append(np.exp(z - log_normaliser) - one_hot(y[t]))

    dW_in, dW_rec, dW_out = np.zeros_like(W_in), np.zeros_like(W_rec), np.zeros_like(W_out)
    for t in range(T):
        dW_out += np.outer(r[t], h[t])
        first = 0 if tau is None else max(0, t - tau)
        delta = (W_out.T @ r[t]) * (1 - h[t] * h[t])  # delta_t^(t)
        for k in range(t, first - 1, -1):
            dW_rec += np.outer(delta, h_prev[k])
            dW_in += np.outer(delta, one_hot(x[k]))
            if k > first:
                delta = (W_rec.T @ delta) * (1 - h[k - 1] * h[k - 1])  # delta_{k-1}^(t)

    return {"notation": "denominator-layout", "loss": float(E),
            "gradients": {"W_in": dW_in.tolist(), "W_rec": dW_rec.tolist(), "W_out": dW_out.tolist()}}


def main(dtype=np.float64):
    fixture_lines.serve(lambda fixture: answer(fixture, dtype))


if __name__ == "__main__":
    main()
