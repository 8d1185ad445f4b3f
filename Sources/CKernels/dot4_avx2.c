// Prefill kernels: one weight row against four activation rows. The weight block is unpacked once
// and reused for the four tokens, which halves the work per multiply-add of the single-row kernels.
#include "internal.h"
#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)

#include "x86_simd.h"

void dot4_q4_K_avx2(int n, const void *vw, const void *vx, size_t xs, float *out) {
    const block_q4_K *w = vw;
    const char *xp = vx;
    const __m256i m4 = _mm256_set1_epi8(0xF);
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    // The mins go through a 4-lane accumulator summed at the end, exactly as in dot_q4_K_avx2, so that
    // a token's result does not depend on whether it was computed alone or in a group of four.
    __m128 acc_m[4] = {_mm_setzero_ps(), _mm_setzero_ps(), _mm_setzero_ps(), _mm_setzero_ps()};
    uint32_t utmp[4];
    for (int i = 0; i < n / QK_K; i++) {
        const float d = _cvtsh_ss(w[i].d), dmin = _cvtsh_ss(w[i].dmin);
        unpack_k4_scales(w[i].scales, utmp);
        const __m256i mins_and_scales = _mm256_cvtepu8_epi16(_mm_set_epi32((int)utmp[3], (int)utmp[2], (int)utmp[1], (int)utmp[0]));
        const __m128i mins128 = _mm256_extracti128_si256(mins_and_scales, 1);
        const __m128i sc128 = _mm256_extracti128_si256(mins_and_scales, 0);
        const __m256i scales = _mm256_set_m128i(sc128, sc128);
        __m256i sumi[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};
        for (int j = 0; j < 4; j++) {
            const __m256i scale_l = _mm256_shuffle_epi8(scales, _mm256_set1_epi16((short)(((4 * j + 1) << 8) | (4 * j))));
            const __m256i scale_h = _mm256_shuffle_epi8(scales, _mm256_set1_epi16((short)(((4 * j + 3) << 8) | (4 * j + 2))));
            const __m256i q4bits = _mm256_loadu_si256((const __m256i *)(w[i].qs + 32 * j));
            const __m256i q4l = _mm256_and_si256(q4bits, m4);
            const __m256i q4h = _mm256_and_si256(_mm256_srli_epi16(q4bits, 4), m4);
            for (int t = 0; t < 4; t++) {
                const block_q8_K *xb = (const block_q8_K *)(xp + t * xs) + i;
                const __m256i q8l = _mm256_loadu_si256((const __m256i *)(xb->qs + 64 * j));
                const __m256i q8h = _mm256_loadu_si256((const __m256i *)(xb->qs + 64 * j + 32));
                const __m256i pl = _mm256_madd_epi16(scale_l, _mm256_maddubs_epi16(q4l, q8l));
                const __m256i ph = _mm256_madd_epi16(scale_h, _mm256_maddubs_epi16(q4h, q8h));
                sumi[t] = _mm256_add_epi32(sumi[t], _mm256_add_epi32(pl, ph));
            }
        }
        for (int t = 0; t < 4; t++) {
            const block_q8_K *xb = (const block_q8_K *)(xp + t * xs) + i;
            const __m256i q8sums = _mm256_loadu_si256((const __m256i *)xb->bsums);
            const __m128i q8s = _mm_hadd_epi16(_mm256_extracti128_si256(q8sums, 0), _mm256_extracti128_si256(q8sums, 1));
            const __m128i prod = _mm_madd_epi16(mins128, q8s);
            acc_m[t] = _mm_fmadd_ps(_mm_set1_ps(-xb->d * dmin), _mm_cvtepi32_ps(prod), acc_m[t]);
            acc[t] = _mm256_fmadd_ps(_mm256_set1_ps(xb->d * d), _mm256_cvtepi32_ps(sumi[t]), acc[t]);
        }
    }
    for (int t = 0; t < 4; t++) {
        __m128 m = _mm_add_ps(acc_m[t], _mm_movehl_ps(acc_m[t], acc_m[t]));
        m = _mm_add_ss(m, _mm_movehdup_ps(m));
        out[t] = hsum_f32x8(acc[t]) + _mm_cvtss_f32(m);
    }
}

void dot4_q6_K_avx2(int n, const void *vw, const void *vx, size_t xs, float *out) {
    const block_q6_K *w = vw;
    const char *xp = vx;
    const __m256i m4 = _mm256_set1_epi8(0xF), m2 = _mm256_set1_epi8(3), m32s = _mm256_set1_epi8(32);
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    for (int i = 0; i < n / QK_K; i++) {
        const float d = _cvtsh_ss(w[i].d);
        __m256i sumi[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};
        for (int j = 0; j < 2; j++) {
            const uint8_t *ql = w[i].ql + 64 * j, *qh = w[i].qh + 32 * j;
            const __m256i b1 = _mm256_loadu_si256((const __m256i *)ql), b2 = _mm256_loadu_si256((const __m256i *)(ql + 32));
            const __m256i bh = _mm256_loadu_si256((const __m256i *)qh);
            __m256i q[4];
            q[0] = _mm256_or_si256(_mm256_and_si256(b1, m4), _mm256_slli_epi16(_mm256_and_si256(bh, m2), 4));
            q[1] = _mm256_or_si256(_mm256_and_si256(b2, m4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(bh, 2), m2), 4));
            q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(b1, 4), m4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(bh, 4), m2), 4));
            q[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(b2, 4), m4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(bh, 6), m2), 4));
            const int8_t *s = w[i].scales + 8 * j;
            __m256i sc[4];
            for (int k = 0; k < 4; k++) sc[k] = _mm256_set_m128i(_mm_set1_epi16(s[2 * k + 1]), _mm_set1_epi16(s[2 * k]));
            for (int t = 0; t < 4; t++) {
                const block_q8_K *xb = (const block_q8_K *)(xp + t * xs) + i;
                for (int k = 0; k < 4; k++) {
                    const __m256i q8 = _mm256_loadu_si256((const __m256i *)(xb->qs + 128 * j + 32 * k));
                    const __m256i p = _mm256_sub_epi16(_mm256_maddubs_epi16(q[k], q8), _mm256_maddubs_epi16(m32s, q8));
                    sumi[t] = _mm256_add_epi32(sumi[t], _mm256_madd_epi16(sc[k], p));
                }
            }
        }
        for (int t = 0; t < 4; t++) {
            const block_q8_K *xb = (const block_q8_K *)(xp + t * xs) + i;
            acc[t] = _mm256_fmadd_ps(_mm256_set1_ps(xb->d * d), _mm256_cvtepi32_ps(sumi[t]), acc[t]);
        }
    }
    for (int t = 0; t < 4; t++) out[t] = hsum_f32x8(acc[t]);
}

#pragma clang attribute pop
#endif
