// Prefill GEMM for Q4_K weights on AVX-512: activations (Q8_K) repacked so one 512-bit register holds
// the same 32-value sub-block of two tokens; each weight row's sub-blocks are unpacked once per
// super-block and reused for four token pairs.
#include "internal.h"
#include <stdatomic.h>
#include <stdlib.h>
#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512dq,avx512vnni"))), apply_to = function)

// Per pair p and super-block s (index ps = p * nsb + s): 512 bytes of quants (sub-block j: token A's
// 32 then token B's 32), dx16 = [dA x8 | dB x8], dx8 = [dA x4 | dB x4], bs = [A's 8 sub-block sums | B's].
typedef struct {
    int nsb, n_pairs, n_tokens;
    const uint8_t *w; size_t w_row_bytes;
    const int8_t *qs; const float *dx16; const float *dx8; const int16_t *bs;
    float *out; size_t out_stride;
    int n_chunks, chunk_rows;
    _Atomic int next;
} q4k_gemm;

#define PAIRS 4

static inline float hsum_ps256(__m256 v) {
    __m128 r = _mm_add_ps(_mm256_extractf128_ps(v, 1), _mm256_castps256_ps128(v));
    r = _mm_add_ps(r, _mm_movehl_ps(r, r));
    r = _mm_add_ss(r, _mm_movehdup_ps(r));
    return _mm_cvtss_f32(r);
}

static void q4k_row(const q4k_gemm *g, int r, int p0, int np) {
    const block_q4_K *w = (const block_q4_K *)(g->w + (size_t)r * g->w_row_bytes);
    __m512 acc[PAIRS];
    __m256 mins_acc[PAIRS];
    for (int p = 0; p < PAIRS; p++) { acc[p] = _mm512_setzero_ps(); mins_acc[p] = _mm256_setzero_ps(); }
    const __m256i m4 = _mm256_set1_epi8(0xF);
    for (int s = 0; s < g->nsb; s++) {
        uint8_t sc[8], mn[8];
        for (int j = 0; j < 8; j++) get_scale_min_k4(j, w[s].scales, &sc[j], &mn[j]);
        const float d = _cvtsh_ss(w[s].d), dmin = _cvtsh_ss(w[s].dmin);
        __m512i q[8];
        for (int k = 0; k < 4; k++) {
            const __m256i bits = _mm256_loadu_si256((const __m256i *)(w[s].qs + 32 * k));
            const __m256i lo = _mm256_and_si256(bits, m4), hi = _mm256_and_si256(_mm256_srli_epi16(bits, 4), m4);
            q[2 * k] = _mm512_inserti64x4(_mm512_castsi256_si512(lo), lo, 1);
            q[2 * k + 1] = _mm512_inserti64x4(_mm512_castsi256_si512(hi), hi, 1);
        }
        const __m256i mins16 = _mm256_setr_epi16(mn[0], mn[1], mn[2], mn[3], mn[4], mn[5], mn[6], mn[7],
                                                 mn[0], mn[1], mn[2], mn[3], mn[4], mn[5], mn[6], mn[7]);
        for (int p = 0; p < PAIRS; p++) {
            if (p >= np) break;
            const size_t ps = (size_t)(p0 + p) * g->nsb + s;
            const int8_t *x = g->qs + ps * 512;
            __m512i isum = _mm512_setzero_si512();
            for (int j = 0; j < 8; j++) {
                const __m512i prod = _mm512_maddubs_epi16(q[j], _mm512_loadu_si512(x + 64 * j));
                isum = _mm512_add_epi32(isum, _mm512_madd_epi16(_mm512_set1_epi16(sc[j]), prod));
            }
            acc[p] = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_set1_ps(d), _mm512_loadu_ps(g->dx16 + ps * 16)), _mm512_cvtepi32_ps(isum), acc[p]);
            const __m256i mprod = _mm256_madd_epi16(mins16, _mm256_loadu_si256((const __m256i *)(g->bs + ps * 16)));
            mins_acc[p] = _mm256_fmadd_ps(_mm256_mul_ps(_mm256_set1_ps(-dmin), _mm256_loadu_ps(g->dx8 + ps * 8)),
                                          _mm256_cvtepi32_ps(mprod), mins_acc[p]);
        }
    }
    for (int p = 0; p < np; p++) {
        const int t = 2 * (p0 + p);
        float m[8];
        _mm256_storeu_ps(m, mins_acc[p]);
        const float a = hsum_ps256(_mm512_castps512_ps256(acc[p])) + m[0] + m[1] + m[2] + m[3];
        const float b = hsum_ps256(_mm512_extractf32x8_ps(acc[p], 1)) + m[4] + m[5] + m[6] + m[7];
        g->out[(size_t)t * g->out_stride + r] = a;
        if (t + 1 < g->n_tokens) g->out[(size_t)(t + 1) * g->out_stride + r] = b;
    }
}

static void q4k_worker(void *ctx, int ith, int nth) {
    q4k_gemm *g = ctx;
    for (int c = atomic_fetch_add(&g->next, 1); c < g->n_chunks; c = atomic_fetch_add(&g->next, 1)) {
        const int r0 = c * g->chunk_rows;
        for (int p0 = 0; p0 < g->n_pairs; p0 += PAIRS) {
            const int np = g->n_pairs - p0 < PAIRS ? g->n_pairs - p0 : PAIRS;
            for (int r = r0; r < r0 + g->chunk_rows; r++) q4k_row(g, r, p0, np);
        }
    }
    (void)ith; (void)nth;
}

int lumos_gemm_q4_K_vnni(lumos_pool *pool, const lumos_matmul_desc *d) {
    if (d->type != LUMOS_Q4_K || d->n_tokens < 4 || d->n_rows % 16 != 0) return 0;
    const int nsb = d->n_cols / QK_K;
    const int n_pairs = (d->n_tokens + 1) / 2;
    static _Thread_local int8_t *qs = 0;
    static _Thread_local float *dx16 = 0, *dx8 = 0;
    static _Thread_local int16_t *bs = 0;
    static _Thread_local size_t cap = 0;
    const size_t need = (size_t)n_pairs * nsb;
    if (need > cap) {
        free(qs); free(dx16); free(dx8); free(bs);
        qs = aligned_alloc(64, need * 512);
        dx16 = aligned_alloc(64, need * 64);
        dx8 = aligned_alloc(64, need * 32);
        bs = aligned_alloc(64, need * 32);
        cap = need;
    }
    for (int p = 0; p < n_pairs; p++) {
        for (int half = 0; half < 2; half++) {
            const int t = 2 * p + half;
            for (int s = 0; s < nsb; s++) {
                const size_t ps = (size_t)p * nsb + s;
                const block_q8_K *x = t < d->n_tokens ? (const block_q8_K *)((const char *)d->x + (size_t)t * d->x_row_bytes) + s : 0;
                for (int j = 0; j < 8; j++) {
                    int8_t *dst = qs + ps * 512 + 64 * j + 32 * half;
                    if (x) memcpy(dst, x->qs + 32 * j, 32); else memset(dst, 0, 32);
                    bs[ps * 16 + 8 * half + j] = x ? (int16_t)(x->bsums[2 * j] + x->bsums[2 * j + 1]) : 0;
                }
                const float v = x ? x->d : 0.0f;
                for (int k = 0; k < 8; k++) dx16[ps * 16 + 8 * half + k] = v;
                for (int k = 0; k < 4; k++) dx8[ps * 8 + 4 * half + k] = v;
            }
        }
    }
    q4k_gemm g = {nsb, n_pairs, d->n_tokens, d->w, d->w_row_bytes, qs, dx16, dx8, bs, d->out, d->out_stride,
                  d->n_rows / 16, 16};
    atomic_init(&g.next, 0);
    lumos_pool_run(pool, q4k_worker, &g);
    return 1;
}

#pragma clang attribute pop
#endif
