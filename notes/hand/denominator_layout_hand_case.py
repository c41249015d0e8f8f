#!/usr/bin/env python3
"""Hand-worked example of notes/denominator-layout.md, computed scalar by scalar with mpmath.

Network (K = 2, H = 1, T = 2, full BPTT):
    W_in = [[-0.7, 0.2]]   (H x K)   W_rec = [[0.9]]   (H x H)   W_out = [[0.3], [1.1]]   (K x H)
    x = [1, 1]   (input token ids)   y = [0, 1]   (target token ids)

The formulas are the note's equations D1-D12, written out for H = 1. Nothing here is taken from the
Swift code. Every value is printed with 17 significant digits.
Run: python3 notes/hand/denominator_layout_hand_case.py
"""
import mpmath
from mpmath import mp, mpf, tanh, exp, log

mp.dps = 40


def show(name, value):
    print(f"{name:<26} = {mpmath.nstr(value, 17, strip_zeros=False)}")


# Parameters. H = 1: W_in has a0 = W_in[0,0], a1 = W_in[0,1]; W_rec is w; W_out has b0 = W_out[0,0], b1 = W_out[1,0].
a0, a1 = mpf("-0.7"), mpf("0.2")
w = mpf("0.9")
b0, b1 = mpf("0.3"), mpf("1.1")
# x = [1, 1]: W_in x_0 = W_in x_1 = a1 (column 1); column 0 is never used.  y = [0, 1].

print("denominator-layout hand case: K=2 H=1 T=2, W_in=[[-0.7,0.2]] W_rec=[[0.9]] W_out=[[0.3],[1.1]], x=[1,1] y=[0,1]")
print()
print("forward (D1-D6)")
h_m1 = mpf(0)                       # h_{-1} = 0
s0 = w * h_m1 + a1                  # D1: s_0 = W_rec h_{-1} + W_in x_0 = 0.2
h0 = tanh(s0)                       # D2
s1 = w * h0 + a1                    # D1: s_1 = W_rec h_0 + W_in x_1 = 0.9 h_0 + 0.2
h1 = tanh(s1)                       # D2
z0 = (b0 * h0, b1 * h0)             # D3: z_t = W_out h_t
z1 = (b0 * h1, b1 * h1)

def softmax2(z):                    # D4 for K = 2
    d = exp(z[0]) + exp(z[1])
    return exp(z[0]) / d, exp(z[1]) / d

yh0 = softmax2(z0)
yh1 = softmax2(z1)
E0 = -log(yh0[0])                   # D5: y_0 = 0, E_0 = -log yhat_0[0]
E1 = -log(yh1[1])                   # D5: y_1 = 1, E_1 = -log yhat_1[1]
E = E0 + E1                         # D6
show("s_0", s0)
show("h_0", h0)
show("z_0[0]", z0[0])
show("z_0[1]", z0[1])
show("yhat_0[0]", yh0[0])
show("yhat_0[1]", yh0[1])
show("E_0", E0)
show("s_1", s1)
show("h_1", h1)
show("z_1[0]", z1[0])
show("z_1[1]", z1[1])
show("yhat_1[0]", yh1[0])
show("yhat_1[1]", yh1[1])
show("E_1", E1)
show("E", E)

print()
print("backward (D7-D12)")
r0 = (yh0[0] - 1, yh0[1])           # D7: r_0 = yhat_0 - y_0, y_0 = 0
r1 = (yh1[0], yh1[1] - 1)           # D7: r_1 = yhat_1 - y_1, y_1 = 1
show("r_0[0]", r0[0])
show("r_0[1]", r0[1])
show("r_1[0]", r1[0])
show("r_1[1]", r1[1])
# D8: delta_t^(t) = (W_out^T r_t) (1 - h_t h_t),  W_out^T r_t = b0 r_t[0] + b1 r_t[1]
d00 = (b0 * r0[0] + b1 * r0[1]) * (1 - h0 * h0)    # delta_0^(0)
d11 = (b0 * r1[0] + b1 * r1[1]) * (1 - h1 * h1)    # delta_1^(1)
# D9: delta_k^(t) = (W_rec^T delta_{k+1}^(t)) (1 - h_k h_k)
d10 = w * d11 * (1 - h0 * h0)                      # delta_0^(1)
show("delta_0^(0)", d00)
show("delta_0^(1)", d10)
show("delta_1^(1)", d11)
# D10: dE/dW_out = sum_t r_t (x) h_t   (2 x 1)
dWout0 = r0[0] * h0 + r1[0] * h1
dWout1 = r0[1] * h0 + r1[1] * h1
# D11: dE/dW_rec = sum_t sum_{k<=t} delta_k^(t) h_{k-1}, h_{-1} = 0
dWrec = d00 * h_m1 + d10 * h_m1 + d11 * h0
# D12: dE/dW_in[:, x_k] += delta_k^(t); x_0 = x_1 = 1, so all three deltas go to column 1
dWin0 = mpf(0)
dWin1 = d00 + d10 + d11
show("dE/dW_in[0,0]", dWin0)
show("dE/dW_in[0,1]", dWin1)
show("dE/dW_rec[0,0]", dWrec)
show("dE/dW_out[0,0]", dWout0)
show("dE/dW_out[1,0]", dWout1)

print()
print("misreading: delta_k in sections 2.4/2.5 taken as delta_k^(k) (the superscript dropped)")
# sum_t sum_{k<=t} delta_k^(k) (x) x_k: t=0 gives delta_0^(0), t=1 gives delta_0^(0) + delta_1^(1)
dWin1_misread = d00 + (d00 + d11)
# sum_t sum_{k<=t} delta_k^(k) h_{k-1}: t=0 gives delta_0^(0) h_{-1}, t=1 gives delta_0^(0) h_{-1} + delta_1^(1) h_0
dWrec_misread = d00 * h_m1 + (d00 * h_m1 + d11 * h0)
show("dE/dW_in[0,1] (misread)", dWin1_misread)
show("dE/dW_rec[0,0] (misread)", dWrec_misread)
