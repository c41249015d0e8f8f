#!/usr/bin/env python3
"""Hand-worked index-wise case (seed 001 notation): N = M = O = 1, two steps.

Scalar formulas written out one by one, in mpmath at 40 digits, independent of the Swift code.
Equation labels I1-I13 refer to notes/index-wise.md. Prints 17 significant digits.
Run: python3 notes/hand/index_wise_hand_case.py
"""
from mpmath import mp, mpf, exp, diff

mp.dps = 40


def f(net):
    """Sigmoid, f = g."""
    return 1 / (1 + exp(-net))


def show(name, value):
    print(f"{name:<22} = {mp.nstr(value, 17, min_fixed=-5, max_fixed=5, strip_zeros=False)}")


# Parameters and data (strings, so that 0.1 is the decimal 0.1, not the double nearest to it)
V, U, W = mpf("0.5"), mpf("-0.4"), mpf("0.7")          # v_11, u_11, w_11
thJ, thK = mpf("0.1"), mpf("-0.2")                      # theta_j, theta_k
x0, x1 = mpf("1.0"), mpf("-0.5")                        # x(0), x(1)
d0, d1 = mpf("0.9"), mpf("0.1")                         # d(0), d(1)
s_init = mpf(0)                                          # s(-1) = 0


def cost(V, U, W, thJ, thK):
    """C = C_0 + C_1 (I1-I6), used only for the numerical cross-check at the end."""
    s0 = f(x0 * V + s_init * U + thJ)
    y0 = f(s0 * W + thK)
    s1 = f(x1 * V + s0 * U + thJ)
    y1 = f(s1 * W + thK)
    return (d0 - y0) ** 2 / 2 + (d1 - y1) ** 2 / 2


print("# forward (I1-I4)")
netj0 = x0 * V + s_init * U + thJ;  show("net_j(0)", netj0)
s0 = f(netj0);                      show("s(0)", s0)
netk0 = s0 * W + thK;               show("net_k(0)", netk0)
y0 = f(netk0);                      show("y(0)", y0)
netj1 = x1 * V + s0 * U + thJ;      show("net_j(1)", netj1)
s1 = f(netj1);                      show("s(1)", s1)
netk1 = s1 * W + thK;               show("net_k(1)", netk1)
y1 = f(netk1);                      show("y(1)", y1)

print("# cost (I5, I6)")
C0 = (d0 - y0) ** 2 / 2;            show("C_0", C0)
C1 = (d1 - y1) ** 2 / 2;            show("C_1", C1)
C = C0 + C1;                        show("C", C)

print("# derivatives of the sigmoid, f'(net) = f(net)(1 - f(net))")
gp0 = y0 * (1 - y0);                show("g'(net_k(0))", gp0)
gp1 = y1 * (1 - y1);                show("g'(net_k(1))", gp1)
fp0 = s0 * (1 - s0);                show("f'(net_j(0))", fp0)
fp1 = s1 * (1 - s1);                show("f'(net_j(1))", fp1)

print("# output deltas (I7), delta = -dC/dnet")
dk0 = (d0 - y0) * gp0;              show("delta_k(0)", dk0)
dk1 = (d1 - y1) * gp1;              show("delta_k(1)", dk1)

print("# hidden deltas (I8, I12); superscript = the output whose error it carries")
dj_o0_t0 = dk0 * W * fp0;           show("delta_j^(0)(0)", dj_o0_t0)
dj_o1_t1 = dk1 * W * fp1;           show("delta_j^(1)(1)", dj_o1_t1)
dj_o1_t0 = dj_o1_t1 * U * fp0;      show("delta_j^(1)(0)", dj_o1_t0)   # I12, z = 0 -> 1

print("# the document's Delta with eta = 1, full unfolding (I9-I11 and the bias rule)")
DW = dk0 * s0 + dk1 * s1;                                   show("Delta w", DW)
DthK = dk0 + dk1;                                           show("Delta theta_k", DthK)
DV = dj_o0_t0 * x0 + dj_o1_t1 * x1 + dj_o1_t0 * x0;         show("Delta v", DV)
DU = dj_o0_t0 * s_init + dj_o1_t1 * s0 + dj_o1_t0 * s_init; show("Delta u", DU)
DthJ = dj_o0_t0 + dj_o1_t1 + dj_o1_t0;                      show("Delta theta_j", DthJ)

print("# gradients dC/dparameter = -Delta/eta (I13), full unfolding")
full = {"dC/dV": -DV, "dC/dU": -DU, "dC/dW": -DW, "dC/dtheta_j": -DthJ, "dC/dtheta_k": -DthK}
for name, value in full.items():
    show(name, value)

print("# gradients with unfolding depth T = 0 (z = 0 only: delta_j^(1)(0) is dropped)")
DV0 = dj_o0_t0 * x0 + dj_o1_t1 * x1
DU0 = dj_o0_t0 * s_init + dj_o1_t1 * s0
DthJ0 = dj_o0_t0 + dj_o1_t1
depth0 = {"dC/dV": -DV0, "dC/dU": -DU0, "dC/dW": -DW, "dC/dtheta_j": -DthJ0, "dC/dtheta_k": -DthK}
for name, value in depth0.items():
    show(name + " (T=0)", value)

print("# cross-check: numerical derivatives of C at 40 digits (mpmath.diff)")
args = (V, U, W, thJ, thK)
for i, name in enumerate(["dC/dV", "dC/dU", "dC/dW", "dC/dtheta_j", "dC/dtheta_k"]):
    num = diff(lambda p: cost(*(args[:i] + (p,) + args[i + 1:])), args[i])
    print(f"{name:<22} |hand - numerical| = {mp.nstr(abs(full[name] - num), 3)}")
