#!/usr/bin/env python3
"""denominator_layout_bptt.py in float32: the same BPTT, every array and operation in float32.

    rnn-gradcheck check-external --notation denominator-layout --precision float32 -- python3 denominator_layout_bptt_float32.py
"""
import numpy as np

import denominator_layout_bptt

if __name__ == "__main__":
    denominator_layout_bptt.main(np.float32)
