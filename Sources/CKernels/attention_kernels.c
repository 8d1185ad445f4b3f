// The two inner products of blocked attention, for a block of queries against f32 key and value rows:
// scores of one key against many queries (the key is loaded once per four queries), and one query's
// output accumulated over a tile of value rows in registers (no load and store of the output per
// value row, as an axpy per row needed). Scalar, AVX2 and AVX-512 versions, chosen at run time.
#include "internal.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

static void qk_scalar(int hd, const float *k, const float *q, int nq, float scale, float *out, size_t out_stride) {
    for (int i = 0; i < nq; i++) {
        float s = 0;
        for (int d = 0; d < hd; d++) s += k[d] * q[(size_t)i * hd + d];
        out[(size_t)i * out_stride] = s * scale;
    }
}

static void pv_scalar(int hd, const float *v, const float *p, int nv, float *out) {
    for (int j = 0; j < nv; j++) {
        for (int d = 0; d < hd; d++) out[d] += p[j] * v[(size_t)j * hd + d];
    }
}

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)
#include "x86_simd.h"
#define KERNEL(name) name##_avx2
#define FALLBACK(name) name##_scalar
#define WIDTH 8
#define VEC __m256
#define ZERO() _mm256_setzero_ps()
#define LOAD(p) _mm256_loadu_ps(p)
#define STORE(p, v) _mm256_storeu_ps(p, v)
#define SET1(x) _mm256_set1_ps(x)
#define FMADD(a, b, c) _mm256_fmadd_ps(a, b, c)
#define REDUCE(v) hsum_f32x8(v)
#include "attention_kernels.inc"
#undef KERNEL
#undef FALLBACK
#undef WIDTH
#undef VEC
#undef ZERO
#undef LOAD
#undef STORE
#undef SET1
#undef FMADD
#undef REDUCE
#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c,avx512f"))), apply_to = function)
#define KERNEL(name) name##_avx512
#define FALLBACK(name) name##_avx2
#define WIDTH 16
#define VEC __m512
#define ZERO() _mm512_setzero_ps()
#define LOAD(p) _mm512_loadu_ps(p)
#define STORE(p, v) _mm512_storeu_ps(p, v)
#define SET1(x) _mm512_set1_ps(x)
#define FMADD(a, b, c) _mm512_fmadd_ps(a, b, c)
#define REDUCE(v) _mm512_reduce_add_ps(v)
#include "attention_kernels.inc"
#pragma clang attribute pop
#endif

qk_fn lumos_qk_kernel(void) {
#if defined(__x86_64__)
    if (lumos_cpu_has_vnni()) return qk_avx512;
    if (lumos_cpu_has_avx2()) return qk_avx2;
#endif
    return qk_scalar;
}

pv_fn lumos_pv_kernel(void) {
#if defined(__x86_64__)
    if (lumos_cpu_has_vnni()) return pv_avx512;
    if (lumos_cpu_has_avx2()) return pv_avx2;
#endif
    return pv_scalar;
}
