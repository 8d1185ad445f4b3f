// Decode GEMV for the weight types that pair with Q8_0 activations (Q8_0, Q4_0, Q5_0) on AVX-512 VNNI.
// Decoding reads every weight once per token, so these kernels must keep up with memory: two blocks
// per 512-bit register and the activation packed once per job. Q4_0 and Q5_0 weights are used as unsigned bytes (the stored code, before the -8 or
// -16 offset), so one dpbusd multiplies them with the signed activation; the offset comes back as a
// per-lane correction (-offset times the activation's 4-byte sums) that seeds the accumulator.
#include "internal.h"
#include <stdlib.h>
#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512dq,avx512vnni"))), apply_to = function)

int lumos_gemv_pack_vnni(const lumos_matmul_desc *d, gemv_act *a) {
    const int nb = d->n_cols / QK;
    if (d->n_tokens != 1 || nb % 2 != 0 || lumos_vec_dot_type(d->type) != LK_Q8_0 || !lumos_cpu_has_vnni()) return 0;
    const int pairs = nb / 2;
    // One buffer per calling thread, grown as needed: every decode matmul packs its activation.
    static _Thread_local uint8_t *buf = 0;
    static _Thread_local int cap = 0;
    if (pairs > cap) {
        free(buf);
        buf = aligned_alloc(64, (size_t)pairs * 256);
        if (!buf) { cap = 0; return 0; }
        cap = pairs;
    }
    int8_t *xq = (int8_t *)buf;
    float *dx = (float *)(buf + (size_t)pairs * 64);
    int32_t *corr8 = (int32_t *)(buf + (size_t)pairs * 128);
    int32_t *corr16 = (int32_t *)(buf + (size_t)pairs * 192);
    const block_q8_0 *x = d->x;
    for (int b = 0; b < nb; b++) {
        memcpy(xq + 32 * b, x[b].qs, 32);
        const float v = _cvtsh_ss(x[b].d);
        for (int k = 0; k < 8; k++) dx[8 * b + k] = v;
    }
    for (int j = 0; j < pairs; j++) {
        const __m512i sums = _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_set1_epi8(1), _mm512_load_si512(xq + 64 * j));
        _mm512_store_si512(corr8 + 16 * j, _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_slli_epi32(sums, 3)));
        _mm512_store_si512(corr16 + 16 * j, _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_slli_epi32(sums, 4)));
    }
    a->xq = xq;
    a->dx = dx;
    a->corr8 = corr8;
    a->corr16 = corr16;
    a->pairs = pairs;
    return 1;
}

int lumos_gemv_type_vnni(int type) { return type == LK_Q8_0 || type == LK_Q4_0 || type == LK_Q5_0; }

// The two block scales of a pair as 8 + 8 lanes.
static inline __m512 pair_scales(const uint8_t *b0, const uint8_t *b1) {
    uint16_t h0, h1;
    memcpy(&h0, b0, 2);
    memcpy(&h1, b1, 2);
    return _mm512_cvtph_ps(_mm256_set_m128i(_mm_set1_epi16((short)h1), _mm_set1_epi16((short)h0)));
}

// The 64 unsigned 4-bit codes of two blocks whose 16 packed bytes start at q0 and q1, in element order:
// the low nibbles are elements 0-15 of a block, the high nibbles 16-31.
static inline __m512i pair_nibbles(const uint8_t *q0, const uint8_t *q1) {
    const __m512i v = _mm512_inserti64x4(
        _mm512_castsi256_si512(_mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)q0))),
        _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)q1)), 1);
    return _mm512_and_si512(_mm512_mask_srli_epi16(v, 0xFF00FF00u, v, 4), _mm512_set1_epi8(0x0F));
}

// dot(row, x) for one row of `type`. Rows go one at a time, in memory order: interleaving several
// rows (to share the activation loads) defeats the hardware prefetcher and halves the bandwidth.
static inline __attribute__((always_inline)) float row_dot(int type, const uint8_t *w, const gemv_act *a) {
    __m512 acc = _mm512_setzero_ps();
    const int bb = type == LK_Q8_0 ? 34 : type == LK_Q5_0 ? 22 : 18;
    for (int j = 0; j < a->pairs; j++) {
        const uint8_t *b0 = w + (size_t)(2 * j) * bb, *b1 = b0 + bb;
        const __m512i x = _mm512_load_si512(a->xq + 64 * j);
        __m512i s;
        if (type == LK_Q8_0) {
            const __m512i q = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)(b0 + 2))),
                                                 _mm256_loadu_si256((const __m256i *)(b1 + 2)), 1);
            const __m512i sx = _mm512_mask_sub_epi8(x, _mm512_movepi8_mask(q), _mm512_setzero_si512(), x);
            s = _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_abs_epi8(q), sx);
        } else if (type == LK_Q5_0) {
            uint32_t h0, h1;
            memcpy(&h0, b0 + 2, 4);
            memcpy(&h1, b1 + 2, 4);
            const __m512i u = pair_nibbles(b0 + 6, b1 + 6);
            const __m512i u5 = _mm512_mask_add_epi8(u, _cvtu64_mask64((uint64_t)h0 | (uint64_t)h1 << 32), u, _mm512_set1_epi8(16));
            s = _mm512_dpbusd_epi32(_mm512_load_si512(a->corr16 + 16 * j), u5, x);
        } else {
            s = _mm512_dpbusd_epi32(_mm512_load_si512(a->corr8 + 16 * j), pair_nibbles(b0 + 2, b1 + 2), x);
        }
        acc = _mm512_fmadd_ps(_mm512_mul_ps(pair_scales(b0, b1), _mm512_load_ps(a->dx + 16 * j)), _mm512_cvtepi32_ps(s), acc);
    }
    return _mm512_reduce_add_ps(acc);
}

// Software prefetch this far ahead of the row being read: the hardware prefetchers stop at 4 KiB page
// edges, and the mapped file is in 4 KiB pages (a few per cent on the layer matrices).
#define PREFETCH_AHEAD 4096

#define ROWS_FOR(TYPE)                                                                          \
    static void rows_##TYPE(const uint8_t *w, size_t row_bytes, int n, const gemv_act *a, float *out) { \
        for (int r = 0; r < n; r++) {                                                           \
            const uint8_t *row = w + (size_t)r * row_bytes;                                     \
            for (size_t o = 0; o < row_bytes; o += 64) _mm_prefetch((const char *)row + PREFETCH_AHEAD + o, _MM_HINT_T0); \
            out[r] = row_dot(LK_##TYPE, row, a);                                             \
        }                                                                                       \
    }
ROWS_FOR(Q8_0)
ROWS_FOR(Q5_0)
ROWS_FOR(Q4_0)
#undef ROWS_FOR

void lumos_gemv_rows_vnni(int type, const void *w, size_t row_bytes, int r0, int r1, const gemv_act *a, float *out) {
    const uint8_t *base = (const uint8_t *)w + (size_t)r0 * row_bytes;
    switch (type) {
    case LK_Q8_0: rows_Q8_0(base, row_bytes, r1 - r0, a, out + r0); break;
    case LK_Q5_0: rows_Q5_0(base, row_bytes, r1 - r0, a, out + r0); break;
    case LK_Q4_0: rows_Q4_0(base, row_bytes, r1 - r0, a, out + r0); break;
    default: break;
    }
}

#pragma clang attribute pop
#endif
