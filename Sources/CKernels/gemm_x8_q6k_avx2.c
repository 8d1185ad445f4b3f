// Q6_K matrices repacked eight rows at a time for AVX2 CPUs without VNNI (the other half of a
// Q4_K_M file's ffn_down), the companion of gemm_x8_avx2.c and gemm_x8_q4k_avx2.c.
//
// Codes stay unsigned (value + 32, 0 … 63): two pair sums of a 16-value sub-block fit an int16
// lane, the sub-block's int8 scale multiplies them in the widening step, and the offset is taken
// back per super-block as 32 × Σ scale × (the activations' 16-value sums).
//
// Layout: for row group g and super-block s, X8_Q6K_BLOCK bytes at (g * nsb + s) * X8_Q6K_BLOCK:
// - the eight rows' d (f16);
// - scales: for sub-block j (16 values), 16 bytes, bytes 2r and 2r + 1 = row r's scale;
// - nibbles: for sub-block j, 64 bytes, byte 32m + i = code (m, i) & 15 | (code (m + 2, i) & 15) << 4;
// - high bits: for sub-block j, 32 bytes, bits 2k, 2k + 1 of byte i = code (k, i) >> 4;
// where code (k, i) is row i / 4 at value 16j + 4k + i % 4 of the super-block.
// Each row's result: acc += (d_x · d) · (Σ scale · sum − 32 Σ scale · sum(x)) over the super-blocks
// in order, whatever the tile; 8 % larger than the file.
#include "internal.h"
#include "x8_tiles.h"
#if defined(__x86_64__)
#include <immintrin.h>

#define X8_Q6K_BLOCK (16 + 256 + 1024 + 512)

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)

static inline __attribute__((always_inline)) void q6k_tile(const int T, const x8_gemm *g, int grp, int t0) {
    __m256 acc[4];
    for (int t = 0; t < T; t++) acc[t] = _mm256_setzero_ps();
    const __m256i low = _mm256_set1_epi8(0x0F), high = _mm256_set1_epi8(0x30);
    for (int s = 0; s < g->nb; s++) {
        const uint8_t *blk = g->w + ((size_t)grp * g->nb + s) * X8_Q6K_BLOCK;
        const uint8_t *scales = blk + 16, *nibbles = blk + 272, *bits = blk + 1296;
        __m256i sums[4], offsets[4];
        for (int t = 0; t < T; t++) sums[t] = offsets[t] = _mm256_setzero_si256();
        for (int j = 0; j < 16; j++) {
            const __m256i sc = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(scales + 16 * j)));
            const __m256i n0 = _mm256_loadu_si256((const __m256i *)(nibbles + 64 * j));
            const __m256i n1 = _mm256_loadu_si256((const __m256i *)(nibbles + 64 * j + 32));
            const __m256i hb = _mm256_loadu_si256((const __m256i *)(bits + 32 * j));
            // 16-bit shifts: the two bits kept by the mask never cross from the other byte.
            const __m256i w[4] = {
                _mm256_or_si256(_mm256_and_si256(n0, low), _mm256_and_si256(_mm256_slli_epi16(hb, 4), high)),
                _mm256_or_si256(_mm256_and_si256(n1, low), _mm256_and_si256(_mm256_slli_epi16(hb, 2), high)),
                _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(n0, 4), low), _mm256_and_si256(hb, high)),
                _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(n1, 4), low), _mm256_and_si256(_mm256_srli_epi16(hb, 2), high)),
            };
            for (int t = 0; t < T; t++) {
                const block_q8_K *xb = (const block_q8_K *)(g->x + (size_t)(t0 + t) * g->x_row_bytes) + s;
                const int8_t *xq = xb->qs + 16 * j;
                __m256i p[4];
                for (int k = 0; k < 4; k++) {
                    int32_t four; memcpy(&four, xq + 4 * k, 4);
                    p[k] = _mm256_maddubs_epi16(w[k], _mm256_set1_epi32(four));
                }
                // Two pair sums of at most 2 × 63 × 127 each fit an int16 lane; four would not.
                sums[t] = _mm256_add_epi32(sums[t], _mm256_add_epi32(_mm256_madd_epi16(_mm256_add_epi16(p[0], p[1]), sc),
                                                                     _mm256_madd_epi16(_mm256_add_epi16(p[2], p[3]), sc)));
                // (B, 0) in every 32-bit lane: row r's scale times the activations' sum.
                offsets[t] = _mm256_add_epi32(offsets[t], _mm256_madd_epi16(sc, _mm256_set1_epi32((uint16_t)xb->bsums[j])));
            }
        }
        const __m256 dw = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)blk));
        for (int t = 0; t < T; t++) {
            const block_q8_K *xb = (const block_q8_K *)(g->x + (size_t)(t0 + t) * g->x_row_bytes) + s;
            const __m256i total = _mm256_sub_epi32(sums[t], _mm256_slli_epi32(offsets[t], 5));
            acc[t] = _mm256_fmadd_ps(_mm256_mul_ps(dw, _mm256_set1_ps(xb->d)), _mm256_cvtepi32_ps(total), acc[t]);
        }
    }
    for (int t = 0; t < T; t++) _mm256_storeu_ps(g->out + (size_t)(t0 + t) * g->out_stride + (size_t)grp * 8, acc[t]);
}

X8_GROUP(lumos_x8_q6k_group, q6k_tile)

#pragma clang attribute pop

size_t lumos_x8_q6k_bytes(int n_rows, int n_cols) { return (size_t)(n_rows / 8) * (n_cols / QK_K) * X8_Q6K_BLOCK; }

// The 256 codes (value + 32) and 16 scales of one Q6_K block, in value order (ggml's layout: each
// half of 128 values takes 64 bytes of low nibbles and 32 of high bits).
static void q6k_codes(const block_q6_K *x, uint8_t codes[QK_K]) {
    for (int half = 0; half < 2; half++) {
        const uint8_t *ql = x->ql + 64 * half, *qh = x->qh + 32 * half;
        uint8_t *c = codes + 128 * half;
        for (int l = 0; l < 32; l++) {
            c[l] = (uint8_t)((ql[l] & 0xF) | ((qh[l] >> 0) & 3) << 4);
            c[l + 32] = (uint8_t)((ql[l + 32] & 0xF) | ((qh[l] >> 2) & 3) << 4);
            c[l + 64] = (uint8_t)((ql[l] >> 4) | ((qh[l] >> 4) & 3) << 4);
            c[l + 96] = (uint8_t)((ql[l + 32] >> 4) | ((qh[l] >> 6) & 3) << 4);
        }
    }
}

void lumos_x8_q6k_repack(const void *src, size_t src_row_bytes, int r0, int r1, int n_cols, void *dst) {
    const int nsb = n_cols / QK_K;
    for (int grp = r0 / 8; grp < r1 / 8; grp++) {
        for (int s = 0; s < nsb; s++) {
            uint8_t *out = (uint8_t *)dst + ((size_t)grp * nsb + s) * X8_Q6K_BLOCK;
            uint8_t code[16][4][32];  // [sub-block][register k][byte i]
            for (int r = 0; r < 8; r++) {
                const block_q6_K *x = (const block_q6_K *)((const char *)src + (size_t)(grp * 8 + r) * src_row_bytes) + s;
                uint8_t codes[QK_K];
                q6k_codes(x, codes);
                memcpy(out + 2 * r, &x->d, 2);
                for (int j = 0; j < 16; j++) {
                    out[16 + 16 * j + 2 * r] = out[16 + 16 * j + 2 * r + 1] = (uint8_t)x->scales[j];
                    for (int v = 0; v < 16; v++) code[j][v / 4][4 * r + v % 4] = codes[16 * j + v];
                }
            }
            for (int j = 0; j < 16; j++) {
                for (int i = 0; i < 32; i++) {
                    for (int m = 0; m < 2; m++) out[272 + 64 * j + 32 * m + i] = (uint8_t)((code[j][m][i] & 0x0F) | (code[j][m + 2][i] & 0x0F) << 4);
                    uint8_t b = 0;
                    for (int k = 0; k < 4; k++) b |= (uint8_t)(((code[j][k][i] >> 4) & 3) << (2 * k));
                    out[1296 + 32 * j + i] = b;
                }
            }
        }
    }
}

void lumos_x8_q6k_dequantize_row(const void *packed, int row, int n_cols, float *dst) {
    const int nsb = n_cols / QK_K, r = row % 8;
    for (int s = 0; s < nsb; s++) {
        const uint8_t *blk = (const uint8_t *)packed + ((size_t)(row / 8) * nsb + s) * X8_Q6K_BLOCK;
        half_t dh; memcpy(&dh, blk + 2 * r, 2);
        const float d = fp16_to_fp32(dh);
        for (int j = 0; j < 16; j++) {
            const float scale = d * (int8_t)blk[16 + 16 * j + 2 * r];
            for (int v = 0; v < 16; v++) {
                const int k = v / 4, i = 4 * r + v % 4;
                const uint8_t nib = blk[272 + 64 * j + 32 * (k % 2) + i];
                const int code = (k < 2 ? nib & 0x0F : nib >> 4) | ((blk[1296 + 32 * j + i] >> (2 * k)) & 3) << 4;
                dst[QK_K * s + 16 * j + v] = scale * (float)(code - 32);
            }
        }
    }
}

void lumos_x8_q6k_prepare(const lumos_matmul_desc *d, x8_gemm *g) {
    *g = (x8_gemm){d->type, d->n_cols / QK_K, d->n_tokens, d->w, d->x, d->x_row_bytes, 0, 0, d->out, d->out_stride};
}
#endif
