// Prefill GEMM for Q4_K and Q6_K weights on AVX-512: activations (Q8_K) repacked so one 512-bit register
// holds the same 32-value sub-block of two tokens; each weight row's sub-blocks are unpacked once per
// super-block and reused for four token pairs.
#include "internal.h"
#include "work_split.h"
#include <stdlib.h>
#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512dq,avx512vnni"))), apply_to = function)

#include "x86_simd.h"

// Per pair p and super-block s (index ps = p * nsb + s): 512 bytes of quants (sub-block j: token A's
// 32 then token B's 32), dx16 = [dA x8 | dB x8], dx8 = [dA x4 | dB x4], bs = [A's 8 sums of 32 | B's]
// (Q4_K) or [A's 16 bsums | B's] (Q6_K).
typedef struct {
    int type, nsb, n_pairs, n_tokens;
    const uint8_t *w; size_t w_row_bytes;
    const int8_t *qs; const float *dx16; const float *dx8; const int16_t *bs;
    float *out; size_t out_stride;
    int n_chunks, chunk_rows;
    work_split split;
} q4k_gemm;

#define PAIRS 4

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
        const float a = hsum_f32x8(_mm512_castps512_ps256(acc[p])) + m[0] + m[1] + m[2] + m[3];
        const float b = hsum_f32x8(_mm512_extractf32x8_ps(acc[p], 1)) + m[4] + m[5] + m[6] + m[7];
        g->out[(size_t)t * g->out_stride + r] = a;
        if (t + 1 < g->n_tokens) g->out[(size_t)(t + 1) * g->out_stride + r] = b;
    }
}

static void q6k_row(const q4k_gemm *g, int r, int p0, int np) {
    const block_q6_K *w = (const block_q6_K *)(g->w + (size_t)r * g->w_row_bytes);
    __m512 acc[PAIRS];
    for (int p = 0; p < PAIRS; p++) acc[p] = _mm512_setzero_ps();
    const __m256i m4 = _mm256_set1_epi8(0xF), m2 = _mm256_set1_epi8(3);
    for (int s = 0; s < g->nsb; s++) {
        const float d = _cvtsh_ss(w[s].d);
        const int8_t *sc = w[s].scales;
        __m512i q[8], scale[8];
        for (int h = 0; h < 2; h++) {
            const __m256i b1 = _mm256_loadu_si256((const __m256i *)(w[s].ql + 64 * h));
            const __m256i b2 = _mm256_loadu_si256((const __m256i *)(w[s].ql + 64 * h + 32));
            const __m256i bh = _mm256_loadu_si256((const __m256i *)(w[s].qh + 32 * h));
            __m256i v[4];
            v[0] = _mm256_or_si256(_mm256_and_si256(b1, m4), _mm256_slli_epi16(_mm256_and_si256(bh, m2), 4));
            v[1] = _mm256_or_si256(_mm256_and_si256(b2, m4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(bh, 2), m2), 4));
            v[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(b1, 4), m4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(bh, 4), m2), 4));
            v[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(b2, 4), m4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(bh, 6), m2), 4));
            for (int k = 0; k < 4; k++) {
                const int j = 4 * h + k;
                q[j] = _mm512_inserti64x4(_mm512_castsi256_si512(v[k]), v[k], 1);
                const __m256i s2 = _mm256_set_m128i(_mm_set1_epi16(sc[2 * j + 1]), _mm_set1_epi16(sc[2 * j]));
                scale[j] = _mm512_inserti64x4(_mm512_castsi256_si512(s2), s2, 1);
            }
        }
        const __m256i sc16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)sc));
        const __m512i sc32 = _mm512_inserti64x4(_mm512_castsi256_si512(sc16), sc16, 1);
        for (int p = 0; p < PAIRS; p++) {
            if (p >= np) break;
            const size_t ps = (size_t)(p0 + p) * g->nsb + s;
            const int8_t *x = g->qs + ps * 512;
            __m512i isum = _mm512_setzero_si512();
            for (int j = 0; j < 8; j++) {
                const __m512i prod = _mm512_maddubs_epi16(q[j], _mm512_loadu_si512(x + 64 * j));
                isum = _mm512_add_epi32(isum, _mm512_madd_epi16(scale[j], prod));
            }
            // The stored quants are q + 32: remove 32 * sum(scale * bsum) per token.
            const __m512i corr = _mm512_madd_epi16(sc32, _mm512_loadu_si512(g->bs + ps * 32));
            isum = _mm512_sub_epi32(isum, _mm512_slli_epi32(corr, 5));
            acc[p] = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_set1_ps(d), _mm512_loadu_ps(g->dx16 + ps * 16)), _mm512_cvtepi32_ps(isum), acc[p]);
        }
    }
    for (int p = 0; p < np; p++) {
        const int t = 2 * (p0 + p);
        g->out[(size_t)t * g->out_stride + r] = hsum_f32x8(_mm512_castps512_ps256(acc[p]));
        if (t + 1 < g->n_tokens) g->out[(size_t)(t + 1) * g->out_stride + r] = hsum_f32x8(_mm512_extractf32x8_ps(acc[p], 1));
    }
}

static void q4k_worker(void *ctx, int ith, int nth) {
    q4k_gemm *g = ctx;
    for (int c = work_split_claim(&g->split, ith); c >= 0; c = work_split_claim(&g->split, ith)) {
        const int r0 = c * g->chunk_rows;
        for (int p0 = 0; p0 < g->n_pairs; p0 += PAIRS) {
            const int np = g->n_pairs - p0 < PAIRS ? g->n_pairs - p0 : PAIRS;
            for (int r = r0; r < r0 + g->chunk_rows; r++) {
                if (g->type == LK_Q4_K) q4k_row(g, r, p0, np); else q6k_row(g, r, p0, np);
            }
        }
    }
    (void)nth;
}

int lumos_gemm_k_vnni(lumos_pool *pool, const lumos_matmul_desc *d) {
    if ((d->type != LK_Q4_K && d->type != LK_Q6_K) || d->n_tokens < 4 || d->n_rows % 16 != 0) return 0;
    const int q6 = d->type == LK_Q6_K;
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
        bs = aligned_alloc(64, need * 64);
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
                    if (!q6) bs[ps * 16 + 8 * half + j] = x ? (int16_t)(x->bsums[2 * j] + x->bsums[2 * j + 1]) : 0;
                }
                if (q6) for (int k = 0; k < 16; k++) bs[ps * 32 + 16 * half + k] = x ? x->bsums[k] : 0;
                const float v = x ? x->d : 0.0f;
                for (int k = 0; k < 8; k++) dx16[ps * 16 + 8 * half + k] = v;
                for (int k = 0; k < 4; k++) dx8[ps * 8 + 4 * half + k] = v;
            }
        }
    }
    q4k_gemm g = {d->type, nsb, n_pairs, d->n_tokens, d->w, d->w_row_bytes, qs, dx16, dx8, bs, d->out, d->out_stride,
                  d->n_rows / 16, 16};
    work_split_init(&g.split, g.n_chunks, lumos_pool_size(pool));
    lumos_pool_run(pool, q4k_worker, &g);
    return 1;
}

#pragma clang attribute pop
#endif
