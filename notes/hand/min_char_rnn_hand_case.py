#!/usr/bin/env python3
"""Hand-worked example of notes/min-char-rnn.md, computed scalar by scalar with mpmath.

Network (K = 2, H = 1, T = 2): the text "aba" with a = 0, b = 1, so inputs = [0, 1], targets = [1, 0].
    Wxh = [[0.5, -0.3]]   (H x K)     Whh = [[0.4]]   (H x H)     Why = [[0.8], [-0.6]]   (K x H)
    bh = [0.1]            by = [0.2, -0.1]            hprev = [0]

The formulas are the note's equations C1-C10, written out for H = 1. Nothing here is taken from the
Swift code. Every value is printed with 17 significant digits.
Run: python3 notes/hand/min_char_rnn_hand_case.py
"""
import mpmath
from mpmath import mp, mpf, tanh, exp, log

mp.dps = 40


def show(name, value):
    print(f"{name:<22} = {mpmath.nstr(value, 17, strip_zeros=False)}")


wxh0, wxh1 = mpf("0.5"), mpf("-0.3")   # Wxh[0,0], Wxh[0,1]
whh = mpf("0.4")
why0, why1 = mpf("0.8"), mpf("-0.6")   # Why[0,0], Why[1,0]
bh = mpf("0.1")
by0, by1 = mpf("0.2"), mpf("-0.1")

print('min-char-rnn hand case: K=2 H=1 T=2, text "aba": inputs [0,1], targets [1,0]')
print()
print("forward (C1-C5)")
h_m1 = mpf(0)                              # hs[-1] = hprev = 0
h0 = tanh(wxh0 + whh * h_m1 + bh)          # C1, inputs[0] = 0: column 0 of Wxh
h1 = tanh(wxh1 + whh * h0 + bh)            # C1, inputs[1] = 1: column 1 of Wxh
y0 = (why0 * h0 + by0, why1 * h0 + by1)    # C2
y1 = (why0 * h1 + by0, why1 * h1 + by1)


def softmax2(a, b):                        # C3 for K = 2
    return exp(a) / (exp(a) + exp(b)), exp(b) / (exp(a) + exp(b))


p0 = softmax2(*y0)
p1 = softmax2(*y1)
loss = -log(p0[1]) - log(p1[0])            # C4, C5: targets[0] = 1, targets[1] = 0
show("hs[0]", h0)
show("hs[1]", h1)
show("ps[0][0]", p0[0])
show("ps[0][1]", p0[1])
show("ps[1][0]", p1[0])
show("ps[1][1]", p1[1])
show("loss", loss)

print()
print("backward (C6-C10), t = 1 then t = 0")
# t = 1
dy1 = (p1[0] - 1, p1[1])                   # C6: targets[1] = 0
dh1 = why0 * dy1[0] + why1 * dy1[1] + 0    # C8: Why^T dy + dhnext (dhnext = 0 at the last step)
dhraw1 = (1 - h1 * h1) * dh1               # C9
dhnext = whh * dhraw1                      # C8: carried to t = 0
# t = 0
dy0 = (p0[0], p0[1] - 1)                   # C6: targets[0] = 1
dh0 = why0 * dy0[0] + why1 * dy0[1] + dhnext
dhraw0 = (1 - h0 * h0) * dh0
# C7, C10: sums over t
dWhy0 = dy1[0] * h1 + dy0[0] * h0
dWhy1 = dy1[1] * h1 + dy0[1] * h0
dby0 = dy1[0] + dy0[0]
dby1 = dy1[1] + dy0[1]
dbh = dhraw1 + dhraw0
dWxh0 = dhraw0                             # inputs[0] = 0: column 0 gets dhraw at t = 0
dWxh1 = dhraw1                             # inputs[1] = 1: column 1 gets dhraw at t = 1
dWhh = dhraw1 * h0 + dhraw0 * h_m1         # hs[-1] = 0: step 0 adds nothing
show("dhraw (t=1)", dhraw1)
show("dhraw (t=0)", dhraw0)
show("dWxh[0,0]", dWxh0)
show("dWxh[0,1]", dWxh1)
show("dWhh[0,0]", dWhh)
show("dWhy[0,0]", dWhy0)
show("dWhy[1,0]", dWhy1)
show("dbh[0]", dbh)
show("dby[0]", dby0)
show("dby[1]", dby1)
