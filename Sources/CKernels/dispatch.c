// Run-time kernel selection: on x86-64 AVX-512 VNNI or AVX2 kernels when the CPU has them, on arm64
// NEON (with sdot when the CPU has it), scalar otherwise.
#include "internal.h"

static void axpy_f32_scalar(int n, float a, const float *v, float *y) {
    for (int i = 0; i < n; i++) y[i] += a * v[i];
}

static void f16_to_f32_scalar(int n, const uint16_t *x, float *y) {
    for (int i = 0; i < n; i++) y[i] = fp16_to_fp32(x[i]);
}

static vec_dot_fn scalar_kernel(int type) {
    switch (type) {
    case LK_F32: return dot_f32_scalar;
    case LK_F16: return dot_f16_scalar;
    case LK_BF16: return dot_bf16_scalar;
    case LK_Q4_0: return dot_q4_0_scalar;
    case LK_Q4_1: return dot_q4_1_scalar;
    case LK_Q5_0: return dot_q5_0_scalar;
    case LK_Q5_1: return dot_q5_1_scalar;
    case LK_Q8_0: return dot_q8_0_scalar;
    case LK_Q2_K: return dot_q2_K_scalar;
    case LK_Q3_K: return dot_q3_K_scalar;
    case LK_Q4_K: return dot_q4_K_scalar;
    case LK_Q5_K: return dot_q5_K_scalar;
    case LK_Q6_K: return dot_q6_K_scalar;
    default: return 0;
    }
}

vec_dot_fn lumos_dot_kernel(int type) {
#if defined(__x86_64__)
    if (lumos_cpu_has_vnni()) {
        switch (type) {
        case LK_Q4_0: return dot_q4_0_vnni;
        case LK_Q5_0: return dot_q5_0_vnni;
        case LK_Q8_0: return dot_q8_0_vnni;
        default: break;
        }
    }
    if (lumos_cpu_has_avx2()) {
        switch (type) {
        case LK_F32: return dot_f32_avx2;
        case LK_F16: return dot_f16_avx2;
        case LK_Q4_0: return dot_q4_0_avx2;
        case LK_Q4_1: return dot_q4_1_avx2;
        case LK_Q5_0: return dot_q5_0_avx2;
        case LK_Q5_1: return dot_q5_1_avx2;
        case LK_Q8_0: return dot_q8_0_avx2;
        case LK_Q4_K: return dot_q4_K_avx2;
        case LK_Q5_K: return dot_q5_K_avx2;
        case LK_Q6_K: return dot_q6_K_avx2;
        default: break;
        }
    }
#elif defined(__aarch64__)
    vec_dot_fn neon = lumos_neon_dot_kernel(type);
    if (neon) return neon;
#endif
    return scalar_kernel(type);
}

axpy_f32_fn lumos_axpy_f32_kernel(void) {
#if defined(__x86_64__)
    if (lumos_cpu_has_avx2()) return axpy_f32_avx2;
#elif defined(__aarch64__)
    return axpy_f32_neon;
#endif
    return axpy_f32_scalar;
}

f16_to_f32_fn lumos_f16_to_f32_kernel(void) {
#if defined(__x86_64__)
    if (lumos_cpu_has_avx2()) return f16_to_f32_avx2;
#elif defined(__aarch64__)
    return f16_to_f32_neon;
#endif
    return f16_to_f32_scalar;
}

const char *lumos_kernel_isa(void) {
#if defined(__x86_64__)
    if (lumos_cpu_has_vnni()) return "avx512vnni";
    if (lumos_cpu_has_avx2()) return "avx2";
#elif defined(__aarch64__)
    return lumos_cpu_has_dotprod() ? "neon-dotprod" : "neon";
#endif
    return "scalar";
}

float lumos_vec_dot(int type, int n, const void *w, const void *x) {
    vec_dot_fn f = lumos_dot_kernel(type);
    return f ? f(n, w, x) : 0.0f;
}

float lumos_vec_dot_scalar(int type, int n, const void *w, const void *x) {
    vec_dot_fn f = scalar_kernel(type);
    return f ? f(n, w, x) : 0.0f;
}
