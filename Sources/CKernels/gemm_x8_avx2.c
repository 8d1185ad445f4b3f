// Q8_0 and Q5_0 matrices repacked eight rows at a time, for AVX2 CPUs without VNNI; the entry points
// here also dispatch the K-quant kinds (gemm_x8_q4k_avx2.c, gemm_x8_q6k_avx2.c).
//
// Why: the row-at-a-time kernels spend six vector instructions per 32 multiply-adds of one row and
// one token (sign, multiply, widen, convert, scale, accumulate) and end every row with a horizontal
// sum. With eight rows interleaved, one register holds four weights of each of the eight rows, the
// token's four matching activations are broadcast to it, and the eight lanes of the result are the
// eight rows: the convert, scale and accumulate are shared by eight rows and there is no horizontal
// sum. Q5_0 keeps its codes unsigned (0 … 31), so it needs no sign instructions either: its -16
// offset is taken back once per block with the activations' sums.
//
// Layout: for row group g (rows 8g … 8g+7) and block b, a group block at (g * nb + b) * its size
// (8 × the file's block: the copy is no larger than the file). It starts with the eight rows' f16
// scales. "Code (k, i)" below is byte i of register k, the code of row i / 4 at position 4k + i % 4.
// - Q8_0: 256 bytes, byte 32k + i = code (k, i), the signed value.
// - Q5_0: 128 bytes of nibbles, byte 32k + i = code (k, i) & 15 | (code (k + 4, i) & 15) << 4 for
//   k < 4, then 32 bytes of fifth bits, bit k of byte i = code (k, i) >> 4; a code is the value + 16.
//
#include "internal.h"
#include "x8_tiles.h"
#if defined(__x86_64__)
#include <immintrin.h>

#define X8_Q8_BLOCK 272
#define X8_Q5_BLOCK 176

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)

// One token is bound by memory bandwidth, not arithmetic: asking for the block ~1 KiB ahead keeps two
// threads' streams fed better than the hardware prefetcher alone (5-12 % in a kernel benchmark with
// two streams at once). Tiles of several tokens are bound by arithmetic and need no help.
#define X8_PREFETCH_AHEAD 1024
static inline __attribute__((always_inline)) void x8_prefetch(const int T, const uint8_t *blk, int size) {
    if (T != 1) return;
    for (int o = 0; o < size; o += 64) _mm_prefetch((const char *)blk + X8_PREFETCH_AHEAD + o, _MM_HINT_T0);
}

// Eight rows of group g against tokens t0 ..< t0 + T, Q8_0. The weights' register is the outer loop
// and the tokens the inner one, so a loaded register serves T tokens and the live registers (T int
// sums, T float accumulators, one weight register and its absolute value) fit the sixteen ymm
// registers: with the eight weight registers of a block held at once the compiler spilled them.
// Integer sums are exact in any order, so a token's result does not depend on T.
static inline __attribute__((always_inline)) void q8_tile(const int T, const x8_gemm *g, int grp, int t0) {
    const __m256i ones = _mm256_set1_epi16(1);
    __m256 acc[4];
    const int8_t *xq[4];
    for (int t = 0; t < T; t++) {
        acc[t] = _mm256_setzero_ps();
        xq[t] = ((const block_q8_0 *)(g->x + (size_t)(t0 + t) * g->x_row_bytes))->qs;
    }
    const uint8_t *gw = g->w + (size_t)grp * g->nb * X8_Q8_BLOCK;
    for (int b = 0; b < g->nb; b++) {
        const uint8_t *blk = gw + (size_t)b * X8_Q8_BLOCK;
        x8_prefetch(T, blk, X8_Q8_BLOCK);
        __m256i s[4];
        for (int t = 0; t < T; t++) s[t] = _mm256_setzero_si256();
        for (int k = 0; k < 8; k++) {
            const __m256i v = _mm256_loadu_si256((const __m256i *)(blk + 16 + 32 * k));
            const __m256i aw = _mm256_sign_epi8(v, v);
            for (int t = 0; t < T; t++) {
                int32_t four; memcpy(&four, xq[t] + (size_t)b * sizeof(block_q8_0) + 4 * k, 4);
                const __m256i sx = _mm256_sign_epi8(_mm256_set1_epi32(four), v);
                s[t] = _mm256_add_epi32(s[t], _mm256_madd_epi16(_mm256_maddubs_epi16(aw, sx), ones));
            }
        }
        const __m256 dw = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)blk));
        for (int t = 0; t < T; t++) {
            const float xd = g->xd[(size_t)(t0 + t) * g->nb + b];
            acc[t] = _mm256_fmadd_ps(_mm256_mul_ps(dw, _mm256_set1_ps(xd)), _mm256_cvtepi32_ps(s[t]), acc[t]);
        }
    }
    for (int t = 0; t < T; t++) _mm256_storeu_ps(g->out + (size_t)(t0 + t) * g->out_stride + (size_t)grp * 8, acc[t]);
}

static inline __attribute__((always_inline)) __m256i x8_sum_q5(const __m256i w[8], const int8_t *xq, int32_t xs16) {
    const __m256i ones = _mm256_set1_epi16(1);
    __m256i half[2];
    // Four pair sums of at most 2 × 31 × 127 each fit an int16 lane; eight would not.
    for (int h = 0; h < 2; h++) {
        __m256i s16 = _mm256_setzero_si256();
        for (int k = 4 * h; k < 4 * h + 4; k++) {
            int32_t four; memcpy(&four, xq + 4 * k, 4);
            s16 = _mm256_add_epi16(s16, _mm256_maddubs_epi16(w[k], _mm256_set1_epi32(four)));
        }
        half[h] = _mm256_madd_epi16(s16, ones);
    }
    return _mm256_sub_epi32(_mm256_add_epi32(half[0], half[1]), _mm256_set1_epi32(xs16));
}

// Eight rows of group g against tokens t0 ..< t0 + T, Q5_0.
static inline __attribute__((always_inline)) void q5_tile(const int T, const x8_gemm *g, int grp, int t0) {
    __m256 acc[4];
    for (int t = 0; t < T; t++) acc[t] = _mm256_setzero_ps();
    const uint8_t *gw = g->w + (size_t)grp * g->nb * X8_Q5_BLOCK;
    for (int b = 0; b < g->nb; b++) {
        const uint8_t *blk = gw + (size_t)b * X8_Q5_BLOCK;
        x8_prefetch(T, blk, X8_Q5_BLOCK);
        const __m256 dw = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)blk));
        __m256i w[8];
        const __m256i low = _mm256_set1_epi8(0x0F), fifth = _mm256_set1_epi8(0x10);
        const __m256i hb = _mm256_loadu_si256((const __m256i *)(blk + 16 + 128));
        for (int k = 0; k < 4; k++) {
            const __m256i n = _mm256_loadu_si256((const __m256i *)(blk + 16 + 32 * k));
            // 16-bit shifts: the bit kept by the mask never crosses from the other byte.
            w[k] = _mm256_or_si256(_mm256_and_si256(n, low), _mm256_and_si256(_mm256_slli_epi16(hb, 4 - k), fifth));
            w[k + 4] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(n, 4), low),
                                       _mm256_and_si256(_mm256_srli_epi16(hb, k), fifth));
        }
        for (int t = 0; t < T; t++) {
            const size_t at = (size_t)(t0 + t) * g->nb + b;
            const block_q8_0 *xb = (const block_q8_0 *)(g->x + (size_t)(t0 + t) * g->x_row_bytes) + b;
            const __m256i s = x8_sum_q5(w, xb->qs, g->xs16[at]);
            acc[t] = _mm256_fmadd_ps(_mm256_mul_ps(dw, _mm256_set1_ps(g->xd[at])), _mm256_cvtepi32_ps(s), acc[t]);
        }
    }
    for (int t = 0; t < T; t++) _mm256_storeu_ps(g->out + (size_t)(t0 + t) * g->out_stride + (size_t)grp * 8, acc[t]);
}

static X8_GROUP(q8_group, q8_tile)
static X8_GROUP(q5_group, q5_tile)

void lumos_x8_rows(const x8_gemm *g, int r0, int r1) {
    for (int grp = r0 / 8; grp < r1 / 8; grp++) {
        switch (g->type) {
        case LK_Q4_K_X8: lumos_x8_q4k_group(g, grp); break;
        case LK_Q6_K_X8: lumos_x8_q6k_group(g, grp); break;
        case LK_Q5_0_X8: q5_group(g, grp); break;
        default: q8_group(g, grp); break;
        }
    }
}

#pragma clang attribute pop

int lumos_x8_type(int type, int n_rows, int n_cols) {
    if (!lumos_cpu_has_avx2() || lumos_cpu_has_vnni() || n_rows % 8 != 0 || n_cols % QK != 0) return 0;
    switch (type) {
    case LK_Q8_0: return LK_Q8_0_X8;
    case LK_Q5_0: return LK_Q5_0_X8;
    case LK_Q4_K: return n_cols % QK_K == 0 ? LK_Q4_K_X8 : 0;
    case LK_Q6_K: return n_cols % QK_K == 0 ? LK_Q6_K_X8 : 0;
    default: return 0;
    }
}

size_t lumos_x8_bytes(int x8_type, int n_rows, int n_cols) {
    if (x8_type == LK_Q4_K_X8) return lumos_x8_q4k_bytes(n_rows, n_cols);
    if (x8_type == LK_Q6_K_X8) return lumos_x8_q6k_bytes(n_rows, n_cols);
    return (size_t)(n_rows / 8) * (n_cols / QK) * (x8_type == LK_Q5_0_X8 ? X8_Q5_BLOCK : X8_Q8_BLOCK);
}

void lumos_x8_repack(int type, const void *src, size_t src_row_bytes, int r0, int r1, int n_cols, void *dst) {
    if (type == LK_Q4_K_X8 || type == LK_Q6_K_X8) {
        (type == LK_Q4_K_X8 ? lumos_x8_q4k_repack : lumos_x8_q6k_repack)(src, src_row_bytes, r0, r1, n_cols, dst);
        return;
    }
    const int nb = n_cols / QK;
    const int size = type == LK_Q5_0_X8 ? X8_Q5_BLOCK : X8_Q8_BLOCK;
    for (int grp = r0 / 8; grp < r1 / 8; grp++) {
        for (int b = 0; b < nb; b++) {
            uint8_t *out = (uint8_t *)dst + ((size_t)grp * nb + b) * size;
            uint8_t code[8][32];  // code[k][i]: register k, byte i
            for (int r = 0; r < 8; r++) {
                const char *row = (const char *)src + (size_t)(grp * 8 + r) * src_row_bytes;
                int8_t values[QK];
                half_t d;
                if (type == LK_Q8_0_X8) {
                    const block_q8_0 *x = (const block_q8_0 *)row + b;
                    d = x->d;
                    memcpy(values, x->qs, QK);
                } else {
                    const block_q5_0 *x = (const block_q5_0 *)row + b;
                    uint32_t qh; memcpy(&qh, x->qh, 4);
                    d = x->d;
                    for (int j = 0; j < QK / 2; j++) {
                        values[j] = (int8_t)((x->qs[j] & 0x0F) | (((qh >> j) & 1) << 4));
                        values[j + QK / 2] = (int8_t)((x->qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4));
                    }
                }
                memcpy(out + 2 * r, &d, 2);
                for (int k = 0; k < 8; k++) memcpy(&code[k][4 * r], values + 4 * k, 4);
            }
            if (type == LK_Q8_0_X8) {
                memcpy(out + 16, code, sizeof code);
                continue;
            }
            for (int i = 0; i < 32; i++) {
                uint8_t bits = 0;
                for (int k = 0; k < 4; k++) out[16 + 32 * k + i] = (uint8_t)((code[k][i] & 0x0F) | (code[k + 4][i] & 0x0F) << 4);
                for (int k = 0; k < 8; k++) bits |= (uint8_t)((code[k][i] >> 4) & 1) << k;
                out[16 + 128 + i] = bits;
            }
        }
    }
}

void lumos_x8_dequantize_row(int type, const void *packed, int row, int n_cols, float *dst) {
    if (type == LK_Q4_K_X8 || type == LK_Q6_K_X8) {
        (type == LK_Q4_K_X8 ? lumos_x8_q4k_dequantize_row : lumos_x8_q6k_dequantize_row)(packed, row, n_cols, dst);
        return;
    }
    const int nb = n_cols / QK, r = row % 8;
    const int size = type == LK_Q5_0_X8 ? X8_Q5_BLOCK : X8_Q8_BLOCK;
    for (int b = 0; b < nb; b++) {
        const uint8_t *blk = (const uint8_t *)packed + ((size_t)(row / 8) * nb + b) * size;
        half_t h; memcpy(&h, blk + 2 * r, 2);
        const float d = fp16_to_fp32(h);
        for (int k = 0; k < 8; k++) {
            for (int j = 0; j < 4; j++) {
                const int i = 4 * r + j;
                int value;
                if (type == LK_Q8_0_X8) {
                    value = (int8_t)blk[16 + 32 * k + i];
                } else {
                    const uint8_t nibbles = blk[16 + 32 * (k % 4) + i];
                    const int code = (k < 4 ? nibbles & 0x0F : nibbles >> 4) | ((blk[16 + 128 + i] >> k) & 1) << 4;
                    value = code - 16;
                }
                dst[b * QK + 4 * k + j] = (float)value * d;
            }
        }
    }
}

void lumos_x8_prepare(const lumos_matmul_desc *d, float *xd, int32_t *xs16, x8_gemm *g) {
    if (d->type == LK_Q4_K_X8) {
        lumos_x8_q4k_prepare(d, xs16, g);
        return;
    }
    if (d->type == LK_Q6_K_X8) {
        lumos_x8_q6k_prepare(d, g);
        return;
    }
    const int nb = d->n_cols / QK;
    const int offset = d->type == LK_Q5_0_X8;  // only Q5_0 takes its offset back from the sums
    for (int t = 0; t < d->n_tokens; t++) {
        const block_q8_0 *x = (const block_q8_0 *)((const char *)d->x + (size_t)t * d->x_row_bytes);
        for (int b = 0; b < nb; b++) {
            xd[(size_t)t * nb + b] = fp16_to_fp32(x[b].d);
            if (!offset) continue;
            int32_t sum = 0;
            for (int j = 0; j < QK; j++) sum += x[b].qs[j];
            xs16[(size_t)t * nb + b] = 16 * sum;
        }
    }
    *g = (x8_gemm){d->type, nb, d->n_tokens, d->w, d->x, d->x_row_bytes, xd, xs16, d->out, d->out_stride};
}

#else
int lumos_x8_type(int type, int n_rows, int n_cols) { (void)type; (void)n_rows; (void)n_cols; return 0; }
size_t lumos_x8_bytes(int x8_type, int n_rows, int n_cols) { (void)x8_type; (void)n_rows; (void)n_cols; return 0; }
void lumos_x8_dequantize_row(int type, const void *packed, int row, int n_cols, float *dst) {
    (void)type; (void)packed; (void)row; (void)n_cols; (void)dst;
}
void lumos_x8_repack(int type, const void *src, size_t src_row_bytes, int r0, int r1, int n_cols, void *dst) {
    (void)type; (void)src; (void)src_row_bytes; (void)r0; (void)r1; (void)n_cols; (void)dst;
}
#endif
