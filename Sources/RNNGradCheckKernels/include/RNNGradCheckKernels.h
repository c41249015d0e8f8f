// Vector kernels for x86-64 processors with AVX2 or AVX-512, chosen when the program runs. The Swift
// code of the core is the portable implementation (RNNGradCheck/LinearAlgebra/Kernels.swift); these
// functions do the same work with wider instructions where the processor has them, and report 0 (did
// nothing) where it has not, so that the caller runs the Swift version. Swift compiles a whole module
// for one instruction set and has no per-function target attribute: this small C target is the only way
// the default build can use AVX2 and AVX-512 and still run on any x86-64 (see notes/performance.md).
//
// Every kernel here that the checker uses keeps the bits of the plain computation: each output is a
// sum from 0 in the plain order, one rounded multiply and one rounded add per term (no fused
// multiply-add: this file is compiled with FP_CONTRACT OFF). Many sums run side by side, never the
// terms of one sum. Tests compare every level with the portable one bit for bit.
#ifndef RNN_GRADCHECK_KERNELS_H
#define RNN_GRADCHECK_KERNELS_H

/// The vector level in use: 0 none (the portable Swift code runs), 1 AVX2, 2 AVX-512F.
int rgc_kernel_level(void);

/// The highest level the processor and the operating system support.
int rgc_supported_kernel_level(void);

/// Uses `level` (capped at the supported one; negative: the supported one) and returns the level in
/// effect. For tests and measurements.
int rgc_set_kernel_level(int level);

/// C[i·lanes + q] = Σ_j A[i·n + j]·B[j·lanes + q], each sum from 0 over j = 0 … n − 1 in order, multiply
/// and add rounded separately. lanes must be a multiple of 8. Returns 0 without touching C when the
/// level is 0.
int rgc_sequential_products(const double *A, long rows, long n, const double *B, long lanes, double *C);

/// sums[q] = (…(sums[q] + terms[0]) + …) + terms[n − 1] for q in 0 … lanes − 1. lanes must be a multiple
/// of 8. Returns 0 without touching sums when the level is 0.
int rgc_add_sequentially(const double *terms, long n, double *sums, long lanes);

#endif
