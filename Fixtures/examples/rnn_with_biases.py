#!/usr/bin/env python3
"""An RNN the package does not ship, for `rnn-gradcheck check-model -- python3 rnn_with_biases.py`.

The program owns its model and data; rnn-gradcheck owns the perturbations. The model (real-valued
inputs, biases, a learned initial state, a mean loss):
    h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h),  h_{-1} = h0
    z_t = W_hy h_t + b_y,  p_t = softmax(z_t)
    L = (1/T) sum_t -log p_t[y_t]
with W_xh: H x D, W_hh: H x H, b_h: H, W_hy: K x H, b_y: K, h0: H, and T seeded random inputs
x_t in R^D and targets y_t in 0..K-1.

The protocol (JSON Lines, one request per line on standard input, one answer per line on standard
output, flushed):
    {"op": "parameters"}                    -> {"parameters": {NAME: VALUE, ...}}
    {"op": "loss", "parameters": {...}}      -> {"loss": L}
    {"op": "gradients", "parameters": {...}} -> {"loss": L, "gradients": {NAME: VALUE, ...}}
Debug output belongs on standard error. The program ends when its standard input closes.

Options: --seed S (the model's weights and data, default 1), --dtype float64|float32 (the arithmetic
of the loss and the gradients; rnn_with_biases_float32.py is this program with --dtype float32), and
--bug NAME to plant a mistake rnn-gradcheck must find:
    factor     dL/dW_hy without the mean's 1/T (a factor T on one block)
    nudge      the largest entry of the gradient multiplied by 1.001 (one entry off by 1e-3 relative)
    drop-step  BPTT stops before step 0 (the earliest time step never gets its error)
"""
import argparse
import json
import sys

import numpy as np

NAMES = ("W_xh", "W_hh", "b_h", "W_hy", "b_y", "h0")
D, H, K, T = 5, 6, 4, 8


def initial_model(seed, dtype):
    rng = np.random.default_rng(seed)
    parameters = {
        "W_xh": rng.normal(0, 1 / np.sqrt(D), (H, D)),
        "W_hh": rng.normal(0, 1 / np.sqrt(H), (H, H)),
        "b_h": rng.normal(0, 0.1, H),
        "W_hy": rng.normal(0, 1 / np.sqrt(H), (K, H)),
        "b_y": rng.normal(0, 0.1, K),
        "h0": rng.normal(0, 0.5, H),
    }
    x = rng.normal(0, 1, (T, D))
    y = rng.integers(0, K, T)
    return {k: v.astype(dtype) for k, v in parameters.items()}, x.astype(dtype), y


def forward(p, x, y):
    """The hidden states (h[0] is h0, h[t + 1] is h_t), the probabilities and the mean loss."""
    dtype = p["W_hh"].dtype
    h = np.zeros((T + 1, H), dtype=dtype)
    h[0] = p["h0"]
    probabilities = np.zeros((T, K), dtype=dtype)
    loss = dtype.type(0)
    for t in range(T):
        h[t + 1] = np.tanh(p["W_xh"] @ x[t] + p["W_hh"] @ h[t] + p["b_h"])
        z = p["W_hy"] @ h[t + 1] + p["b_y"]
        shifted = z - z.max()
        log_sum = np.log(np.exp(shifted).sum())
        probabilities[t] = np.exp(shifted - log_sum)
        loss += log_sum - shifted[y[t]]
    return h, probabilities, loss / dtype.type(T)


def gradients(p, x, y, bug=None):
    h, probabilities, loss = forward(p, x, y)
    dtype = p["W_hh"].dtype
    g = {k: np.zeros_like(v) for k, v in p.items()}
    dh_next = np.zeros(H, dtype=dtype)  # dL/dh_t arriving from step t + 1
    first_step = 1 if bug == "drop-step" else 0
    for t in reversed(range(first_step, T)):
        dz = probabilities[t].copy()
        dz[y[t]] -= 1
        dz /= dtype.type(T)  # the mean over T outputs
        g["W_hy"] += np.outer(dz, h[t + 1]) * (dtype.type(T) if bug == "factor" else 1)
        g["b_y"] += dz
        dh = p["W_hy"].T @ dz + dh_next
        da = dh * (1 - h[t + 1] ** 2)  # through tanh
        g["W_xh"] += np.outer(da, x[t])
        g["W_hh"] += np.outer(da, h[t])
        g["b_h"] += da
        dh_next = p["W_hh"].T @ da
    g["h0"] += dh_next
    if bug == "nudge":
        name = max(NAMES, key=lambda k: np.abs(g[k]).max())
        g[name][np.unravel_index(np.abs(g[name]).argmax(), g[name].shape)] *= dtype.type(1.001)
    return loss, g


def main():
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--seed", type=int, default=1)
    options.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    options.add_argument("--bug", choices=("factor", "nudge", "drop-step"))
    arguments = options.parse_args()
    dtype = np.dtype(arguments.dtype)
    model, x, y = initial_model(arguments.seed, dtype)

    def read(parameters):
        return {k: np.array(parameters[k], dtype=dtype) for k in NAMES}

    for line in sys.stdin:
        request = json.loads(line)
        op = request["op"]
        if op == "parameters":
            answer = {"parameters": {k: model[k].tolist() for k in NAMES}}
        elif op == "loss":
            answer = {"loss": float(forward(read(request["parameters"]), x, y)[2])}
        elif op == "gradients":
            loss, g = gradients(read(request["parameters"]), x, y, arguments.bug)
            answer = {"loss": float(loss), "gradients": {k: g[k].tolist() for k in NAMES}}
        else:
            print(f"unknown op {op!r}", file=sys.stderr)
            sys.exit(2)
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
