#!/usr/bin/env python3
"""Hand-worked example of notes/wildml.md, computed scalar by scalar with mpmath.

Network (K = 2, H = 1, T = 2, full BPTT):
    U = [[0.5, -0.3]]   (H x K)      V = [[0.8], [-0.6]]   (K x H)      W = [[0.4]]   (H x H)
    x = [0, 1]   (input token ids)   y = [1, 0]   (target token ids)

The formulas are the note's equations W1-W9, written out for H = 1. Nothing here is taken from the
Swift code. Every value is printed with 17 significant digits.
Run: python3 notes/hand/wildml_hand_case.py
"""
import mpmath
from mpmath import mp, mpf, tanh, exp, log

mp.dps = 40


def show(name, value):
    print(f"{name:<26} = {mpmath.nstr(value, 17, strip_zeros=False)}")


# Parameters. H = 1, so U has entries u0 = U[0,0], u1 = U[0,1]; V has v0 = V[0,0], v1 = V[1,0]; W is w.
u0, u1 = mpf("0.5"), mpf("-0.3")
v0, v1 = mpf("0.8"), mpf("-0.6")
w = mpf("0.4")
# x = [0, 1]: U x_0 = u0 (column 0), U x_1 = u1 (column 1).  y = [1, 0].

print("wildml hand case: K=2 H=1 T=2, U=[[0.5,-0.3]] V=[[0.8],[-0.6]] W=[[0.4]], x=[0,1] y=[1,0]")
print()
print("forward (W1-W4)")
s_m1 = mpf(0)                       # s_{-1} = 0
z0 = u0 + w * s_m1                  # hidden pre-activation z_0 = U x_0 + W s_{-1} = 0.5
s0 = tanh(z0)                       # W1: s_0 = tanh(z_0)
z1 = u1 + w * s0                    # hidden pre-activation z_1 = U x_1 + W s_0 = -0.3 + 0.4 s_0
s1 = tanh(z1)                       # W1: s_1 = tanh(z_1)
show("z_0 = U x_0 + W s_-1", z0)
show("s_0", s0)
show("z_1 = U x_1 + W s_0", z1)
show("s_1", s1)

def softmax2(a, b):                 # W2 for K = 2: [e^a, e^b] / (e^a + e^b)
    return exp(a) / (exp(a) + exp(b)), exp(b) / (exp(a) + exp(b))

yhat0 = softmax2(v0 * s0, v1 * s0)  # W2: yhat_0 = softmax(V s_0), V s_0 = [0.8 s_0, -0.6 s_0]
yhat1 = softmax2(v0 * s1, v1 * s1)  # W2: yhat_1 = softmax(V s_1)
show("V s_0 [0]", v0 * s0)
show("V s_0 [1]", v1 * s0)
show("yhat_0[0]", yhat0[0])
show("yhat_0[1]", yhat0[1])
show("V s_1 [0]", v0 * s1)
show("V s_1 [1]", v1 * s1)
show("yhat_1[0]", yhat1[0])
show("yhat_1[1]", yhat1[1])
E0 = -log(yhat0[1])                 # W3: y_0 = 1, E_0 = -log yhat_0[1]
E1 = -log(yhat1[0])                 # W3: y_1 = 0, E_1 = -log yhat_1[0]
E = E0 + E1                         # W4
show("E_0", E0)
show("E_1", E1)
show("E", E)

print()
print("backward (W5-W9), full BPTT")
# W5: delta_o[t] = yhat_t - y_t (one-hot y_t)
do0 = (yhat0[0], yhat0[1] - 1)      # y_0 = 1
do1 = (yhat1[0] - 1, yhat1[1])      # y_1 = 0
show("delta_o[0][0]", do0[0])
show("delta_o[0][1]", do0[1])
show("delta_o[1][0]", do1[0])
show("delta_o[1][1]", do1[1])

# W6: dE/dV = sum_t delta_o[t] (x) s_t  (2 x 1)
dV0 = do0[0] * s0 + do1[0] * s1
dV1 = do0[1] * s0 + do1[1] * s1

# Output t = 1 (the loop starts with the last output).
# W7: delta at step 1 = (V^T delta_o[1]) (1 - s_1^2) = (v0 do1[0] + v1 do1[1]) (1 - s_1^2)
d_t1_k1 = (v0 * do1[0] + v1 * do1[1]) * (1 - s1**2)
# W9: delta at step 0 = W^T delta (1 - s_0^2)
d_t1_k0 = w * d_t1_k1 * (1 - s0**2)
# Output t = 0.
# W7: delta at step 0 = (V^T delta_o[0]) (1 - s_0^2)
d_t0_k0 = (v0 * do0[0] + v1 * do0[1]) * (1 - s0**2)
show("delta (t=1, bptt_step=1)", d_t1_k1)
show("delta (t=1, bptt_step=0)", d_t1_k0)
show("delta (t=0, bptt_step=0)", d_t0_k0)
# After its last step (bptt_step = 0) the loop still applies W9 once, with s_{-1} = 0; the result is
# never added to a gradient.
show("unused: after t=1 loop", w * d_t1_k0 * (1 - s_m1**2))
show("unused: after t=0 loop", w * d_t0_k0 * (1 - s_m1**2))

# W8: dE/dW += delta (x) s_{k-1};  dE/dU[:, x_k] += delta
dW = d_t1_k1 * s0 + d_t1_k0 * s_m1 + d_t0_k0 * s_m1   # s_{-1} = 0: steps 0 add nothing
dU0 = d_t1_k0 + d_t0_k0                              # x_0 = 0: column 0 gets the step-0 deltas
dU1 = d_t1_k1                                        # x_1 = 1: column 1 gets the step-1 delta
show("dE/dU[0,0]", dU0)
show("dE/dU[0,1]", dU1)
show("dE/dV[0,0]", dV0)
show("dE/dV[1,0]", dV1)
show("dE/dW[0,0]", dW)

print()
print("bptt_truncate = 0: output t reaches step t only")
# Output 1 visits step 1 only, so d_t1_k0 is never added; output 0 visits step 0 as before.
dU0_tau0 = d_t0_k0
dU1_tau0 = d_t1_k1
dW_tau0 = d_t1_k1 * s0 + d_t0_k0 * s_m1
show("dE/dU[0,0] (tau=0)", dU0_tau0)
show("dE/dU[0,1] (tau=0)", dU1_tau0)
show("dE/dV[0,0] (tau=0)", dV0)
show("dE/dV[1,0] (tau=0)", dV1)
show("dE/dW[0,0] (tau=0)", dW_tau0)
show("dE/dU[0,0] (tau=0) - full", dU0_tau0 - dU0)   # = -delta (t=1, bptt_step=0)
