#ifndef INTERNAL_H
#define INTERNAL_H
#include "CKernels.h"
#include <string.h>
#include <math.h>

#define QK 32
#define QK_K 256

typedef uint16_t half_t;
typedef struct { half_t d; uint8_t qs[16]; } block_q4_0;
typedef struct { half_t d, m; uint8_t qs[16]; } block_q4_1;
typedef struct { half_t d; uint8_t qh[4]; uint8_t qs[16]; } block_q5_0;
typedef struct { half_t d, m; uint8_t qh[4]; uint8_t qs[16]; } block_q5_1;
typedef struct { half_t d; int8_t qs[32]; } block_q8_0;
typedef struct { half_t d, s; int8_t qs[32]; } block_q8_1;
typedef struct { uint8_t scales[16]; uint8_t qs[64]; half_t d, dmin; } block_q2_K;
typedef struct { uint8_t hmask[32]; uint8_t qs[64]; uint8_t scales[12]; half_t d; } block_q3_K;
typedef struct { half_t d, dmin; uint8_t scales[12]; uint8_t qs[128]; } block_q4_K;
typedef struct { half_t d, dmin; uint8_t scales[12]; uint8_t qh[32]; uint8_t qs[128]; } block_q5_K;
typedef struct { uint8_t ql[128]; uint8_t qh[64]; int8_t scales[16]; half_t d; } block_q6_K;
typedef struct { float d; int8_t qs[QK_K]; int16_t bsums[QK_K / 16]; } block_q8_K;

_Static_assert(sizeof(block_q4_0) == 18, "q4_0");
_Static_assert(sizeof(block_q4_1) == 20, "q4_1");
_Static_assert(sizeof(block_q5_0) == 22, "q5_0");
_Static_assert(sizeof(block_q5_1) == 24, "q5_1");
_Static_assert(sizeof(block_q8_0) == 34, "q8_0");
_Static_assert(sizeof(block_q8_1) == 36, "q8_1");
_Static_assert(sizeof(block_q2_K) == 84, "q2_K");
_Static_assert(sizeof(block_q3_K) == 110, "q3_K");
_Static_assert(sizeof(block_q4_K) == 144, "q4_K");
_Static_assert(sizeof(block_q5_K) == 176, "q5_K");
_Static_assert(sizeof(block_q6_K) == 210, "q6_K");
_Static_assert(sizeof(block_q8_K) == 292, "q8_K");

static inline float f32_from_bits(uint32_t w) { float f; memcpy(&f, &w, 4); return f; }
static inline uint32_t f32_to_bits(float f) { uint32_t w; memcpy(&w, &f, 4); return w; }

// Exact IEEE half <-> single conversions (subnormals, inf and NaN included), after FP16 by Maratyszcza.
static inline float fp16_to_fp32(half_t h) {
    const uint32_t w = (uint32_t)h << 16;
    const uint32_t sign = w & 0x80000000u;
    const uint32_t two_w = w + w;
    const uint32_t exp_offset = 0xE0u << 23;
    const float normalized = f32_from_bits((two_w >> 4) + exp_offset) * 0x1.0p-112f;
    const float denormalized = f32_from_bits((two_w >> 17) | (126u << 23)) - 0.5f;
    const uint32_t result = sign | (two_w < (1u << 27) ? f32_to_bits(denormalized) : f32_to_bits(normalized));
    return f32_from_bits(result);
}

static inline half_t fp32_to_fp16(float f) {
    float base = (fabsf(f) * 0x1.0p+112f) * 0x1.0p-110f;
    const uint32_t w = f32_to_bits(f);
    const uint32_t shl1_w = w + w;
    const uint32_t sign = w & 0x80000000u;
    uint32_t bias = shl1_w & 0xFF000000u;
    if (bias < 0x71000000u) bias = 0x71000000u;
    base = f32_from_bits((bias >> 1) + 0x07800000u) + base;
    const uint32_t bits = f32_to_bits(base);
    const uint32_t exp_bits = (bits >> 13) & 0x00007C00u;
    const uint32_t mantissa_bits = bits & 0x00000FFFu;
    const uint32_t nonsign = exp_bits + mantissa_bits;
    return (half_t)((sign >> 16) | (shl1_w > 0xFF000000u ? 0x7E00u : nonsign));
}

static inline float bf16_to_fp32(uint16_t h) { return f32_from_bits((uint32_t)h << 16); }

// Half values sit at 2-byte offsets inside weight blocks; reading them through memcpy is always legal.
static inline float load_half(const void *p) { half_t h; memcpy(&h, p, 2); return fp16_to_fp32(h); }

// K-quant scale/min unpacking (ggml's get_scale_min_k4).
static inline void get_scale_min_k4(int j, const uint8_t *q, uint8_t *d, uint8_t *m) {
    if (j < 4) {
        *d = q[j] & 63;
        *m = q[j + 4] & 63;
    } else {
        *d = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
        *m = (q[j + 4] >> 4) | ((q[j - 0] >> 6) << 4);
    }
}

typedef float (*vec_dot_fn)(int n, const void *w, const void *x);

// Scalar kernels (dot_scalar.c).
float dot_f32_scalar(int n, const void *w, const void *x);
float dot_f16_scalar(int n, const void *w, const void *x);
float dot_bf16_scalar(int n, const void *w, const void *x);
float dot_q4_0_scalar(int n, const void *w, const void *x);
float dot_q4_1_scalar(int n, const void *w, const void *x);
float dot_q5_0_scalar(int n, const void *w, const void *x);
float dot_q5_1_scalar(int n, const void *w, const void *x);
float dot_q8_0_scalar(int n, const void *w, const void *x);
float dot_q2_K_scalar(int n, const void *w, const void *x);
float dot_q3_K_scalar(int n, const void *w, const void *x);
float dot_q4_K_scalar(int n, const void *w, const void *x);
float dot_q5_K_scalar(int n, const void *w, const void *x);
float dot_q6_K_scalar(int n, const void *w, const void *x);

// K-quant decoders shared by dequantisation and the scalar dot products (quants.c).
void decode_q2_K(const block_q2_K *b, uint8_t q[QK_K]);
void decode_q3_K(const block_q3_K *b, int8_t q[QK_K], int8_t sc[16]);
void decode_q3_K_scales(const block_q3_K *b, int8_t sc[16]);
void decode_q4_K(const block_q4_K *b, uint8_t q[QK_K], uint8_t sc[8], uint8_t m[8]);
void decode_q5_K(const block_q5_K *b, uint8_t q[QK_K], uint8_t sc[8], uint8_t m[8]);
void decode_q6_K(const block_q6_K *b, int8_t q[QK_K]);

// Unpacks the 12 scale bytes of a Q4_K/Q5_K block: 8 scales then 8 mins, as bytes.
static inline void unpack_k4_scales(const uint8_t *scales, uint32_t utmp[4]) {
    const uint32_t kmask1 = 0x3f3f3f3f, kmask2 = 0x0f0f0f0f, kmask3 = 0x03030303;
    memcpy(utmp, scales, 12);
    utmp[3] = ((utmp[2] >> 4) & kmask2) | (((utmp[1] >> 6) & kmask3) << 4);
    const uint32_t uaux = utmp[1] & kmask1;
    utmp[1] = (utmp[2] & kmask2) | (((utmp[0] >> 6) & kmask3) << 4);
    utmp[2] = uaux;
    utmp[0] &= kmask1;
}

// Q4_K and Q5_K decode to the same shape (eight 32-wide sub-blocks, each with a 6-bit scale and
// min), so their dequantisation and scalar dot products share these two steps.
static inline void dequantize_scale_min_32(const uint8_t q[QK_K], const uint8_t sc[8], const uint8_t m[8],
                                           float d, float dmin, float *y) {
    for (int e = 0; e < QK_K; e++) y[e] = d * sc[e / 32] * q[e] - dmin * m[e / 32];
}
static inline float dot_scale_min_32(const uint8_t q[QK_K], const uint8_t sc[8], const uint8_t m[8],
                                     float d, float dmin, const block_q8_K *x) {
    int isum = 0, summs = 0;
    for (int j = 0; j < 8; j++) {
        int sub = 0;
        for (int l = 0; l < 32; l++) sub += q[32 * j + l] * x->qs[32 * j + l];
        isum += sc[j] * sub;
        summs += m[j] * (x->bsums[2 * j] + x->bsums[2 * j + 1]);
    }
    return x->d * d * isum - x->d * dmin * summs;
}

// Kernel selection (dispatch.c).
vec_dot_fn lumos_dot_kernel(int type);

// Multi-row kernels: dot products of one weight row with 4 activation rows (0 when absent).
typedef void (*vec_dot4_fn)(int n, const void *w, const void *x, size_t x_stride, float *out4);
vec_dot4_fn lumos_dot4_kernel(int type);

// Helpers for attention over the f16 cache.
typedef void (*axpy_f32_fn)(int n, float a, const float *v, float *y);
typedef void (*f16_to_f32_fn)(int n, const uint16_t *x, float *y);
axpy_f32_fn lumos_axpy_f32_kernel(void);
f16_to_f32_fn lumos_f16_to_f32_kernel(void);
// Blocked attention (attention_kernels.c): out[i * out_stride] = scale * dot(k, q + i * hd) for nq
// queries; out[0, hd) += sum over j < nv of p[j] * v[j * hd, ...).
typedef void (*qk_fn)(int hd, const float *k, const float *q, int nq, float scale, float *out, size_t out_stride);
typedef void (*pv_fn)(int hd, const float *v, const float *p, int nv, float *out);
qk_fn lumos_qk_kernel(void);
pv_fn lumos_pv_kernel(void);

// Decode GEMV (gemv_vnni.c): the activation packed once per job, then rows of Q8_0/Q4_0/Q5_0 weights.
// Declared on every architecture because the matmul task carries a pointer to it (null off x86).
typedef struct {
    const int8_t *xq;       // blocks 2j and 2j+1 of the token: 64 bytes at xq + 64 j
    const float *dx;        // their scales, 8 copies each: 16 floats at dx + 16 j
    const int32_t *corr8;   // -8 and -16 times each 4-byte sum of xq, 16 lanes per pair
    const int32_t *corr16;
    int pairs;
} gemv_act;

#if defined(__x86_64__)
int lumos_cpu_has_avx2(void);
int lumos_cpu_has_vnni(void);
int lumos_gemm_pairs_vnni(lumos_pool *pool, const lumos_matmul_desc *d);
int lumos_gemv_type_vnni(int type);
int lumos_gemv_pack_vnni(const lumos_matmul_desc *d, gemv_act *a);
void lumos_gemv_rows_vnni(int type, const void *w, size_t row_bytes, int r0, int r1, const gemv_act *a, float *out);
int lumos_gemm_k_vnni(lumos_pool *pool, const lumos_matmul_desc *d);
float dot_q8_0_vnni(int n, const void *w, const void *x);
float dot_q4_0_vnni(int n, const void *w, const void *x);
float dot_q5_0_vnni(int n, const void *w, const void *x);
void dot4_q8_0_vnni(int n, const void *w, const void *x, size_t xs, float *out);
void dot4_q4_0_vnni(int n, const void *w, const void *x, size_t xs, float *out);
void dot4_q5_0_vnni(int n, const void *w, const void *x, size_t xs, float *out);
float dot_f32_avx2(int n, const void *w, const void *x);
float dot_f16_avx2(int n, const void *w, const void *x);
float dot_q4_0_avx2(int n, const void *w, const void *x);
float dot_q4_1_avx2(int n, const void *w, const void *x);
float dot_q5_0_avx2(int n, const void *w, const void *x);
float dot_q5_1_avx2(int n, const void *w, const void *x);
float dot_q8_0_avx2(int n, const void *w, const void *x);
float dot_q4_K_avx2(int n, const void *w, const void *x);
float dot_q5_K_avx2(int n, const void *w, const void *x);
float dot_q6_K_avx2(int n, const void *w, const void *x);
void axpy_f32_avx2(int n, float a, const float *v, float *y);
void f16_to_f32_avx2(int n, const uint16_t *x, float *y);
void quantize_row_q8_0_avx2(const float *x, void *y, int n);
void dot4_q8_0_avx2(int n, const void *w, const void *x, size_t xs, float *out);
// One matmul of a row-interleaved matrix (gemm_x8_avx2.c) with Q8_0 activations.
typedef struct {
    int type, nb, n_tokens;
    const uint8_t *w;
    const char *x; size_t x_row_bytes;
    const float *xd;        // activation block scales, [token][block]
    const int32_t *xs16;    // 16 × each activation block's code sum (Q5_0's offset), [token][block]
    float *out; size_t out_stride;
} x8_gemm;
// Fills `g` for `d`, with xd and xs16 (n_tokens × n_cols / 32 each) computed from the activations.
void lumos_x8_prepare(const lumos_matmul_desc *d, float *xd, int32_t *xs16, x8_gemm *g);
// Rows r0 ..< r1 (multiples of 8) for every token.
void lumos_x8_rows(const x8_gemm *g, int r0, int r1);
// The Q4_K kind (gemm_x8_q4k_avx2.c): nb counts super-blocks and xs16 holds the activations'
// 32-value sums two to an int32 (4 per token and super-block).
void lumos_x8_q4k_group(const x8_gemm *g, int grp);
size_t lumos_x8_q4k_bytes(int n_rows, int n_cols);
void lumos_x8_q4k_repack(const void *src, size_t src_row_bytes, int r0, int r1, int n_cols, void *dst);
void lumos_x8_q4k_dequantize_row(const void *packed, int row, int n_cols, float *dst);
void lumos_x8_q4k_prepare(const lumos_matmul_desc *d, int32_t *pairs, x8_gemm *g);
// The Q6_K kind (gemm_x8_q6k_avx2.c): nb counts super-blocks; nothing computed ahead.
void lumos_x8_q6k_group(const x8_gemm *g, int grp);
size_t lumos_x8_q6k_bytes(int n_rows, int n_cols);
void lumos_x8_q6k_repack(const void *src, size_t src_row_bytes, int r0, int r1, int n_cols, void *dst);
void lumos_x8_q6k_dequantize_row(const void *packed, int row, int n_cols, float *dst);
void lumos_x8_q6k_prepare(const lumos_matmul_desc *d, x8_gemm *g);
void dot4_q4_0_avx2(int n, const void *w, const void *x, size_t xs, float *out);
void dot4_q5_0_avx2(int n, const void *w, const void *x, size_t xs, float *out);
void dot4_q4_K_avx2(int n, const void *w, const void *x, size_t xs, float *out);
void dot4_q6_K_avx2(int n, const void *w, const void *x, size_t xs, float *out);
#endif

#if defined(__aarch64__)
// NEON kernels (dot_neon.c): baseline ARMv8 for every arm64 CPU, integer kernels also with sdot.
int lumos_cpu_has_dotprod(void);
vec_dot_fn lumos_neon_dot_kernel(int type);     // 0 for types without a NEON kernel
vec_dot4_fn lumos_neon_dot4_kernel(int type);   // 0 for types without a NEON prefill kernel
float dot_f32_neon(int n, const void *w, const void *x);
float dot_f16_neon(int n, const void *w, const void *x);
float dot_q4_0_neon(int n, const void *w, const void *x);
float dot_q4_1_neon(int n, const void *w, const void *x);
float dot_q5_0_neon(int n, const void *w, const void *x);
float dot_q5_1_neon(int n, const void *w, const void *x);
float dot_q8_0_neon(int n, const void *w, const void *x);
float dot_q2_K_neon(int n, const void *w, const void *x);
float dot_q3_K_neon(int n, const void *w, const void *x);
float dot_q4_K_neon(int n, const void *w, const void *x);
float dot_q5_K_neon(int n, const void *w, const void *x);
float dot_q6_K_neon(int n, const void *w, const void *x);
float dot_q4_0_neon_dp(int n, const void *w, const void *x);
float dot_q4_1_neon_dp(int n, const void *w, const void *x);
float dot_q5_0_neon_dp(int n, const void *w, const void *x);
float dot_q5_1_neon_dp(int n, const void *w, const void *x);
float dot_q8_0_neon_dp(int n, const void *w, const void *x);
float dot_q2_K_neon_dp(int n, const void *w, const void *x);
float dot_q3_K_neon_dp(int n, const void *w, const void *x);
float dot_q4_K_neon_dp(int n, const void *w, const void *x);
float dot_q5_K_neon_dp(int n, const void *w, const void *x);
float dot_q6_K_neon_dp(int n, const void *w, const void *x);
void dot4_q4_0_neon(int n, const void *w, const void *x, size_t xs, float *out);
void dot4_q5_0_neon(int n, const void *w, const void *x, size_t xs, float *out);
void dot4_q8_0_neon(int n, const void *w, const void *x, size_t xs, float *out);
void dot4_q4_K_neon(int n, const void *w, const void *x, size_t xs, float *out);
void dot4_q6_K_neon(int n, const void *w, const void *x, size_t xs, float *out);
void dot4_q4_0_neon_dp(int n, const void *w, const void *x, size_t xs, float *out);
void dot4_q5_0_neon_dp(int n, const void *w, const void *x, size_t xs, float *out);
void dot4_q8_0_neon_dp(int n, const void *w, const void *x, size_t xs, float *out);
void dot4_q4_K_neon_dp(int n, const void *w, const void *x, size_t xs, float *out);
void dot4_q6_K_neon_dp(int n, const void *w, const void *x, size_t xs, float *out);
void axpy_f32_neon(int n, float a, const float *v, float *y);
void f16_to_f32_neon(int n, const uint16_t *x, float *y);
#endif

#endif
