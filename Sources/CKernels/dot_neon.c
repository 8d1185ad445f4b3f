// NEON kernels for arm64. The float kernels and the baseline integer kernels use only ARMv8 Advanced
// SIMD, which every arm64 CPU has; the integer kernels are built a second time with the ARMv8.2 dot
// product instruction (sdot), chosen at run time when the CPU reports it. Both builds compute the same
// integer sums as the scalar kernels; only the order of the float additions differs. The prefill
// kernels (dot4_*, four activation rows) give the single-row kernels' results bit for bit.
#include "internal.h"
#if defined(__aarch64__)
#include <arm_neon.h>
#if defined(__linux__)
#include <sys/auxv.h>
#ifndef HWCAP_ASIMDDP
#define HWCAP_ASIMDDP (1 << 20)
#endif
#endif

// GCC only lets the sdot intrinsic inline into functions whose target names an architecture with it.
#if defined(__clang__)
#define DOTPROD_TARGET __attribute__((target("dotprod")))
#else
#define DOTPROD_TARGET __attribute__((target("arch=armv8.2-a+dotprod")))
#endif

int lumos_cpu_has_dotprod(void) {
#if defined(__ARM_FEATURE_DOTPROD)
    return 1;
#elif defined(__linux__)
    static int cached = -1;
    if (cached < 0) cached = (getauxval(AT_HWCAP) & HWCAP_ASIMDDP) != 0;
    return cached;
#else
    return 0;
#endif
}

// The FP16 conversion instructions are part of baseline ARMv8, and exact like fp16_to_fp32.
static inline float h2f(half_t h) { __fp16 f; memcpy(&f, &h, 2); return (float)f; }

float dot_f32_neon(int n, const void *vw, const void *vx) {
    const float *w = vw, *x = vx;
    float32x4_t a0 = vdupq_n_f32(0), a1 = a0, a2 = a0, a3 = a0;
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        a0 = vfmaq_f32(a0, vld1q_f32(w + i), vld1q_f32(x + i));
        a1 = vfmaq_f32(a1, vld1q_f32(w + i + 4), vld1q_f32(x + i + 4));
        a2 = vfmaq_f32(a2, vld1q_f32(w + i + 8), vld1q_f32(x + i + 8));
        a3 = vfmaq_f32(a3, vld1q_f32(w + i + 12), vld1q_f32(x + i + 12));
    }
    for (; i + 4 <= n; i += 4) a0 = vfmaq_f32(a0, vld1q_f32(w + i), vld1q_f32(x + i));
    float s = vaddvq_f32(vaddq_f32(vaddq_f32(a0, a1), vaddq_f32(a2, a3)));
    for (; i < n; i++) s += w[i] * x[i];
    return s;
}

// F16 weight rows may start at any byte offset, so they are loaded as bytes.
float dot_f16_neon(int n, const void *vw, const void *vx) {
    const uint8_t *w = vw; const float *x = vx;
    float32x4_t a0 = vdupq_n_f32(0), a1 = a0, a2 = a0, a3 = a0;
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        const float16x8_t h0 = vreinterpretq_f16_u8(vld1q_u8(w + 2 * i));
        const float16x8_t h1 = vreinterpretq_f16_u8(vld1q_u8(w + 2 * i + 16));
        a0 = vfmaq_f32(a0, vcvt_f32_f16(vget_low_f16(h0)), vld1q_f32(x + i));
        a1 = vfmaq_f32(a1, vcvt_high_f32_f16(h0), vld1q_f32(x + i + 4));
        a2 = vfmaq_f32(a2, vcvt_f32_f16(vget_low_f16(h1)), vld1q_f32(x + i + 8));
        a3 = vfmaq_f32(a3, vcvt_high_f32_f16(h1), vld1q_f32(x + i + 12));
    }
    for (; i + 4 <= n; i += 4) a0 = vfmaq_f32(a0, vcvt_f32_f16(vreinterpret_f16_u8(vld1_u8(w + 2 * i))), vld1q_f32(x + i));
    float s = vaddvq_f32(vaddq_f32(vaddq_f32(a0, a1), vaddq_f32(a2, a3)));
    for (; i < n; i++) s += load_half(w + 2 * i) * x[i];
    return s;
}

void axpy_f32_neon(int n, float a, const float *v, float *y) {
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        vst1q_f32(y + i, vfmaq_n_f32(vld1q_f32(y + i), vld1q_f32(v + i), a));
        vst1q_f32(y + i + 4, vfmaq_n_f32(vld1q_f32(y + i + 4), vld1q_f32(v + i + 4), a));
    }
    for (; i < n; i++) y[i] += a * v[i];
}

void f16_to_f32_neon(int n, const uint16_t *x, float *y) {
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        const float16x8_t h = vreinterpretq_f16_u16(vld1q_u16(x + i));
        vst1q_f32(y + i, vcvt_f32_f16(vget_low_f16(h)));
        vst1q_f32(y + i + 4, vcvt_high_f32_f16(h));
    }
    for (; i < n; i++) y[i] = fp16_to_fp32(x[i]);
}

// The fifth bit of the 32 weights of a Q5_0/Q5_1 block, as 0x10 in the byte of each weight:
// bits 0-15 of qh for the low nibbles (weights 0-15), bits 16-31 for the high nibbles.
static inline void q5_high_bits(const uint8_t qh[4], uint8x16_t *lo, uint8x16_t *hi) {
    static const uint8_t idx_lo[16] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1};
    static const uint8_t idx_hi[16] = {2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3};
    static const uint8_t bit[16] = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
    uint32_t q; memcpy(&q, qh, 4);
    const uint8x16_t v = vreinterpretq_u8_u32(vdupq_n_u32(q));
    const uint8x16_t b = vld1q_u8(bit), fifth = vdupq_n_u8(0x10);
    *lo = vandq_u8(vtstq_u8(vqtbl1q_u8(v, vld1q_u8(idx_lo)), b), fifth);
    *hi = vandq_u8(vtstq_u8(vqtbl1q_u8(v, vld1q_u8(idx_hi)), b), fifth);
}

// The 32 weights of a block of the Q8_0 family as signed bytes, v[0] weights 0-15 and v[1] 16-31.
// Q4 and Q5 codes are stored nibbles (low nibbles first) minus `offset`: 8 for Q4_0, 16 for Q5_0,
// 0 for Q4_1 and Q5_1 (whose minimum comes back through the activation's sum).
static inline void q4_codes(const uint8_t *qs, int8x16_t offset, int8x16_t v[2]) {
    const uint8x16_t q = vld1q_u8(qs);
    v[0] = vsubq_s8(vreinterpretq_s8_u8(vandq_u8(q, vdupq_n_u8(0x0F))), offset);
    v[1] = vsubq_s8(vreinterpretq_s8_u8(vshrq_n_u8(q, 4)), offset);
}
static inline void q5_codes(const uint8_t *qs, const uint8_t qh[4], int8x16_t offset, int8x16_t v[2]) {
    uint8x16_t h_lo, h_hi;
    q5_high_bits(qh, &h_lo, &h_hi);
    const uint8x16_t q = vld1q_u8(qs);
    v[0] = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vandq_u8(q, vdupq_n_u8(0x0F)), h_lo)), offset);
    v[1] = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vshrq_n_u8(q, 4), h_hi)), offset);
}
static inline void codes_q8_0(const block_q8_0 *b, int8x16_t v[2]) { v[0] = vld1q_s8(b->qs); v[1] = vld1q_s8(b->qs + 16); }
static inline void codes_q4_0(const block_q4_0 *b, int8x16_t v[2]) { q4_codes(b->qs, vdupq_n_s8(8), v); }
static inline void codes_q5_0(const block_q5_0 *b, int8x16_t v[2]) { q5_codes(b->qs, b->qh, vdupq_n_s8(16), v); }

// One 64-weight group of a Q4_K block from its 32 bytes: v[0], v[1] sub-block 2g (low nibbles),
// v[2], v[3] sub-block 2g + 1 (high nibbles).
static inline void q4k_codes(const uint8_t *qs, int8x16_t v[4]) {
    const uint8x16_t m4 = vdupq_n_u8(0x0F), a = vld1q_u8(qs), b = vld1q_u8(qs + 16);
    v[0] = vreinterpretq_s8_u8(vandq_u8(a, m4));
    v[1] = vreinterpretq_s8_u8(vandq_u8(b, m4));
    v[2] = vreinterpretq_s8_u8(vshrq_n_u8(a, 4));
    v[3] = vreinterpretq_s8_u8(vshrq_n_u8(b, 4));
}

// Q6_K: each half of the block (128 weights) takes 64 bytes of ql and 32 of qh. Weight 32k + l of a
// half has its low 4 bits in ql[l + 32 (k & 1)] (low nibble for k < 2, high for k >= 2) and its top 2
// bits at bit 2k of qh[l]. Given ql + 16 h and qh + 16 h, v[k] holds weights 32k + 16h ... + 15.
static inline void q6k_codes(const uint8_t *ql, const uint8_t *qh, int8x16_t v[4]) {
    const uint8x16_t m4 = vdupq_n_u8(0x0F), m2 = vdupq_n_u8(0x30);
    const int8x16_t offset = vdupq_n_s8(32);
    const uint8x16_t l0 = vld1q_u8(ql), l1 = vld1q_u8(ql + 32), hb = vld1q_u8(qh);
    v[0] = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vandq_u8(l0, m4), vandq_u8(vshlq_n_u8(hb, 4), m2))), offset);
    v[1] = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vandq_u8(l1, m4), vandq_u8(vshlq_n_u8(hb, 2), m2))), offset);
    v[2] = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vshrq_n_u8(l0, 4), vandq_u8(hb, m2))), offset);
    v[3] = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vshrq_n_u8(l1, 4), vandq_u8(vshrq_n_u8(hb, 2), m2))), offset);
}

// Sum of m[j] * (bsums[2j] + bsums[2j + 1]) over the eight sub-blocks of a Q8_K block.
static inline int k4_min_sum(const block_q8_K *x, const uint8_t m[8]) {
    const int16x8_t bs = vpaddq_s16(vld1q_s16(x->bsums), vld1q_s16(x->bsums + 8));
    const int16x8_t m16 = vreinterpretq_s16_u16(vmovl_u8(vld1_u8(m)));
    return vaddvq_s32(vaddq_s32(vmull_s16(vget_low_s16(bs), vget_low_s16(m16)), vmull_high_s16(bs, m16)));
}

// Sum of (scales[j] >> 4) * bsums[j] over the sixteen 16-weight groups of a Q2_K block.
static inline int q2_min_sum(const block_q8_K *x, const uint8_t scales[16]) {
    const uint8x16_t mins = vshrq_n_u8(vld1q_u8(scales), 4);
    const int16x8_t m0 = vreinterpretq_s16_u16(vmovl_u8(vget_low_u8(mins)));
    const int16x8_t m1 = vreinterpretq_s16_u16(vmovl_high_u8(mins));
    const int16x8_t b0 = vld1q_s16(x->bsums), b1 = vld1q_s16(x->bsums + 8);
    int32x4_t s = vmull_s16(vget_low_s16(m0), vget_low_s16(b0));
    s = vmlal_high_s16(s, m0, b0);
    s = vmlal_s16(s, vget_low_s16(m1), vget_low_s16(b1));
    return vaddvq_s32(vmlal_high_s16(s, m1, b1));
}

// Baseline: 16 products of signed bytes, widened to 16 bits (|w x| <= 2^14 fits), added pairwise into 32.
static inline int32x4_t mul_acc_s8(int32x4_t acc, int8x16_t a, int8x16_t b) {
    acc = vpadalq_s16(acc, vmull_s8(vget_low_s8(a), vget_low_s8(b)));
    return vpadalq_s16(acc, vmull_high_s8(a, b));
}

#define KERNEL(name) name##_neon
#define KERNEL_TARGET
#define MUL_ACC mul_acc_s8
#include "neon_quant.inc"
#undef KERNEL
#undef KERNEL_TARGET
#undef MUL_ACC

DOTPROD_TARGET static inline int32x4_t mul_acc_s8_dp(int32x4_t acc, int8x16_t a, int8x16_t b) {
    return vdotq_s32(acc, a, b);
}

#define KERNEL(name) name##_neon_dp
#define KERNEL_TARGET DOTPROD_TARGET
#define MUL_ACC mul_acc_s8_dp
#include "neon_quant.inc"
#undef KERNEL
#undef KERNEL_TARGET
#undef MUL_ACC

vec_dot4_fn lumos_neon_dot4_kernel(int type) {
    if (lumos_cpu_has_dotprod()) {
        switch (type) {
        case LK_Q4_0: return dot4_q4_0_neon_dp;
        case LK_Q5_0: return dot4_q5_0_neon_dp;
        case LK_Q8_0: return dot4_q8_0_neon_dp;
        case LK_Q4_K: return dot4_q4_K_neon_dp;
        case LK_Q6_K: return dot4_q6_K_neon_dp;
        default: return 0;
        }
    }
    switch (type) {
    case LK_Q4_0: return dot4_q4_0_neon;
    case LK_Q5_0: return dot4_q5_0_neon;
    case LK_Q8_0: return dot4_q8_0_neon;
    case LK_Q4_K: return dot4_q4_K_neon;
    case LK_Q6_K: return dot4_q6_K_neon;
    default: return 0;
    }
}

vec_dot_fn lumos_neon_dot_kernel(int type) {
    if (lumos_cpu_has_dotprod()) {
        switch (type) {
        case LK_Q4_0: return dot_q4_0_neon_dp;
        case LK_Q4_1: return dot_q4_1_neon_dp;
        case LK_Q5_0: return dot_q5_0_neon_dp;
        case LK_Q5_1: return dot_q5_1_neon_dp;
        case LK_Q8_0: return dot_q8_0_neon_dp;
        case LK_Q2_K: return dot_q2_K_neon_dp;
        case LK_Q3_K: return dot_q3_K_neon_dp;
        case LK_Q4_K: return dot_q4_K_neon_dp;
        case LK_Q5_K: return dot_q5_K_neon_dp;
        case LK_Q6_K: return dot_q6_K_neon_dp;
        default: break;
        }
    }
    switch (type) {
    case LK_F32: return dot_f32_neon;
    case LK_F16: return dot_f16_neon;
    case LK_Q4_0: return dot_q4_0_neon;
    case LK_Q4_1: return dot_q4_1_neon;
    case LK_Q5_0: return dot_q5_0_neon;
    case LK_Q5_1: return dot_q5_1_neon;
    case LK_Q8_0: return dot_q8_0_neon;
    case LK_Q2_K: return dot_q2_K_neon;
    case LK_Q3_K: return dot_q3_K_neon;
    case LK_Q4_K: return dot_q4_K_neon;
    case LK_Q5_K: return dot_q5_K_neon;
    case LK_Q6_K: return dot_q6_K_neon;
    default: return 0;
    }
}
#endif
