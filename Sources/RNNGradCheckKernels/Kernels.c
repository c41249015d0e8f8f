// See include/RNNGradCheckKernels.h.
#pragma STDC FP_CONTRACT OFF
#include "RNNGradCheckKernels.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

static int detect(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!osxsave || !avx) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0x6) != 0x6) return 0;  // XMM and YMM state saved by the OS
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    int avx2 = (b >> 5) & 1, avx512f = (b >> 16) & 1;
    if (avx512f && (lo & 0xE6) == 0xE6) return 2;  // and the opmask and ZMM state
    return avx2 ? 1 : 0;
}
#else
static int detect(void) { return 0; }
#endif

static int supported = -1;
static int chosen = -1;

int rgc_supported_kernel_level(void) {
    int level = __atomic_load_n(&supported, __ATOMIC_RELAXED);
    if (level < 0) {
        level = detect();
        __atomic_store_n(&supported, level, __ATOMIC_RELAXED);
    }
    return level;
}

int rgc_kernel_level(void) {
    int level = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (level < 0) {
        level = rgc_supported_kernel_level();
        __atomic_store_n(&chosen, level, __ATOMIC_RELAXED);
    }
    return level;
}

int rgc_set_kernel_level(int level) {
    int most = rgc_supported_kernel_level();
    if (level < 0 || level > most) level = most;
    __atomic_store_n(&chosen, level, __ATOMIC_RELAXED);
    return level;
}

#if defined(__x86_64__)

// ---- AVX-512F: 8 doubles per register ----

// Rows i … i + 3 against lanes q … q + 31: 16 accumulators, each broadcast used four times.
__attribute__((target("avx512f")))
static void products512by32(const double *A, long rows, long n, const double *B, long lanes, long lanes32, double *C, int acc) {
    for (long i = 0; i + 4 <= rows; i += 4) {
        const double *a0 = A + i * n, *a1 = a0 + n, *a2 = a1 + n, *a3 = a2 + n;
        for (long q = 0; q < lanes32; q += 32) {
            __m512d c[4][4];
            for (int r = 0; r < 4; r++)
                for (int s = 0; s < 4; s++) c[r][s] = acc ? _mm512_loadu_pd(C + (i + r) * lanes + q + 8 * s) : _mm512_setzero_pd();
            const double *b = B + q;
            for (long j = 0; j < n; j++, b += lanes) {
                __m512d b0 = _mm512_loadu_pd(b), b1 = _mm512_loadu_pd(b + 8), b2 = _mm512_loadu_pd(b + 16), b3 = _mm512_loadu_pd(b + 24);
                __m512d x;
#define RGC_ROW(r, a)                                       \
    x = _mm512_set1_pd(a[j]);                               \
    c[r][0] = _mm512_add_pd(c[r][0], _mm512_mul_pd(x, b0)); \
    c[r][1] = _mm512_add_pd(c[r][1], _mm512_mul_pd(x, b1)); \
    c[r][2] = _mm512_add_pd(c[r][2], _mm512_mul_pd(x, b2)); \
    c[r][3] = _mm512_add_pd(c[r][3], _mm512_mul_pd(x, b3));
                RGC_ROW(0, a0) RGC_ROW(1, a1) RGC_ROW(2, a2) RGC_ROW(3, a3)
#undef RGC_ROW
            }
            for (int r = 0; r < 4; r++)
                for (int s = 0; s < 4; s++) _mm512_storeu_pd(C + (i + r) * lanes + q + 8 * s, c[r][s]);
        }
    }
}

// Rows i … i + 3 against lanes q … q + 7, for the lanes from `first` on.
__attribute__((target("avx512f")))
static void products512by8(const double *A, long rows, long n, const double *B, long lanes, long first, double *C, int acc) {
    for (long i = 0; i + 4 <= rows; i += 4) {
        const double *a0 = A + i * n, *a1 = a0 + n, *a2 = a1 + n, *a3 = a2 + n;
        for (long q = first; q < lanes; q += 8) {
            double *c = C + i * lanes + q;
            __m512d c0 = acc ? _mm512_loadu_pd(c) : _mm512_setzero_pd(), c1 = acc ? _mm512_loadu_pd(c + lanes) : _mm512_setzero_pd();
            __m512d c2 = acc ? _mm512_loadu_pd(c + 2 * lanes) : _mm512_setzero_pd(), c3 = acc ? _mm512_loadu_pd(c + 3 * lanes) : _mm512_setzero_pd();
            const double *b = B + q;
            for (long j = 0; j < n; j++, b += lanes) {
                __m512d b0 = _mm512_loadu_pd(b);
                c0 = _mm512_add_pd(c0, _mm512_mul_pd(_mm512_set1_pd(a0[j]), b0));
                c1 = _mm512_add_pd(c1, _mm512_mul_pd(_mm512_set1_pd(a1[j]), b0));
                c2 = _mm512_add_pd(c2, _mm512_mul_pd(_mm512_set1_pd(a2[j]), b0));
                c3 = _mm512_add_pd(c3, _mm512_mul_pd(_mm512_set1_pd(a3[j]), b0));
            }
            _mm512_storeu_pd(c, c0); _mm512_storeu_pd(c + lanes, c1);
            _mm512_storeu_pd(c + 2 * lanes, c2); _mm512_storeu_pd(c + 3 * lanes, c3);
        }
    }
}

__attribute__((target("avx512f")))
static void products512(const double *A, long rows, long n, const double *B, long lanes, double *C, int acc) {
    long lanes32 = lanes / 32 * 32, rows4 = rows / 4 * 4;
    if (lanes32 > 0) products512by32(A, rows4, n, B, lanes, lanes32, C, acc);
    if (lanes32 < lanes) products512by8(A, rows4, n, B, lanes, lanes32, C, acc);
    for (long i = rows4; i < rows; i++) {
        const double *a0 = A + i * n;
        for (long q = 0; q < lanes; q += 8) {
            __m512d c0 = acc ? _mm512_loadu_pd(C + i * lanes + q) : _mm512_setzero_pd();
            const double *b = B + q;
            for (long j = 0; j < n; j++, b += lanes) c0 = _mm512_add_pd(c0, _mm512_mul_pd(_mm512_set1_pd(a0[j]), _mm512_loadu_pd(b)));
            _mm512_storeu_pd(C + i * lanes + q, c0);
        }
    }
}

__attribute__((target("avx512f")))
static void add512(const double *terms, long n, double *sums, long lanes) {
    long q = 0;
    for (; q + 64 <= lanes; q += 64) {
        double *s = sums + q;
        __m512d s0 = _mm512_loadu_pd(s), s1 = _mm512_loadu_pd(s + 8), s2 = _mm512_loadu_pd(s + 16), s3 = _mm512_loadu_pd(s + 24);
        __m512d s4 = _mm512_loadu_pd(s + 32), s5 = _mm512_loadu_pd(s + 40), s6 = _mm512_loadu_pd(s + 48), s7 = _mm512_loadu_pd(s + 56);
        for (long k = 0; k < n; k++) {
            __m512d t = _mm512_set1_pd(terms[k]);
            s0 = _mm512_add_pd(s0, t); s1 = _mm512_add_pd(s1, t); s2 = _mm512_add_pd(s2, t); s3 = _mm512_add_pd(s3, t);
            s4 = _mm512_add_pd(s4, t); s5 = _mm512_add_pd(s5, t); s6 = _mm512_add_pd(s6, t); s7 = _mm512_add_pd(s7, t);
        }
        _mm512_storeu_pd(s, s0); _mm512_storeu_pd(s + 8, s1); _mm512_storeu_pd(s + 16, s2); _mm512_storeu_pd(s + 24, s3);
        _mm512_storeu_pd(s + 32, s4); _mm512_storeu_pd(s + 40, s5); _mm512_storeu_pd(s + 48, s6); _mm512_storeu_pd(s + 56, s7);
    }
    for (; q + 16 <= lanes; q += 16) {
        double *s = sums + q;
        __m512d s0 = _mm512_loadu_pd(s), s1 = _mm512_loadu_pd(s + 8);
        for (long k = 0; k < n; k++) {
            __m512d t = _mm512_set1_pd(terms[k]);
            s0 = _mm512_add_pd(s0, t); s1 = _mm512_add_pd(s1, t);
        }
        _mm512_storeu_pd(s, s0); _mm512_storeu_pd(s + 8, s1);
    }
    for (; q < lanes; q += 8) {
        __m512d s0 = _mm512_loadu_pd(sums + q);
        for (long k = 0; k < n; k++) s0 = _mm512_add_pd(s0, _mm512_set1_pd(terms[k]));
        _mm512_storeu_pd(sums + q, s0);
    }
}

// ---- AVX2: 4 doubles per register ----

__attribute__((target("avx2")))
static void products256(const double *A, long rows, long n, const double *B, long lanes, double *C, int acc) {
    long i = 0;
    for (; i + 4 <= rows; i += 4) {
        const double *a0 = A + i * n, *a1 = a0 + n, *a2 = a1 + n, *a3 = a2 + n;
        for (long q = 0; q < lanes; q += 8) {
            double *c = C + i * lanes + q;
#define RGC_START(p) (acc ? _mm256_loadu_pd(p) : _mm256_setzero_pd())
            __m256d c00 = RGC_START(c), c01 = RGC_START(c + 4), c10 = RGC_START(c + lanes), c11 = RGC_START(c + lanes + 4);
            __m256d c20 = RGC_START(c + 2 * lanes), c21 = RGC_START(c + 2 * lanes + 4), c30 = RGC_START(c + 3 * lanes), c31 = RGC_START(c + 3 * lanes + 4);
#undef RGC_START
            const double *b = B + q;
            for (long j = 0; j < n; j++, b += lanes) {
                __m256d b0 = _mm256_loadu_pd(b), b1 = _mm256_loadu_pd(b + 4);
                __m256d x0 = _mm256_set1_pd(a0[j]), x1 = _mm256_set1_pd(a1[j]);
                __m256d x2 = _mm256_set1_pd(a2[j]), x3 = _mm256_set1_pd(a3[j]);
                c00 = _mm256_add_pd(c00, _mm256_mul_pd(x0, b0));
                c01 = _mm256_add_pd(c01, _mm256_mul_pd(x0, b1));
                c10 = _mm256_add_pd(c10, _mm256_mul_pd(x1, b0));
                c11 = _mm256_add_pd(c11, _mm256_mul_pd(x1, b1));
                c20 = _mm256_add_pd(c20, _mm256_mul_pd(x2, b0));
                c21 = _mm256_add_pd(c21, _mm256_mul_pd(x2, b1));
                c30 = _mm256_add_pd(c30, _mm256_mul_pd(x3, b0));
                c31 = _mm256_add_pd(c31, _mm256_mul_pd(x3, b1));
            }
            _mm256_storeu_pd(c, c00); _mm256_storeu_pd(c + 4, c01); c += lanes;
            _mm256_storeu_pd(c, c10); _mm256_storeu_pd(c + 4, c11); c += lanes;
            _mm256_storeu_pd(c, c20); _mm256_storeu_pd(c + 4, c21); c += lanes;
            _mm256_storeu_pd(c, c30); _mm256_storeu_pd(c + 4, c31);
        }
    }
    for (; i < rows; i++) {
        const double *a0 = A + i * n;
        for (long q = 0; q < lanes; q += 8) {
            __m256d c0 = acc ? _mm256_loadu_pd(C + i * lanes + q) : _mm256_setzero_pd();
            __m256d c1 = acc ? _mm256_loadu_pd(C + i * lanes + q + 4) : _mm256_setzero_pd();
            const double *b = B + q;
            for (long j = 0; j < n; j++, b += lanes) {
                __m256d x = _mm256_set1_pd(a0[j]);
                c0 = _mm256_add_pd(c0, _mm256_mul_pd(x, _mm256_loadu_pd(b)));
                c1 = _mm256_add_pd(c1, _mm256_mul_pd(x, _mm256_loadu_pd(b + 4)));
            }
            _mm256_storeu_pd(C + i * lanes + q, c0);
            _mm256_storeu_pd(C + i * lanes + q + 4, c1);
        }
    }
}

__attribute__((target("avx2")))
static void add256(const double *terms, long n, double *sums, long lanes) {
    long q = 0;
    for (; q + 32 <= lanes; q += 32) {
        double *s = sums + q;
        __m256d s0 = _mm256_loadu_pd(s), s1 = _mm256_loadu_pd(s + 4), s2 = _mm256_loadu_pd(s + 8), s3 = _mm256_loadu_pd(s + 12);
        __m256d s4 = _mm256_loadu_pd(s + 16), s5 = _mm256_loadu_pd(s + 20), s6 = _mm256_loadu_pd(s + 24), s7 = _mm256_loadu_pd(s + 28);
        for (long k = 0; k < n; k++) {
            __m256d t = _mm256_set1_pd(terms[k]);
            s0 = _mm256_add_pd(s0, t); s1 = _mm256_add_pd(s1, t); s2 = _mm256_add_pd(s2, t); s3 = _mm256_add_pd(s3, t);
            s4 = _mm256_add_pd(s4, t); s5 = _mm256_add_pd(s5, t); s6 = _mm256_add_pd(s6, t); s7 = _mm256_add_pd(s7, t);
        }
        _mm256_storeu_pd(s, s0); _mm256_storeu_pd(s + 4, s1); _mm256_storeu_pd(s + 8, s2); _mm256_storeu_pd(s + 12, s3);
        _mm256_storeu_pd(s + 16, s4); _mm256_storeu_pd(s + 20, s5); _mm256_storeu_pd(s + 24, s6); _mm256_storeu_pd(s + 28, s7);
    }
    for (; q < lanes; q += 8) {
        __m256d s0 = _mm256_loadu_pd(sums + q), s1 = _mm256_loadu_pd(sums + q + 4);
        for (long k = 0; k < n; k++) {
            __m256d t = _mm256_set1_pd(terms[k]);
            s0 = _mm256_add_pd(s0, t); s1 = _mm256_add_pd(s1, t);
        }
        _mm256_storeu_pd(sums + q, s0); _mm256_storeu_pd(sums + q + 4, s1);
    }
}

#endif

int rgc_sequential_products(const double *A, long rows, long n, const double *B, long lanes, double *C, int accumulate) {
#if defined(__x86_64__)
    switch (rgc_kernel_level()) {
    case 2: products512(A, rows, n, B, lanes, C, accumulate); return 1;
    case 1: products256(A, rows, n, B, lanes, C, accumulate); return 1;
    default: break;
    }
#endif
    (void)A; (void)rows; (void)n; (void)B; (void)lanes; (void)C; (void)accumulate;
    return 0;
}

int rgc_add_sequentially(const double *terms, long n, double *sums, long lanes) {
#if defined(__x86_64__)
    switch (rgc_kernel_level()) {
    case 2: add512(terms, n, sums, lanes); return 1;
    case 1: add256(terms, n, sums, lanes); return 1;
    default: break;
    }
#endif
    (void)terms; (void)n; (void)sums; (void)lanes;
    return 0;
}
