#!/usr/bin/env python3
"""rnn_with_biases.py in float32: the same model, loss and BPTT, every array and operation in float32.

    rnn-gradcheck check-model --precision float32 -- python3 rnn_with_biases_float32.py [--bug NAME]
"""
import sys

import rnn_with_biases

if __name__ == "__main__":
    sys.argv[1:1] = ["--dtype", "float32"]
    rnn_with_biases.main()
