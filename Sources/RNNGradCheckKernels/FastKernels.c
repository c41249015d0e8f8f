// The gradient's kernels (see include/RNNGradCheckKernels.h): a matrix product with fused
// multiply-adds, and e^x and tanh x eight (AVX-512) or four (AVX2) at a time. Nothing here has to
// reproduce the plain computation's bits; tests hold the results to rounding of the portable code.
#include "RNNGradCheckKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define RGC_INLINE static inline __attribute__((always_inline))

// The depth of one pass over B: a slice of B of at most this many bytes stays in the L2 cache while
// every block of rows uses it.
static long depthChunk(long lanes) {
    long chunk = (192 * 1024) / (8 * (lanes > 0 ? lanes : 1));
    return chunk < 16 ? 16 : chunk;
}

// ---- AVX-512F ----

// R rows (1 … 4) against NV vectors of 8 lanes (1 … 4), the last one masked.
__attribute__((target("avx512f"))) RGC_INLINE
void gemmBlock512(int R, int NV, long depth, const double *A, long rs, long cs, const double *B, long ldb,
                  double *C, long ldc, int accumulate, __mmask8 last) {
    __m512d c[4][4];
    for (int r = 0; r < R; r++)
        for (int v = 0; v < NV; v++) {
            __mmask8 m = v == NV - 1 ? last : 0xFF;
            c[r][v] = accumulate ? _mm512_maskz_loadu_pd(m, C + r * ldc + 8 * v) : _mm512_setzero_pd();
        }
    for (long j = 0; j < depth; j++) {
        const double *b = B + j * ldb;
        __m512d bv[4];
        for (int v = 0; v < NV; v++) bv[v] = v == NV - 1 ? _mm512_maskz_loadu_pd(last, b + 8 * v) : _mm512_loadu_pd(b + 8 * v);
        for (int r = 0; r < R; r++) {
            __m512d x = _mm512_set1_pd(A[r * rs + j * cs]);
            for (int v = 0; v < NV; v++) c[r][v] = _mm512_fmadd_pd(x, bv[v], c[r][v]);
        }
    }
    for (int r = 0; r < R; r++)
        for (int v = 0; v < NV; v++) _mm512_mask_storeu_pd(C + r * ldc + 8 * v, v == NV - 1 ? last : 0xFF, c[r][v]);
}

#define RGC_BLOCKS512(R)                                                                               \
    switch (nv) {                                                                                      \
    case 4: gemmBlock512(R, 4, d, a, rs, cs, b, ldb, c, ldc, acc, last); break;                       \
    case 3: gemmBlock512(R, 3, d, a, rs, cs, b, ldb, c, ldc, acc, last); break;                       \
    case 2: gemmBlock512(R, 2, d, a, rs, cs, b, ldb, c, ldc, acc, last); break;                       \
    default: gemmBlock512(R, 1, d, a, rs, cs, b, ldb, c, ldc, acc, last); break;                      \
    }

__attribute__((target("avx512f")))
static void gemm512(long rows, long depth, long lanes, const double *A, long rs, long cs, const double *B, long ldb,
                    double *C, long ldc, int accumulate) {
    long chunk = depthChunk(lanes < 32 ? lanes : 32);
    for (long d0 = 0; d0 < depth; d0 += chunk) {
        long d = depth - d0 < chunk ? depth - d0 : chunk;
        int acc = accumulate || d0 > 0;
        // The lanes in blocks of up to four vectors, as even as possible (100 lanes: 4 + 3 + 3 + 3
        // vectors, not 4 + 4 + 4 + one vector holding 4 lanes).
        long vectors = (lanes + 7) / 8, blocks = (vectors + 3) / 4;
        for (long i = 0; i < rows; i += 4) {
            long r = rows - i < 4 ? rows - i : 4;
            long q = 0;
            for (long block = 0; block < blocks; block++) {
                long nvBlock = vectors / blocks + (block < vectors % blocks ? 1 : 0);
                long width = lanes - q < 8 * nvBlock ? lanes - q : 8 * nvBlock;
                int nv = (int)((width + 7) / 8);
                __mmask8 last = (width % 8) == 0 ? 0xFF : (__mmask8)((1u << (width % 8)) - 1);
                const double *a = A + i * rs + d0 * cs, *b = B + d0 * ldb + q;
                double *c = C + i * ldc + q;
                if (r == 4) {
                    RGC_BLOCKS512(4)
                } else if (r == 3) {
                    RGC_BLOCKS512(3)
                } else if (r == 2) {
                    RGC_BLOCKS512(2)
                } else {
                    RGC_BLOCKS512(1)
                }
                q += width;
            }
        }
    }
}

// e^x: n = round(x/ln 2), r = x − n·ln 2 in two parts (fdlibm's split), e^r by its Taylor series to
// r^13/13! (|r| ≤ ln 2 / 2: truncation below 4e-18 relative), then scaled by 2^n (scalef handles
// overflow and subnormal results).
__attribute__((target("avx512f"))) RGC_INLINE
__m512d exp512(__m512d x) {
    __m512d clamped = _mm512_min_pd(_mm512_max_pd(x, _mm512_set1_pd(-746.0)), _mm512_set1_pd(710.0));
    __m512d n = _mm512_roundscale_pd(_mm512_mul_pd(clamped, _mm512_set1_pd(1.4426950408889634)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512d r = _mm512_fnmadd_pd(n, _mm512_set1_pd(6.93147180369123816490e-01), clamped);
    r = _mm512_fnmadd_pd(n, _mm512_set1_pd(1.90821492927058770002e-10), r);
    __m512d p = _mm512_set1_pd(1.0 / 6227020800.0);
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 479001600.0));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 39916800.0));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 3628800.0));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 362880.0));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 40320.0));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 5040.0));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 720.0));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 120.0));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 24.0));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 6.0));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(0.5));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0));
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0));
    __m512d result = _mm512_scalef_pd(p, n);
    // NaN in, NaN out.
    __mmask8 nan = _mm512_cmp_pd_mask(x, x, _CMP_UNORD_Q);
    return _mm512_mask_blend_pd(nan, result, x);
}

// tanh x: for |x| < 0.625 the rational approximation of Cephes (tanh.c), x + x·z·P(z)/Q(z) with
// z = x²; above, 1 − 2/(e^{2|x|} + 1); the sign of x put back.
__attribute__((target("avx512f"))) RGC_INLINE
__m512d tanh512(__m512d x) {
    __m512i sign = _mm512_set1_epi64((long long)0x8000000000000000ULL);
    __m512d a = _mm512_abs_pd(x);
    __m512d z = _mm512_mul_pd(a, a);
    __m512d p = _mm512_fmadd_pd(_mm512_set1_pd(-9.64399179425052238628e-1), z, _mm512_set1_pd(-9.92877231001918586564e1));
    p = _mm512_fmadd_pd(p, z, _mm512_set1_pd(-1.61468768441708447952e3));
    __m512d q = _mm512_add_pd(z, _mm512_set1_pd(1.12811678491632931402e2));
    q = _mm512_fmadd_pd(q, z, _mm512_set1_pd(2.23548839060100448583e3));
    q = _mm512_fmadd_pd(q, z, _mm512_set1_pd(4.84406305325125486048e3));
    __m512d small = _mm512_fmadd_pd(_mm512_mul_pd(a, z), _mm512_div_pd(p, q), a);
    __m512d e = exp512(_mm512_add_pd(a, a));
    __m512d large = _mm512_sub_pd(_mm512_set1_pd(1.0), _mm512_div_pd(_mm512_set1_pd(2.0), _mm512_add_pd(e, _mm512_set1_pd(1.0))));
    __mmask8 isSmall = _mm512_cmp_pd_mask(a, _mm512_set1_pd(0.625), _CMP_LT_OQ);
    __m512d t = _mm512_mask_blend_pd(isSmall, large, small);
    return _mm512_castsi512_pd(_mm512_or_si512(_mm512_castpd_si512(t), _mm512_and_si512(_mm512_castpd_si512(x), sign)));
}

__attribute__((target("avx512f")))
static void map512(const double *x, double *y, long n, int tanh) {
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m512d v = _mm512_loadu_pd(x + i);
        _mm512_storeu_pd(y + i, tanh ? tanh512(v) : exp512(v));
    }
    if (i < n) {
        __mmask8 m = (__mmask8)((1u << (n - i)) - 1);
        __m512d v = _mm512_maskz_loadu_pd(m, x + i);
        _mm512_mask_storeu_pd(y + i, m, tanh ? tanh512(v) : exp512(v));
    }
}

__attribute__((target("avx512f")))
static void expColumns512(double *z, long rows, long lanes, const double *shift, double *sums) {
    for (long q = 0; q < lanes; q += 8) {
        __mmask8 m = lanes - q >= 8 ? 0xFF : (__mmask8)((1u << (lanes - q)) - 1);
        __m512d s = _mm512_maskz_loadu_pd(m, shift + q), total = _mm512_setzero_pd();
        for (long k = 0; k < rows; k++) {
            double *row = z + k * lanes + q;
            __m512d e = exp512(_mm512_sub_pd(_mm512_maskz_loadu_pd(m, row), s));
            _mm512_mask_storeu_pd(row, m, e);
            total = _mm512_add_pd(total, _mm512_maskz_mov_pd(m, e));
        }
        _mm512_mask_storeu_pd(sums + q, m, _mm512_add_pd(_mm512_maskz_loadu_pd(m, sums + q), total));
    }
}

// ---- AVX2 with FMA ----

__attribute__((target("avx2,fma"))) RGC_INLINE
void gemmBlock256(int R, int NV, long depth, const double *A, long rs, long cs, const double *B, long ldb,
                  double *C, long ldc, int accumulate, __m256i last) {
    __m256d c[4][4];
    __m256i all = _mm256_set1_epi64x(-1);
    for (int r = 0; r < R; r++)
        for (int v = 0; v < NV; v++)
            c[r][v] = accumulate ? _mm256_maskload_pd(C + r * ldc + 4 * v, v == NV - 1 ? last : all) : _mm256_setzero_pd();
    for (long j = 0; j < depth; j++) {
        const double *b = B + j * ldb;
        __m256d bv[4];
        for (int v = 0; v < NV; v++) bv[v] = _mm256_maskload_pd(b + 4 * v, v == NV - 1 ? last : all);
        for (int r = 0; r < R; r++) {
            __m256d x = _mm256_set1_pd(A[r * rs + j * cs]);
            for (int v = 0; v < NV; v++) c[r][v] = _mm256_fmadd_pd(x, bv[v], c[r][v]);
        }
    }
    for (int r = 0; r < R; r++)
        for (int v = 0; v < NV; v++) _mm256_maskstore_pd(C + r * ldc + 4 * v, v == NV - 1 ? last : all, c[r][v]);
}

#define RGC_BLOCKS256(R)                                                                               \
    switch (nv) {                                                                                      \
    case 3: gemmBlock256(R, 3, d, a, rs, cs, b, ldb, c, ldc, acc, last); break;                       \
    case 2: gemmBlock256(R, 2, d, a, rs, cs, b, ldb, c, ldc, acc, last); break;                       \
    default: gemmBlock256(R, 1, d, a, rs, cs, b, ldb, c, ldc, acc, last); break;                      \
    }

__attribute__((target("avx2,fma")))
static void gemm256(long rows, long depth, long lanes, const double *A, long rs, long cs, const double *B, long ldb,
                    double *C, long ldc, int accumulate) {
    long chunk = depthChunk(lanes < 12 ? lanes : 12);
    for (long d0 = 0; d0 < depth; d0 += chunk) {
        long d = depth - d0 < chunk ? depth - d0 : chunk;
        int acc = accumulate || d0 > 0;
        for (long i = 0; i < rows; i += 4) {
            long r = rows - i < 4 ? rows - i : 4;
            for (long q = 0; q < lanes; q += 12) {
                long width = lanes - q < 12 ? lanes - q : 12;
                int nv = (int)((width + 3) / 4);
                long tail = width % 4 == 0 ? 4 : width % 4;
                __m256i last = _mm256_set_epi64x(tail > 3 ? -1 : 0, tail > 2 ? -1 : 0, tail > 1 ? -1 : 0, -1);
                const double *a = A + i * rs + d0 * cs, *b = B + d0 * ldb + q;
                double *c = C + i * ldc + q;
                if (r == 4) {
                    RGC_BLOCKS256(4)
                } else if (r == 3) {
                    RGC_BLOCKS256(3)
                } else if (r == 2) {
                    RGC_BLOCKS256(2)
                } else {
                    RGC_BLOCKS256(1)
                }
            }
        }
    }
}

// p·2^n for integral n in [−1077, 1077], as p·2^(n/2)·2^(n − n/2) (each factor a normal number, so
// that overflow gives infinity and a subnormal result is rounded once more, by at most half its ulp).
__attribute__((target("avx2,fma"))) RGC_INLINE
__m256d scale256(__m256d p, __m256d n) {
    __m128i k = _mm256_cvtpd_epi32(n);
    __m128i k1 = _mm_srai_epi32(k, 1), k2 = _mm_sub_epi32(k, k1);
    __m256i bias = _mm256_set1_epi64x(1023);
    __m256d s1 = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(k1), bias), 52));
    __m256d s2 = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(k2), bias), 52));
    return _mm256_mul_pd(_mm256_mul_pd(p, s1), s2);
}

__attribute__((target("avx2,fma"))) RGC_INLINE
__m256d exp256(__m256d x) {
    __m256d clamped = _mm256_min_pd(_mm256_max_pd(x, _mm256_set1_pd(-746.0)), _mm256_set1_pd(710.0));
    __m256d n = _mm256_round_pd(_mm256_mul_pd(clamped, _mm256_set1_pd(1.4426950408889634)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256d r = _mm256_fnmadd_pd(n, _mm256_set1_pd(6.93147180369123816490e-01), clamped);
    r = _mm256_fnmadd_pd(n, _mm256_set1_pd(1.90821492927058770002e-10), r);
    __m256d p = _mm256_set1_pd(1.0 / 6227020800.0);
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(1.0 / 479001600.0));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(1.0 / 39916800.0));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(1.0 / 3628800.0));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(1.0 / 362880.0));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(1.0 / 40320.0));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(1.0 / 5040.0));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(1.0 / 720.0));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(1.0 / 120.0));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(1.0 / 24.0));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(1.0 / 6.0));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(0.5));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(1.0));
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(1.0));
    __m256d result = scale256(p, n);
    __m256d nan = _mm256_cmp_pd(x, x, _CMP_UNORD_Q);
    return _mm256_blendv_pd(result, x, nan);
}

__attribute__((target("avx2,fma"))) RGC_INLINE
__m256d tanh256(__m256d x) {
    __m256d sign = _mm256_set1_pd(-0.0);
    __m256d a = _mm256_andnot_pd(sign, x);
    __m256d z = _mm256_mul_pd(a, a);
    __m256d p = _mm256_fmadd_pd(_mm256_set1_pd(-9.64399179425052238628e-1), z, _mm256_set1_pd(-9.92877231001918586564e1));
    p = _mm256_fmadd_pd(p, z, _mm256_set1_pd(-1.61468768441708447952e3));
    __m256d q = _mm256_add_pd(z, _mm256_set1_pd(1.12811678491632931402e2));
    q = _mm256_fmadd_pd(q, z, _mm256_set1_pd(2.23548839060100448583e3));
    q = _mm256_fmadd_pd(q, z, _mm256_set1_pd(4.84406305325125486048e3));
    __m256d small = _mm256_fmadd_pd(_mm256_mul_pd(a, z), _mm256_div_pd(p, q), a);
    __m256d e = exp256(_mm256_add_pd(a, a));
    __m256d large = _mm256_sub_pd(_mm256_set1_pd(1.0), _mm256_div_pd(_mm256_set1_pd(2.0), _mm256_add_pd(e, _mm256_set1_pd(1.0))));
    __m256d isSmall = _mm256_cmp_pd(a, _mm256_set1_pd(0.625), _CMP_LT_OQ);
    __m256d t = _mm256_blendv_pd(large, small, isSmall);
    return _mm256_or_pd(t, _mm256_and_pd(x, sign));
}

__attribute__((target("avx2,fma")))
static void map256(const double *x, double *y, long n, int tanh) {
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d v = _mm256_loadu_pd(x + i);
        _mm256_storeu_pd(y + i, tanh ? tanh256(v) : exp256(v));
    }
    if (i < n) {
        double in[4] = {0, 0, 0, 0}, out[4];
        for (long k = i; k < n; k++) in[k - i] = x[k];
        __m256d v = _mm256_loadu_pd(in);
        _mm256_storeu_pd(out, tanh ? tanh256(v) : exp256(v));
        for (long k = i; k < n; k++) y[k] = out[k - i];
    }
}

#endif

int rgc_exp_columns(double *z, long rows, long lanes, const double *shift, double *sums) {
#if defined(__x86_64__)
    if (rgc_kernel_level() == 2) {
        expColumns512(z, rows, lanes, shift, sums);
        return 1;
    }
#endif
    (void)z; (void)rows; (void)lanes; (void)shift; (void)sums;
    return 0;
}

int rgc_gemm(long rows, long depth, long lanes, const double *A, long rowStride, long columnStride,
             const double *B, long ldb, double *C, long ldc, int accumulate) {
#if defined(__x86_64__)
    switch (rgc_kernel_level()) {
    case 2: gemm512(rows, depth, lanes, A, rowStride, columnStride, B, ldb, C, ldc, accumulate); return 1;
    case 1: gemm256(rows, depth, lanes, A, rowStride, columnStride, B, ldb, C, ldc, accumulate); return 1;
    default: break;
    }
#endif
    (void)rows; (void)depth; (void)lanes; (void)A; (void)rowStride; (void)columnStride;
    (void)B; (void)ldb; (void)C; (void)ldc; (void)accumulate;
    return 0;
}

int rgc_exp(const double *x, double *y, long n) {
#if defined(__x86_64__)
    switch (rgc_kernel_level()) {
    case 2: map512(x, y, n, 0); return 1;
    case 1: map256(x, y, n, 0); return 1;
    default: break;
    }
#endif
    (void)x; (void)y; (void)n;
    return 0;
}

int rgc_tanh(const double *x, double *y, long n) {
#if defined(__x86_64__)
    switch (rgc_kernel_level()) {
    case 2: map512(x, y, n, 1); return 1;
    case 1: map256(x, y, n, 1); return 1;
    default: break;
    }
#endif
    (void)x; (void)y; (void)n;
    return 0;
}
