#!/usr/bin/env python3
"""index_wise_bptt.py in float32: the same BPTT, every array and operation in float32.

    rnn-gradcheck check-external --notation index-wise --precision float32 -- python3 index_wise_bptt_float32.py
"""
import numpy as np

import index_wise_bptt

if __name__ == "__main__":
    index_wise_bptt.main(np.float32)
