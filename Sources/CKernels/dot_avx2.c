// AVX2/FMA/F16C kernels, compiled for those features and only called when the CPU has them.
#include "internal.h"
#if defined(__x86_64__)
#include <immintrin.h>

int lumos_cpu_has_avx2(void) {
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
    }
    return cached;
}

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)

#include "x86_simd.h"

static inline float h2f(half_t h) { return _cvtsh_ss(h); }

// 32 unsigned bytes times 32 signed bytes, summed to 8 floats.
static inline __m256 mul_sum_us8_pairs_float(const __m256i ax, const __m256i sy) {
    const __m256i dot = _mm256_maddubs_epi16(ax, sy);
    return _mm256_cvtepi32_ps(_mm256_madd_epi16(dot, _mm256_set1_epi16(1)));
}

// The 32 nibbles of 16 bytes as 32 bytes: low nibbles first, then high nibbles.
static inline __m256i bytes_from_nibbles_32(const uint8_t *rsi) {
    const __m128i tmp = _mm_loadu_si128((const __m128i *)rsi);
    const __m256i bytes = _mm256_set_m128i(_mm_srli_epi16(tmp, 4), tmp);
    return _mm256_and_si256(_mm256_set1_epi8(0x0F), bytes);
}

// Bit j of a 32-bit mask as byte j: 0xFF when set, else 0.
static inline __m256i bytes_from_bits_32(const uint8_t *x) {
    uint32_t x32; memcpy(&x32, x, sizeof(uint32_t));
    const __m256i shuf_mask = _mm256_set_epi64x(0x0303030303030303, 0x0202020202020202, 0x0101010101010101, 0x0000000000000000);
    __m256i bytes = _mm256_shuffle_epi8(_mm256_set1_epi32((int)x32), shuf_mask);
    const __m256i bit_mask = _mm256_set1_epi64x(0x7fbfdfeff7fbfdfe);
    bytes = _mm256_or_si256(bytes, bit_mask);
    return _mm256_cmpeq_epi8(bytes, _mm256_set1_epi64x(-1));
}

float dot_f32_avx2(int n, const void *vw, const void *vx) {
    const float *w = vw, *x = vx;
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        a0 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i), _mm256_loadu_ps(x + i), a0);
        a1 = _mm256_fmadd_ps(_mm256_loadu_ps(w + i + 8), _mm256_loadu_ps(x + i + 8), a1);
    }
    float s = hsum_f32x8(_mm256_add_ps(a0, a1));
    for (; i < n; i++) s += w[i] * x[i];
    return s;
}

float dot_f16_avx2(int n, const void *vw, const void *vx) {
    const uint16_t *w = vw; const float *x = vx;
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        a0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w + i))), _mm256_loadu_ps(x + i), a0);
        a1 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w + i + 8))), _mm256_loadu_ps(x + i + 8), a1);
    }
    float s = hsum_f32x8(_mm256_add_ps(a0, a1));
    for (; i < n; i++) s += h2f(w[i]) * x[i];
    return s;
}

void axpy_f32_avx2(int n, float a, const float *v, float *y) {
    const __m256 va = _mm256_set1_ps(a);
    int i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, _mm256_loadu_ps(v + i), _mm256_loadu_ps(y + i)));
    for (; i < n; i++) y[i] += a * v[i];
}

void f16_to_f32_avx2(int n, const uint16_t *x, float *y) {
    int i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(x + i))));
    for (; i < n; i++) y[i] = _cvtsh_ss(x[i]);
}

float dot_q4_1_avx2(int n, const void *vw, const void *vx) {
    const block_q4_1 *w = vw; const block_q8_1 *x = vx;
    const int nb = n / QK;
    __m256 acc = _mm256_setzero_ps();
    float summs = 0;
    for (int i = 0; i < nb; i++) {
        summs += h2f(w[i].m) * h2f(x[i].s);
        const __m256 d = _mm256_set1_ps(h2f(w[i].d) * h2f(x[i].d));
        const __m256i qw = bytes_from_nibbles_32(w[i].qs);
        const __m256i qx = _mm256_loadu_si256((const __m256i *)x[i].qs);
        acc = _mm256_fmadd_ps(d, mul_sum_us8_pairs_float(qw, qx), acc);
    }
    return hsum_f32x8(acc) + summs;
}

float dot_q5_1_avx2(int n, const void *vw, const void *vx) {
    const block_q5_1 *w = vw; const block_q8_1 *x = vx;
    const int nb = n / QK;
    __m256 acc = _mm256_setzero_ps();
    float summs = 0;
    const __m256i b10 = _mm256_set1_epi8(0x10);
    for (int i = 0; i < nb; i++) {
        summs += h2f(w[i].m) * h2f(x[i].s);
        const __m256 d = _mm256_set1_ps(h2f(w[i].d) * h2f(x[i].d));
        __m256i qw = bytes_from_nibbles_32(w[i].qs);
        qw = _mm256_or_si256(qw, _mm256_and_si256(bytes_from_bits_32(w[i].qh), b10));
        const __m256i qx = _mm256_loadu_si256((const __m256i *)x[i].qs);
        acc = _mm256_fmadd_ps(d, mul_sum_us8_pairs_float(qw, qx), acc);
    }
    return hsum_f32x8(acc) + summs;
}

static inline __m256i scale_shuffle_k4(int i) { return _mm256_set1_epi16((short)(((2 * i + 1) << 8) | (2 * i))); }

float dot_q4_K_avx2(int n, const void *vw, const void *vx) {
    const block_q4_K *w = vw; const block_q8_K *x = vx;
    const int nb = n / QK_K;
    const __m256i m4 = _mm256_set1_epi8(0xF);
    __m256 acc = _mm256_setzero_ps();
    __m128 acc_m = _mm_setzero_ps();
    uint32_t utmp[4];
    for (int i = 0; i < nb; i++) {
        const float d = x[i].d * h2f(w[i].d);
        const float dmin = -x[i].d * h2f(w[i].dmin);
        unpack_k4_scales(w[i].scales, utmp);
        const __m256i mins_and_scales = _mm256_cvtepu8_epi16(_mm_set_epi32((int)utmp[3], (int)utmp[2], (int)utmp[1], (int)utmp[0]));
        const __m256i q8sums = _mm256_loadu_si256((const __m256i *)x[i].bsums);
        const __m128i q8s = _mm_hadd_epi16(_mm256_extracti128_si256(q8sums, 0), _mm256_extracti128_si256(q8sums, 1));
        const __m128i prod = _mm_madd_epi16(_mm256_extracti128_si256(mins_and_scales, 1), q8s);
        acc_m = _mm_fmadd_ps(_mm_set1_ps(dmin), _mm_cvtepi32_ps(prod), acc_m);
        const __m128i sc128 = _mm256_extracti128_si256(mins_and_scales, 0);
        const __m256i scales = _mm256_set_m128i(sc128, sc128);
        const uint8_t *q4 = w[i].qs;
        const int8_t *q8 = x[i].qs;
        __m256i sumi = _mm256_setzero_si256();
        for (int j = 0; j < 4; j++) {
            const __m256i scale_l = _mm256_shuffle_epi8(scales, scale_shuffle_k4(2 * j + 0));
            const __m256i scale_h = _mm256_shuffle_epi8(scales, scale_shuffle_k4(2 * j + 1));
            const __m256i q4bits = _mm256_loadu_si256((const __m256i *)q4); q4 += 32;
            const __m256i q4l = _mm256_and_si256(q4bits, m4);
            const __m256i q4h = _mm256_and_si256(_mm256_srli_epi16(q4bits, 4), m4);
            const __m256i q8l = _mm256_loadu_si256((const __m256i *)q8); q8 += 32;
            __m256i p16l = _mm256_madd_epi16(scale_l, _mm256_maddubs_epi16(q4l, q8l));
            const __m256i q8h = _mm256_loadu_si256((const __m256i *)q8); q8 += 32;
            __m256i p16h = _mm256_madd_epi16(scale_h, _mm256_maddubs_epi16(q4h, q8h));
            sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(p16l, p16h));
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sumi), acc);
    }
    acc_m = _mm_add_ps(acc_m, _mm_movehl_ps(acc_m, acc_m));
    acc_m = _mm_add_ss(acc_m, _mm_movehdup_ps(acc_m));
    return hsum_f32x8(acc) + _mm_cvtss_f32(acc_m);
}

float dot_q5_K_avx2(int n, const void *vw, const void *vx) {
    const block_q5_K *w = vw; const block_q8_K *x = vx;
    const int nb = n / QK_K;
    const __m256i m4 = _mm256_set1_epi8(0xF);
    __m256 acc = _mm256_setzero_ps();
    float summs = 0.f;
    uint32_t utmp[4];
    for (int i = 0; i < nb; i++) {
        const float d = x[i].d * h2f(w[i].d);
        const float dmin = -x[i].d * h2f(w[i].dmin);
        unpack_k4_scales(w[i].scales, utmp);
        const __m256i mins_and_scales = _mm256_cvtepu8_epi16(_mm_set_epi32((int)utmp[3], (int)utmp[2], (int)utmp[1], (int)utmp[0]));
        const __m256i q8sums = _mm256_loadu_si256((const __m256i *)x[i].bsums);
        const __m128i q8s = _mm_hadd_epi16(_mm256_extracti128_si256(q8sums, 0), _mm256_extracti128_si256(q8sums, 1));
        const __m128i prod = _mm_madd_epi16(_mm256_extracti128_si256(mins_and_scales, 1), q8s);
        const __m128i hsum1 = _mm_add_epi32(prod, _mm_unpackhi_epi64(prod, prod));
        const __m128i hsum2 = _mm_add_epi32(hsum1, _mm_shuffle_epi32(hsum1, 1));
        summs += dmin * (float)_mm_cvtsi128_si32(hsum2);
        const __m128i sc128 = _mm256_extracti128_si256(mins_and_scales, 0);
        const __m256i scales = _mm256_set_m128i(sc128, sc128);
        const __m256i hbits = _mm256_loadu_si256((const __m256i *)w[i].qh);
        __m256i hmask = _mm256_set1_epi8(1);
        const uint8_t *q5 = w[i].qs;
        const int8_t *q8 = x[i].qs;
        __m256i sumi = _mm256_setzero_si256();
        int bit = 0;
        for (int j = 0; j < 4; j++) {
            const __m256i scale_0 = _mm256_shuffle_epi8(scales, scale_shuffle_k4(2 * j + 0));
            const __m256i scale_1 = _mm256_shuffle_epi8(scales, scale_shuffle_k4(2 * j + 1));
            const __m256i q5bits = _mm256_loadu_si256((const __m256i *)q5); q5 += 32;
            const __m256i q5l_0 = _mm256_and_si256(q5bits, m4);
            const __m256i q5h_0 = _mm256_slli_epi16(_mm256_srli_epi16(_mm256_and_si256(hbits, hmask), bit), 4);
            bit++;
            const __m256i q5_0 = _mm256_add_epi8(q5l_0, q5h_0);
            hmask = _mm256_slli_epi16(hmask, 1);
            const __m256i q5l_1 = _mm256_and_si256(_mm256_srli_epi16(q5bits, 4), m4);
            const __m256i q5h_1 = _mm256_slli_epi16(_mm256_srli_epi16(_mm256_and_si256(hbits, hmask), bit), 4);
            bit++;
            const __m256i q5_1 = _mm256_add_epi8(q5l_1, q5h_1);
            hmask = _mm256_slli_epi16(hmask, 1);
            const __m256i q8_0 = _mm256_loadu_si256((const __m256i *)q8); q8 += 32;
            const __m256i q8_1 = _mm256_loadu_si256((const __m256i *)q8); q8 += 32;
            const __m256i p16_0 = _mm256_madd_epi16(scale_0, _mm256_maddubs_epi16(q5_0, q8_0));
            const __m256i p16_1 = _mm256_madd_epi16(scale_1, _mm256_maddubs_epi16(q5_1, q8_1));
            sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(p16_0, p16_1));
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sumi), acc);
    }
    return hsum_f32x8(acc) + summs;
}

float dot_q6_K_avx2(int n, const void *vw, const void *vx) {
    const block_q6_K *w = vw; const block_q8_K *x = vx;
    const int nb = n / QK_K;
    const __m256i m4 = _mm256_set1_epi8(0xF);
    const __m256i m2 = _mm256_set1_epi8(3);
    const __m256i m32s = _mm256_set1_epi8(32);
    __m256 acc = _mm256_setzero_ps();
    for (int i = 0; i < nb; i++) {
        const float d = x[i].d * h2f(w[i].d);
        const uint8_t *q4 = w[i].ql;
        const uint8_t *qh = w[i].qh;
        const int8_t *q8 = x[i].qs;
        const int8_t *sc = w[i].scales;
        __m256i sumi = _mm256_setzero_si256();
        for (int j = 0; j < 2; j++) {
            const __m256i q4bits1 = _mm256_loadu_si256((const __m256i *)q4); q4 += 32;
            const __m256i q4bits2 = _mm256_loadu_si256((const __m256i *)q4); q4 += 32;
            const __m256i q4bitsH = _mm256_loadu_si256((const __m256i *)qh); qh += 32;
            const __m256i q4h_0 = _mm256_slli_epi16(_mm256_and_si256(q4bitsH, m2), 4);
            const __m256i q4h_1 = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(q4bitsH, 2), m2), 4);
            const __m256i q4h_2 = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(q4bitsH, 4), m2), 4);
            const __m256i q4h_3 = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(q4bitsH, 6), m2), 4);
            const __m256i q4_0 = _mm256_or_si256(_mm256_and_si256(q4bits1, m4), q4h_0);
            const __m256i q4_1 = _mm256_or_si256(_mm256_and_si256(q4bits2, m4), q4h_1);
            const __m256i q4_2 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(q4bits1, 4), m4), q4h_2);
            const __m256i q4_3 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(q4bits2, 4), m4), q4h_3);
            const __m256i q8_0 = _mm256_loadu_si256((const __m256i *)q8); q8 += 32;
            const __m256i q8_1 = _mm256_loadu_si256((const __m256i *)q8); q8 += 32;
            const __m256i q8_2 = _mm256_loadu_si256((const __m256i *)q8); q8 += 32;
            const __m256i q8_3 = _mm256_loadu_si256((const __m256i *)q8); q8 += 32;
            __m256i p16_0 = _mm256_sub_epi16(_mm256_maddubs_epi16(q4_0, q8_0), _mm256_maddubs_epi16(m32s, q8_0));
            __m256i p16_1 = _mm256_sub_epi16(_mm256_maddubs_epi16(q4_1, q8_1), _mm256_maddubs_epi16(m32s, q8_1));
            __m256i p16_2 = _mm256_sub_epi16(_mm256_maddubs_epi16(q4_2, q8_2), _mm256_maddubs_epi16(m32s, q8_2));
            __m256i p16_3 = _mm256_sub_epi16(_mm256_maddubs_epi16(q4_3, q8_3), _mm256_maddubs_epi16(m32s, q8_3));
            // Group k covers sub-blocks 2k and 2k+1: low 128 bits take the first scale, high the second.
            const int8_t *s = sc + 8 * j;
            const __m256i s0 = _mm256_set_m128i(_mm_set1_epi16(s[1]), _mm_set1_epi16(s[0]));
            const __m256i s1 = _mm256_set_m128i(_mm_set1_epi16(s[3]), _mm_set1_epi16(s[2]));
            const __m256i s2 = _mm256_set_m128i(_mm_set1_epi16(s[5]), _mm_set1_epi16(s[4]));
            const __m256i s3 = _mm256_set_m128i(_mm_set1_epi16(s[7]), _mm_set1_epi16(s[6]));
            p16_0 = _mm256_madd_epi16(s0, p16_0);
            p16_1 = _mm256_madd_epi16(s1, p16_1);
            p16_2 = _mm256_madd_epi16(s2, p16_2);
            p16_3 = _mm256_madd_epi16(s3, p16_3);
            sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(p16_0, p16_1));
            sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(p16_2, p16_3));
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sumi), acc);
    }
    return hsum_f32x8(acc);
}

void quantize_row_q8_0_avx2(const float *x, void *vy, int n) {
    block_q8_0 *y = vy;
    const __m256 sign_bit = _mm256_set1_ps(-0.0f);
    for (int i = 0; i < n / QK; i++) {
        __m256 v0 = _mm256_loadu_ps(x), v1 = _mm256_loadu_ps(x + 8), v2 = _mm256_loadu_ps(x + 16), v3 = _mm256_loadu_ps(x + 24);
        x += 32;
        __m256 maxAbs = _mm256_andnot_ps(sign_bit, v0);
        maxAbs = _mm256_max_ps(maxAbs, _mm256_andnot_ps(sign_bit, v1));
        maxAbs = _mm256_max_ps(maxAbs, _mm256_andnot_ps(sign_bit, v2));
        maxAbs = _mm256_max_ps(maxAbs, _mm256_andnot_ps(sign_bit, v3));
        __m128 max4 = _mm_max_ps(_mm256_extractf128_ps(maxAbs, 1), _mm256_castps256_ps128(maxAbs));
        max4 = _mm_max_ps(max4, _mm_movehl_ps(max4, max4));
        max4 = _mm_max_ss(max4, _mm_movehdup_ps(max4));
        const float maxScalar = _mm_cvtss_f32(max4);
        const float d = maxScalar / 127.f;
        y[i].d = fp32_to_fp16(d);
        const float id = (maxScalar != 0.0f) ? 127.f / maxScalar : 0.0f;
        const __m256 mul = _mm256_set1_ps(id);
        v0 = _mm256_round_ps(_mm256_mul_ps(v0, mul), _MM_ROUND_NEAREST);
        v1 = _mm256_round_ps(_mm256_mul_ps(v1, mul), _MM_ROUND_NEAREST);
        v2 = _mm256_round_ps(_mm256_mul_ps(v2, mul), _MM_ROUND_NEAREST);
        v3 = _mm256_round_ps(_mm256_mul_ps(v3, mul), _MM_ROUND_NEAREST);
        __m256i i0 = _mm256_cvtps_epi32(v0), i1 = _mm256_cvtps_epi32(v1), i2 = _mm256_cvtps_epi32(v2), i3 = _mm256_cvtps_epi32(v3);
        i0 = _mm256_packs_epi32(i0, i1);
        i2 = _mm256_packs_epi32(i2, i3);
        i0 = _mm256_packs_epi16(i0, i2);
        const __m256i perm = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
        i0 = _mm256_permutevar8x32_epi32(i0, perm);
        _mm256_storeu_si256((__m256i *)y[i].qs, i0);
    }
}

#pragma clang attribute pop
#endif
