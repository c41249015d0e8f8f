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

/// C[i·lanes + q] = Σ_j A[i·n + j]·B[j·lanes + q], each sum from 0 (from C[i·lanes + q] with
/// accumulate ≠ 0) over j = 0 … n − 1 in order, multiply and add rounded separately. lanes must be a
/// multiple of 8. Returns 0 without touching C when the level is 0.
int rgc_sequential_products(const double *A, long rows, long n, const double *B, long lanes, double *C, int accumulate);

/// sums[q] = (…(sums[q] + terms[0]) + …) + terms[n − 1] for q in 0 … lanes − 1. lanes must be a multiple
/// of 8. Returns 0 without touching sums when the level is 0.
int rgc_add_sequentially(const double *terms, long n, double *sums, long lanes);

// Kernels of the gradient's fast path (the one-sweep BPTT), where the bits do not have to be the
// plain computation's: they may use fused multiply-adds and reorder nothing else. Tests compare their
// results with the portable code's to rounding.

/// C = A·B (accumulate = 0) or C += A·B (accumulate ≠ 0), with A[i, j] = A[i·rowStride + j·columnStride]
/// (rows × depth), B[j, q] = B[j·ldb + q] (depth × lanes), C[i, q] = C[i·ldc + q]. Any lanes. Returns 0
/// without touching C when the level is 0.
int rgc_gemm(long rows, long depth, long lanes, const double *A, long rowStride, long columnStride,
             const double *B, long ldb, double *C, long ldc, int accumulate);

/// y[i] = e^x[i] for i in 0 … n − 1, to within 2 ulp of the correctly rounded value (x may equal y).
/// Returns 0 without touching y when the level is 0.
int rgc_exp(const double *x, double *y, long n);

/// y[i] = tanh(x[i]), to within 2 ulp (x may equal y). Returns 0 when the level is 0.
int rgc_tanh(const double *x, double *y, long n);

/// For a rows × lanes block z (row stride lanes): z[k, q] = e^(z[k, q] − shift[q]) in place (as rgc_exp),
/// and sums[q] += Σ_k z[k, q]. Returns 0 without touching z when the level is 0.
int rgc_exp_columns(double *z, long rows, long lanes, const double *shift, double *sums);

#endif
