#!/usr/bin/env python3
"""wildml_bptt.py in float32: the same BPTT, every array and operation in float32.

    rnn-gradcheck check-external --notation wildml --precision float32 -- python3 wildml_bptt_float32.py
"""
import numpy as np

import wildml_bptt

if __name__ == "__main__":
    wildml_bptt.main(np.float32)
