#!/usr/bin/env python3
"""Seed 001's index-wise BPTT in numpy, for `rnn-gradcheck check-external --notation index-wise`.

Reads an index-wise fixture on standard input and prints the gradients document on standard output.
The model is seed 001's:
    net_j(t) = sum_i x_i(t) v_ji + sum_h s_h(t-1) u_jh + theta_j,  s_j(t) = f(net_j(t))
    net_k(t) = sum_j s_j(t) w_kj + theta_k,                        y_k(t) = g(net_k(t))
    C = 1/2 sum_t sum_k (d_k(t) - y_k(t))^2,  s(-1) = 0
with f the sigmoid and g the sigmoid or, with "output_activation": "softmax", the softmax. The errors are
the document's delta = -dC/dnet; the unfolding depth is the fixture's "truncate" (absent: unfold to t = 0).
The gradients printed are dC/dparameter = -(the document's Delta with eta = 1).
"""

import numpy as np

import fixture_lines


def sigmoid(a):
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def answer(fixture, dtype=np.float64):
    """The gradients document for one fixture."""
    p = fixture["parameters"]
    v, u, w = (np.array(p[k], dtype=dtype) for k in ("V", "U", "W"))
    theta_j, theta_k = np.array(p["theta_j"], dtype=dtype), np.array(p["theta_k"], dtype=dtype)
    x, d = np.array(fixture["inputs"], dtype=dtype), np.array(fixture["targets"], dtype=dtype)
    softmax_output = fixture.get("output_activation", "sigmoid") == "softmax"
    depth = fixture.get("truncate")
    P, M = len(x), v.shape[0]

    # Forward pass. s[t + 1] is s(t); s[0] is s(-1) = 0.
    s = np.zeros((P + 1, M), dtype=dtype)
    y = np.zeros(d.shape, dtype=dtype)
    for t in range(P):
        s[t + 1] = sigmoid(v @ x[t] + u @ s[t] + theta_j)
        net_k = w @ s[t + 1] + theta_k
        if softmax_output:
            e = np.exp(net_k - net_k.max())
            y[t] = e / e.sum()
        else:
            y[t] = sigmoid(net_k)
    C = 0.5 * ((d - y) ** 2).sum()

    Dv, Du, Dw = np.zeros_like(v), np.zeros_like(u), np.zeros_like(w)
    Dtheta_j, Dtheta_k = np.zeros_like(theta_j), np.zeros_like(theta_k)
    for t in range(P):
        if softmax_output:
            # dy_k'/dnet_k = y_k' (1[k = k'] - y_k): the whole Jacobian, not only its diagonal.
            jacobian = np.diag(y[t]) - np.outer(y[t], y[t])
            delta_k = jacobian.T @ (d[t] - y[t])
        else:
            delta_k = (d[t] - y[t]) * y[t] * (1 - y[t])
        Dw += np.outer(delta_k, s[t + 1])
        Dtheta_k += delta_k
        delta_j = (w.T @ delta_k) * s[t + 1] * (1 - s[t + 1])
        reach = t if depth is None else min(depth, t)
        for z in range(reach + 1):
            step = t - z
            Dv += np.outer(delta_j, x[step])
            Du += np.outer(delta_j, s[step])  # s(step - 1)
            Dtheta_j += delta_j
            delta_j = (u.T @ delta_j) * s[step] * (1 - s[step])

    return {"notation": "index-wise", "loss": float(C),
            "gradients": {"V": (-Dv).tolist(), "U": (-Du).tolist(), "W": (-Dw).tolist(),
                          "theta_j": (-Dtheta_j).tolist(), "theta_k": (-Dtheta_k).tolist()}}


def main(dtype=np.float64):
    fixture_lines.serve(lambda fixture: answer(fixture, dtype))


if __name__ == "__main__":
    main()
