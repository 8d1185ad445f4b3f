// Q4_K matrices repacked eight rows at a time for AVX2 CPUs without VNNI: the companion of
// gemm_x8_avx2.c for the K-quant layers (ffn_down, attn_output in a Q4_K_M file).
//
// As there, one register holds four codes of each of eight rows and the token's four matching
// activations are broadcast to it. Eight such products of one 32-value sub-block fit int16 lanes
// (codes ≤ 15), and the sub-block's 6-bit scale multiplies them in the widening step itself
// (madd with the scales instead of with ones), so a sub-block of eight rows costs one widening.
// The mins meet the activations' 32-value sums the same way.
//
// Layout: for row group g and super-block s, X8_Q4K_BLOCK bytes at (g * nsb + s) * X8_Q4K_BLOCK:
// - the eight rows' d, then their dmin (f16);
// - scales: for sub-block j, 16 bytes, bytes 2r and 2r + 1 = row r's scale;
// - mins: for sub-blocks 2p and 2p + 1, 16 bytes, byte 2r = row r's min of 2p, 2r + 1 that of 2p + 1;
// - codes: for sub-block j, 128 bytes of nibbles as Q5_0's in gemm_x8_avx2.c (byte 32k + i holds
//   code (k, i) and code (k + 4, i); code (k, i) is row i / 4 at position 4k + i % 4).
// Each row's result: acc += (d_x · d) · Σ scale · sum, accm += (d_x · dmin) · Σ min · sum(x) over the
// super-blocks in order, then acc − accm, whatever the tile.
#include "internal.h"
#include "x8_tiles.h"
#if defined(__x86_64__)
#include <immintrin.h>

#define X8_Q4K_BLOCK (16 + 16 + 128 + 64 + 1024)

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)

static inline __attribute__((always_inline)) void q4k_tile(const int T, const x8_gemm *g, int grp, int t0) {
    __m256 acc[4], accm[4];
    for (int t = 0; t < T; t++) acc[t] = accm[t] = _mm256_setzero_ps();
    const __m256i low = _mm256_set1_epi8(0x0F);
    for (int s = 0; s < g->nb; s++) {
        const uint8_t *blk = g->w + ((size_t)grp * g->nb + s) * X8_Q4K_BLOCK;
        const uint8_t *scales = blk + 32, *mins = blk + 160, *codes = blk + 224;
        __m256i sums[4];
        for (int t = 0; t < T; t++) sums[t] = _mm256_setzero_si256();
        for (int j = 0; j < 8; j++) {
            const __m256i sc = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(scales + 16 * j)));
            __m256i w[8];
            for (int k = 0; k < 4; k++) {
                const __m256i n = _mm256_loadu_si256((const __m256i *)(codes + 128 * j + 32 * k));
                w[k] = _mm256_and_si256(n, low);
                w[k + 4] = _mm256_and_si256(_mm256_srli_epi16(n, 4), low);
            }
            for (int t = 0; t < T; t++) {
                const block_q8_K *xb = (const block_q8_K *)(g->x + (size_t)(t0 + t) * g->x_row_bytes) + s;
                const int8_t *xq = xb->qs + 32 * j;
                // Eight products of at most 2 × 15 × 127 each fit an int16 lane.
                __m256i s16 = _mm256_setzero_si256();
                for (int k = 0; k < 8; k++) {
                    int32_t four; memcpy(&four, xq + 4 * k, 4);
                    s16 = _mm256_add_epi16(s16, _mm256_maddubs_epi16(w[k], _mm256_set1_epi32(four)));
                }
                sums[t] = _mm256_add_epi32(sums[t], _mm256_madd_epi16(s16, sc));
            }
        }
        const __m256 dw = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)blk));
        const __m256 dm = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(blk + 16)));
        for (int t = 0; t < T; t++) {
            const block_q8_K *xb = (const block_q8_K *)(g->x + (size_t)(t0 + t) * g->x_row_bytes) + s;
            const int32_t *pairs = g->xs16 + ((size_t)(t0 + t) * g->nb + s) * 4;
            __m256i m = _mm256_setzero_si256();
            for (int p = 0; p < 4; p++)
                m = _mm256_add_epi32(m, _mm256_madd_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(mins + 16 * p))),
                                                          _mm256_set1_epi32(pairs[p])));
            const __m256 dx = _mm256_set1_ps(xb->d);
            acc[t] = _mm256_fmadd_ps(_mm256_mul_ps(dw, dx), _mm256_cvtepi32_ps(sums[t]), acc[t]);
            accm[t] = _mm256_fmadd_ps(_mm256_mul_ps(dm, dx), _mm256_cvtepi32_ps(m), accm[t]);
        }
    }
    for (int t = 0; t < T; t++)
        _mm256_storeu_ps(g->out + (size_t)(t0 + t) * g->out_stride + (size_t)grp * 8, _mm256_sub_ps(acc[t], accm[t]));
}

X8_GROUP(lumos_x8_q4k_group, q4k_tile)

#pragma clang attribute pop

size_t lumos_x8_q4k_bytes(int n_rows, int n_cols) { return (size_t)(n_rows / 8) * (n_cols / QK_K) * X8_Q4K_BLOCK; }

void lumos_x8_q4k_repack(const void *src, size_t src_row_bytes, int r0, int r1, int n_cols, void *dst) {
    const int nsb = n_cols / QK_K;
    for (int grp = r0 / 8; grp < r1 / 8; grp++) {
        for (int s = 0; s < nsb; s++) {
            uint8_t *out = (uint8_t *)dst + ((size_t)grp * nsb + s) * X8_Q4K_BLOCK;
            uint8_t code[8][8][32];  // [sub-block][register k][byte i]
            for (int r = 0; r < 8; r++) {
                const block_q4_K *x = (const block_q4_K *)((const char *)src + (size_t)(grp * 8 + r) * src_row_bytes) + s;
                memcpy(out + 2 * r, &x->d, 2);
                memcpy(out + 16 + 2 * r, &x->dmin, 2);
                for (int j = 0; j < 8; j++) {
                    uint8_t sc, m;
                    get_scale_min_k4(j, x->scales, &sc, &m);
                    out[32 + 16 * j + 2 * r] = out[32 + 16 * j + 2 * r + 1] = sc;
                    out[160 + 16 * (j / 2) + 2 * r + (j % 2)] = m;
                    for (int l = 0; l < 32; l++) {
                        const uint8_t q = x->qs[32 * (j / 2) + l];
                        code[j][l / 4][4 * r + l % 4] = j % 2 ? q >> 4 : q & 0x0F;
                    }
                }
            }
            for (int j = 0; j < 8; j++)
                for (int k = 0; k < 4; k++)
                    for (int i = 0; i < 32; i++) out[224 + 128 * j + 32 * k + i] = (uint8_t)(code[j][k][i] | code[j][k + 4][i] << 4);
        }
    }
}

void lumos_x8_q4k_dequantize_row(const void *packed, int row, int n_cols, float *dst) {
    const int nsb = n_cols / QK_K, r = row % 8;
    for (int s = 0; s < nsb; s++) {
        const uint8_t *blk = (const uint8_t *)packed + ((size_t)(row / 8) * nsb + s) * X8_Q4K_BLOCK;
        half_t dh, mh;
        memcpy(&dh, blk + 2 * r, 2);
        memcpy(&mh, blk + 16 + 2 * r, 2);
        const float d = fp16_to_fp32(dh), dmin = fp16_to_fp32(mh);
        for (int j = 0; j < 8; j++) {
            const float scale = d * blk[32 + 16 * j + 2 * r], min = dmin * blk[160 + 16 * (j / 2) + 2 * r + (j % 2)];
            for (int l = 0; l < 32; l++) {
                const int k = l / 4, i = 4 * r + l % 4;
                const uint8_t nibbles = blk[224 + 128 * j + 32 * (k % 4) + i];
                dst[QK_K * s + 32 * j + l] = scale * (float)(k < 4 ? nibbles & 0x0F : nibbles >> 4) - min;
            }
        }
    }
}

// The activations' 32-value sums, two to an int32 (low half the even sub-block), for the mins.
void lumos_x8_q4k_prepare(const lumos_matmul_desc *d, int32_t *pairs, x8_gemm *g) {
    const int nsb = d->n_cols / QK_K;
    for (int t = 0; t < d->n_tokens; t++) {
        const block_q8_K *x = (const block_q8_K *)((const char *)d->x + (size_t)t * d->x_row_bytes);
        for (int s = 0; s < nsb; s++) {
            for (int p = 0; p < 4; p++) {
                const int lo = x[s].bsums[4 * p] + x[s].bsums[4 * p + 1], hi = x[s].bsums[4 * p + 2] + x[s].bsums[4 * p + 3];
                pairs[((size_t)t * nsb + s) * 4 + p] = (int32_t)((uint32_t)(uint16_t)lo | (uint32_t)(uint16_t)hi << 16);
            }
        }
    }
    *g = (x8_gemm){d->type, nsb, d->n_tokens, d->w, d->x, d->x_row_bytes, 0, pairs, d->out, d->out_stride};
}
#endif
