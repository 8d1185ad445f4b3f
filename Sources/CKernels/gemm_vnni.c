// Prefill GEMM for the weight types that pair with Q8_0 activations (Q8_0, Q4_0, Q5_0) on AVX-512 VNNI.
// Activations are repacked so one 512-bit register holds the same block of two tokens; a 4-row ×
// 4-token-pair tile then costs four instructions per 64 multiply-adds for Q4_0/Q5_0 (dpbusd, convert,
// scale, accumulate; Q8_0 adds a mask-negate), against about nine per 32 in the one-row kernels.
#include "internal.h"
#include "work_split.h"
#include <stdlib.h>
#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512dq,avx512vnni"))), apply_to = function)

#include "x86_simd.h"

static inline __m256i g_nibbles(const uint8_t *rsi) {
    const __m128i tmp = _mm_loadu_si128((const __m128i *)rsi);
    return _mm256_and_si256(_mm256_set1_epi8(0x0F), _mm256_set_m128i(_mm_srli_epi16(tmp, 4), tmp));
}

// One weight block as 32 bytes, and its scale: signed values for Q8_0; for Q4_0 and Q5_0 the unsigned
// codes before their -8 / -16 offset, which the activation's correction term takes back.
static inline __m256i unpack_block(int type, const uint8_t *b, float *d) {
    *d = _cvtsh_ss(*(const uint16_t *)b);
    switch (type) {
    case LK_Q4_0: return g_nibbles(b + 2);
    case LK_Q5_0: {
        const __m256i q = g_nibbles(b + 6);
        uint32_t qh; memcpy(&qh, b + 2, 4);
        return _mm256_mask_add_epi8(q, (__mmask32)qh, q, _mm256_set1_epi8(16));
    }
    default: return _mm256_loadu_si256((const __m256i *)(b + 2));
    }
}

// Packed activations: for pair p and block b, 64 bytes of quants (token 2p, then 2p+1) at
// qs + (p * nb + b) * 64, 16 scales (8 copies of each token's d) at dx + (p * nb + b) * 16, and for
// Q4_0/Q5_0 the 16 lanes of -offset times each 4-byte sum of those quants at corr + (p * nb + b) * 16.
typedef struct {
    int type, nb, n_pairs;
    const uint8_t *w; size_t w_row_bytes; int block_bytes;
    const int8_t *qs; const float *dx; const int32_t *corr;
    float *out; size_t out_stride; int n_tokens;
} pair_gemm;

#define R 4
#define P 4

static inline __attribute__((always_inline)) void tile_of(int type, const pair_gemm *g, int r0, int p0, int np) {
    __m512 acc[R][P];
    for (int r = 0; r < R; r++) for (int p = 0; p < P; p++) acc[r][p] = _mm512_setzero_ps();
    const __m512i zero = _mm512_setzero_si512();
    for (int b = 0; b < g->nb; b++) {
        __m512i aw[R];
        __mmask64 neg[R];
        __m512 dw[R];
        for (int r = 0; r < R; r++) {
            float d;
            const __m256i q = unpack_block(type, g->w + (size_t)(r0 + r) * g->w_row_bytes + (size_t)b * g->block_bytes, &d);
            const __m512i qq = _mm512_inserti64x4(_mm512_castsi256_si512(q), q, 1);
            if (type == LK_Q8_0) {
                aw[r] = _mm512_abs_epi8(qq);
                neg[r] = _mm512_movepi8_mask(qq);
            } else {
                aw[r] = qq;
                neg[r] = 0;
            }
            dw[r] = _mm512_set1_ps(d);
        }
        for (int p = 0; p < P; p++) {
            if (p >= np) break;
            const size_t at = (size_t)(p0 + p) * g->nb + b;
            const __m512i x = _mm512_loadu_si512(g->qs + at * 64);
            const __m512 dx = _mm512_loadu_ps(g->dx + at * 16);
            const __m512i seed = type == LK_Q8_0 ? zero : _mm512_loadu_si512(g->corr + at * 16);
            for (int r = 0; r < R; r++) {
                const __m512i sx = type == LK_Q8_0 ? _mm512_mask_sub_epi8(x, neg[r], zero, x) : x;
                const __m512 s = _mm512_cvtepi32_ps(_mm512_dpbusd_epi32(seed, aw[r], sx));
                acc[r][p] = _mm512_fmadd_ps(_mm512_mul_ps(dw[r], dx), s, acc[r][p]);
            }
        }
    }
    for (int p = 0; p < np; p++) {
        const int t = 2 * (p0 + p);
        for (int r = 0; r < R; r++) {
            g->out[(size_t)t * g->out_stride + r0 + r] = hsum_f32x8(_mm512_castps512_ps256(acc[r][p]));
            if (t + 1 < g->n_tokens)
                g->out[(size_t)(t + 1) * g->out_stride + r0 + r] = hsum_f32x8(_mm512_extractf32x8_ps(acc[r][p], 1));
        }
    }
}

static void tile(const pair_gemm *g, int r0, int p0, int np) {
    switch (g->type) {
    case LK_Q4_0: tile_of(LK_Q4_0, g, r0, p0, np); break;
    case LK_Q5_0: tile_of(LK_Q5_0, g, r0, p0, np); break;
    default: tile_of(LK_Q8_0, g, r0, p0, np); break;
    }
}

typedef struct { const pair_gemm *g; int chunk_rows, n_chunks; work_split split; } pair_task;

static void pair_worker(void *ctx, int ith, int nth) {
    pair_task *t = ctx;
    const pair_gemm *g = t->g;
    for (int c = work_split_claim(&t->split, ith); c >= 0; c = work_split_claim(&t->split, ith)) {
        const int r0 = c * t->chunk_rows;
        for (int p0 = 0; p0 < g->n_pairs; p0 += P) {
            const int np = g->n_pairs - p0 < P ? g->n_pairs - p0 : P;
            for (int r = r0; r < r0 + t->chunk_rows; r += R) tile(g, r, p0, np);
        }
    }
    (void)nth;
}

int lumos_gemm_pairs_vnni(lumos_pool *pool, const lumos_matmul_desc *d) {
    const int type = d->type;
    if (type != LK_Q8_0 && type != LK_Q4_0 && type != LK_Q5_0) return 0;
    if (d->n_tokens < 4 || d->n_rows % 16 != 0) return 0;
    const int nb = d->n_cols / QK;
    const int n_pairs = (d->n_tokens + 1) / 2;
    // Per-thread-of-caller buffers, grown as needed: prefill calls this for every matmul.
    static _Thread_local int8_t *qs_buf = 0;
    static _Thread_local float *dx_buf = 0;
    static _Thread_local int32_t *corr_buf = 0;
    static _Thread_local size_t cap = 0;
    const size_t need = (size_t)n_pairs * nb;
    if (need > cap) {
        free(qs_buf); free(dx_buf); free(corr_buf);
        qs_buf = aligned_alloc(64, need * 64);
        dx_buf = aligned_alloc(64, need * 64);
        corr_buf = aligned_alloc(64, need * 64);
        if (!qs_buf || !dx_buf || !corr_buf) { cap = 0; return 0; }
        cap = need;
    }
    for (int p = 0; p < n_pairs; p++) {
        for (int half = 0; half < 2; half++) {
            const int t = 2 * p + half;
            for (int b = 0; b < nb; b++) {
                int8_t *q = qs_buf + ((size_t)p * nb + b) * 64 + half * 32;
                float *s = dx_buf + ((size_t)p * nb + b) * 16 + half * 8;
                if (t < d->n_tokens) {
                    const block_q8_0 *x = (const block_q8_0 *)((const char *)d->x + (size_t)t * d->x_row_bytes) + b;
                    memcpy(q, x->qs, 32);
                    const float v = _cvtsh_ss(x->d);
                    for (int k = 0; k < 8; k++) s[k] = v;
                } else {
                    memset(q, 0, 32);
                    for (int k = 0; k < 8; k++) s[k] = 0;
                }
            }
        }
    }
    if (type != LK_Q8_0) {
        const int shift = type == LK_Q5_0 ? 4 : 3;
        for (size_t i = 0; i < need; i++) {
            const __m512i sums = _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_set1_epi8(1), _mm512_load_si512(qs_buf + i * 64));
            _mm512_store_si512(corr_buf + i * 16, _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_slli_epi32(sums, shift)));
        }
    }
    pair_gemm g = {type, nb, n_pairs, d->w, d->w_row_bytes, lumos_type_block_bytes(type), qs_buf, dx_buf, corr_buf,
                   d->out, d->out_stride, d->n_tokens};
    pair_task t;
    t.g = &g;
    t.chunk_rows = 16;
    t.n_chunks = d->n_rows / 16;
    work_split_init(&t.split, t.n_chunks, lumos_pool_size(pool));
    lumos_pool_run(pool, pair_worker, &t);
    return 1;
}

#pragma clang attribute pop
#endif
