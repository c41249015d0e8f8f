#!/usr/bin/env python3
"""The dynamics of notes/dynamics.md on the classroom wildml network, computed with numpy alone.

The network is rebuilt from its seed without the Swift code: Fixtures/reference/xoshiro256starstar.py
gives the generator (SplitMix64 → xoshiro256**), and the draws follow the documented initialisation
(RandomProblems.swift's doc comment): U (H×K) uniform in ±scale/√K, then V (K×H) and W (H×H) uniform in
±scale/√H, row by row, then x and y, T token ids each (uniform integers by rejection). A double is
the top 53 bits of a draw times 2⁻⁵³.

Norms come from numpy's SVD (LAPACK), not from power iteration. Printed with 17 significant digits.
Run: python3 notes/hand/dynamics_classroom.py
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Fixtures", "reference"))
from xoshiro256starstar import xoshiro  # noqa: E402

MASK = (1 << 64) - 1


class Draws:
    def __init__(self, seed):
        self.values = iter(xoshiro(seed, 10_000))

    def unit(self):
        return (next(self.values) >> 11) * 2.0**-53

    def uniform(self, low, high):
        return low + (high - low) * self.unit()

    def integer(self, bound):
        limit = MASK - MASK % bound
        while True:
            draw = next(self.values)
            if draw < limit:
                return draw % bound


def classroom(seed, scale, K=8, H=4, T=6):
    d = Draws(seed)
    def matrix(rows, columns, s):
        return np.array([[d.uniform(-s, s) for _ in range(columns)] for _ in range(rows)])
    U = matrix(H, K, scale / np.sqrt(K))
    V = matrix(K, H, scale / np.sqrt(H))
    W = matrix(H, H, scale / np.sqrt(H))
    x = [d.integer(K) for _ in range(T)]
    y = [d.integer(K) for _ in range(T)]
    return U, V, W, x, y


def dynamics(U, V, W, x, y):
    H, T = W.shape[0], len(x)
    s, h = [], np.zeros(H)
    for t in range(T):
        h = np.tanh(U[:, x[t]] + W @ h)
        s.append(h)
    J = {j: np.diag(1 - s[j] ** 2) @ W for j in range(1, T)}          # ∂s_j/∂s_{j−1}
    products, P = [1.0], np.eye(H)
    for j in range(T - 1, 0, -1):                                       # J_{T−1} ⋯ J_{T−τ}
        P = P @ J[j]
        products.append(np.linalg.norm(P, 2))
    grads = [0.0] * T                                                   # max_t ‖∂E_t/∂s_{t−τ}‖
    for t in range(T):
        z = V @ s[t]
        p = np.exp(z - z.max())
        p /= p.sum()
        p[y[t]] -= 1
        g = V.T @ p                                                     # ∂E_t/∂s_t
        for k in range(t, -1, -1):
            grads[t - k] = max(grads[t - k], np.linalg.norm(g))
            if k > 0:
                g = J[k].T @ g
    return {
        "norm_W": np.linalg.norm(W, 2),
        "jacobian_norms": [np.linalg.norm(J[j], 2) for j in range(1, T)],
        "product_norms": products,
        "rho": products[-1] ** (1 / (T - 1)),
        "relative_error_gradients": [g / max(grads) for g in grads],
    }


for scale in (0.5, 1.0, 3.0):
    result = dynamics(*classroom(seed=1, scale=scale))
    print(f"wildml classroom (K=8 H=4 T=6), seed 1, weight scale {scale}")
    for key, value in result.items():
        values = value if isinstance(value, list) else [value]
        print(f"  {key:<26} " + " ".join(f"{v:.17g}" for v in values))
