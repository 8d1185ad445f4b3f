// Block formats: type table, dequantisation, activation quantisation (ggml reference semantics).
#include "internal.h"
#include <stdlib.h>

float lumos_fp16_to_fp32(uint16_t h) { return fp16_to_fp32(h); }
uint16_t lumos_fp32_to_fp16(float f) { return fp32_to_fp16(f); }

int lumos_type_block_size(int type) {
    switch (type) {
    case LK_F32: case LK_F16: case LK_BF16: return 1;
    case LK_Q4_0: case LK_Q4_1: case LK_Q5_0: case LK_Q5_1: case LK_Q8_0: case LK_Q8_1: return QK;
    case LK_Q2_K: case LK_Q3_K: case LK_Q4_K: case LK_Q5_K: case LK_Q6_K: case LK_Q8_K: return QK_K;
    default: return 0;
    }
}

int lumos_type_block_bytes(int type) {
    switch (type) {
    case LK_F32: return 4;
    case LK_F16: case LK_BF16: return 2;
    case LK_Q4_0: return sizeof(block_q4_0);
    case LK_Q4_1: return sizeof(block_q4_1);
    case LK_Q5_0: return sizeof(block_q5_0);
    case LK_Q5_1: return sizeof(block_q5_1);
    case LK_Q8_0: return sizeof(block_q8_0);
    case LK_Q8_1: return sizeof(block_q8_1);
    case LK_Q2_K: return sizeof(block_q2_K);
    case LK_Q3_K: return sizeof(block_q3_K);
    case LK_Q4_K: return sizeof(block_q4_K);
    case LK_Q5_K: return sizeof(block_q5_K);
    case LK_Q6_K: return sizeof(block_q6_K);
    case LK_Q8_K: return sizeof(block_q8_K);
    default: return 0;
    }
}

int lumos_type_supported(int type) {
    return type != LK_Q8_1 && type != LK_Q8_K && lumos_type_block_size(type) != 0;
}

int lumos_vec_dot_type(int type) {
    switch (type) {
    case LK_Q4_0: case LK_Q5_0: case LK_Q8_0: case LK_Q5_0_X8: case LK_Q8_0_X8: return LK_Q8_0;
    case LK_Q4_1: case LK_Q5_1: return LK_Q8_1;
    case LK_Q2_K: case LK_Q3_K: case LK_Q4_K: case LK_Q5_K: case LK_Q6_K: case LK_Q4_K_X8: case LK_Q6_K_X8: return LK_Q8_K;
    default: return LK_F32;  // F32, F16 and BF16 weights take float activations
    }
}

size_t lumos_act_row_bytes(int type, int n) {
    int at = lumos_vec_dot_type(type);
    return (size_t)(n / lumos_type_block_size(at)) * (size_t)lumos_type_block_bytes(at);
}

// ---- activation quantisers ----

void lumos_quantize_row_q8_0(const float *x, void *vy, int n) {
    block_q8_0 *y = vy;
    for (int i = 0; i < n / QK; i++) {
        float amax = 0.0f;
        for (int j = 0; j < QK; j++) amax = fmaxf(amax, fabsf(x[i * QK + j]));
        const float d = amax / 127.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = fp32_to_fp16(d);
        for (int j = 0; j < QK; j++) y[i].qs[j] = (int8_t)roundf(x[i * QK + j] * id);
    }
}

void lumos_quantize_row_q8_1(const float *x, void *vy, int n) {
    block_q8_1 *y = vy;
    for (int i = 0; i < n / QK; i++) {
        float amax = 0.0f;
        for (int j = 0; j < QK; j++) amax = fmaxf(amax, fabsf(x[i * QK + j]));
        const float d = amax / 127.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = fp32_to_fp16(d);
        int sum = 0;
        for (int j = 0; j < QK; j++) {
            y[i].qs[j] = (int8_t)roundf(x[i * QK + j] * id);
            sum += y[i].qs[j];
        }
        y[i].s = fp32_to_fp16((float)sum * d);
    }
}

static inline int nearest_int(float fval) {
    float val = fval + 12582912.f;
    int i; memcpy(&i, &val, sizeof(int));
    return (i & 0x007fffff) - 0x00400000;
}

void lumos_quantize_row_q8_K(const float *x, void *vy, int n) {
    block_q8_K *y = vy;
    for (int i = 0; i < n / QK_K; i++) {
        float max = 0, amax = 0;
        for (int j = 0; j < QK_K; ++j) {
            float ax = fabsf(x[j]);
            if (ax > amax) { amax = ax; max = x[j]; }
        }
        if (!amax) {
            y[i].d = 0;
            memset(y[i].qs, 0, QK_K);
            memset(y[i].bsums, 0, sizeof(y[i].bsums));
            x += QK_K;
            continue;
        }
        const float iscale = -127.f / max;
        for (int j = 0; j < QK_K; ++j) {
            int v = nearest_int(iscale * x[j]);
            y[i].qs[j] = (int8_t)(v < 127 ? v : 127);
        }
        for (int j = 0; j < QK_K / 16; ++j) {
            int sum = 0;
            for (int ii = 0; ii < 16; ++ii) sum += y[i].qs[j * 16 + ii];
            y[i].bsums[j] = (int16_t)sum;
        }
        y[i].d = 1 / iscale;
        x += QK_K;
    }
}

void lumos_quantize_act(int type, const float *x, int rows, int n, void *dst) {
    const int at = lumos_vec_dot_type(type);
    const size_t rb = lumos_act_row_bytes(type, n);
    for (int r = 0; r < rows; r++) {
        const float *xr = x + (size_t)r * n;
        char *yr = (char *)dst + (size_t)r * rb;
        switch (at) {
        case LK_Q8_0:
#if defined(__x86_64__)
            if (lumos_cpu_has_avx2()) { quantize_row_q8_0_avx2(xr, yr, n); break; }
#endif
            lumos_quantize_row_q8_0(xr, yr, n); break;
        case LK_Q8_1: lumos_quantize_row_q8_1(xr, yr, n); break;
        case LK_Q8_K: lumos_quantize_row_q8_K(xr, yr, n); break;
        default: memcpy(yr, xr, (size_t)n * sizeof(float)); break;
        }
    }
}

// ---- K-quant decoders ----

void decode_q2_K(const block_q2_K *b, uint8_t q[QK_K]) {
    for (int e = 0; e < QK_K; e++) {
        int nn = e / 128, r = e % 128, k = r / 32, l = r % 32;
        q[e] = (b->qs[32 * nn + l] >> (2 * k)) & 3;
    }
}

void decode_q3_K(const block_q3_K *b, int8_t q[QK_K], int8_t sc[16]) {
    for (int e = 0; e < QK_K; e++) {
        int nn = e / 128, r = e % 128, k = r / 32, l = r % 32;
        int v = (b->qs[32 * nn + l] >> (2 * k)) & 3;
        v -= ((b->hmask[l] >> (4 * nn + k)) & 1) ? 0 : 4;
        q[e] = (int8_t)v;
    }
    decode_q3_K_scales(b, sc);
}

void decode_q3_K_scales(const block_q3_K *b, int8_t sc[16]) {
    for (int i = 0; i < 16; i++) {
        int lo4 = i < 8 ? (b->scales[i] & 15) : (b->scales[i - 8] >> 4);
        int hi2 = (b->scales[8 + (i % 4)] >> (2 * (i / 4))) & 3;
        sc[i] = (int8_t)((lo4 | (hi2 << 4)) - 32);
    }
}

void decode_q4_K(const block_q4_K *b, uint8_t q[QK_K], uint8_t sc[8], uint8_t m[8]) {
    for (int j = 0; j < 8; j++) get_scale_min_k4(j, b->scales, &sc[j], &m[j]);
    for (int g = 0; g < 4; g++) {
        for (int l = 0; l < 32; l++) {
            q[64 * g + l] = b->qs[32 * g + l] & 15;
            q[64 * g + 32 + l] = b->qs[32 * g + l] >> 4;
        }
    }
}

void decode_q5_K(const block_q5_K *b, uint8_t q[QK_K], uint8_t sc[8], uint8_t m[8]) {
    for (int j = 0; j < 8; j++) get_scale_min_k4(j, b->scales, &sc[j], &m[j]);
    for (int g = 0; g < 4; g++) {
        for (int l = 0; l < 32; l++) {
            q[64 * g + l] = b->qs[32 * g + l] & 15;
            q[64 * g + 32 + l] = b->qs[32 * g + l] >> 4;
        }
    }
    for (int e = 0; e < QK_K; e++) q[e] += 16 * ((b->qh[e % 32] >> (e / 32)) & 1);
}

void decode_q6_K(const block_q6_K *b, int8_t q[QK_K]) {
    for (int e = 0; e < QK_K; e++) {
        int nn = e / 128, r = e % 128, k = r / 32, l = r % 32;
        int lo = b->ql[64 * nn + l + 32 * (k & 1)];
        lo = k < 2 ? (lo & 15) : (lo >> 4);
        int hi = (b->qh[32 * nn + l] >> (2 * k)) & 3;
        q[e] = (int8_t)((lo | (hi << 4)) - 32);
    }
}

// ---- dequantisation ----

void lumos_dequantize_row(int type, const void *src, float *y, int n) {
    const int bs = lumos_type_block_size(type);
    if (bs == 0) return;
    const int nb = n / bs;
    switch (type) {
    case LK_F32: memcpy(y, src, (size_t)n * 4); break;
    case LK_F16: {
        const uint8_t *p = src;
        for (int i = 0; i < n; i++) y[i] = load_half(p + 2 * i);
        break;
    }
    case LK_BF16: {
        const uint8_t *p = src;
        for (int i = 0; i < n; i++) { uint16_t h; memcpy(&h, p + 2 * i, 2); y[i] = bf16_to_fp32(h); }
        break;
    }
    case LK_Q4_0: {
        const block_q4_0 *b = src;
        for (int i = 0; i < nb; i++, y += QK) {
            const float d = fp16_to_fp32(b[i].d);
            for (int j = 0; j < 16; j++) {
                y[j] = ((b[i].qs[j] & 15) - 8) * d;
                y[j + 16] = ((b[i].qs[j] >> 4) - 8) * d;
            }
        }
        break;
    }
    case LK_Q4_1: {
        const block_q4_1 *b = src;
        for (int i = 0; i < nb; i++, y += QK) {
            const float d = fp16_to_fp32(b[i].d), m = fp16_to_fp32(b[i].m);
            for (int j = 0; j < 16; j++) {
                y[j] = (b[i].qs[j] & 15) * d + m;
                y[j + 16] = (b[i].qs[j] >> 4) * d + m;
            }
        }
        break;
    }
    case LK_Q5_0: {
        const block_q5_0 *b = src;
        for (int i = 0; i < nb; i++, y += QK) {
            const float d = fp16_to_fp32(b[i].d);
            uint32_t qh; memcpy(&qh, b[i].qh, 4);
            for (int j = 0; j < 16; j++) {
                const int x0 = (b[i].qs[j] & 15) | (((qh >> j) & 1) << 4);
                const int x1 = (b[i].qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4);
                y[j] = (x0 - 16) * d;
                y[j + 16] = (x1 - 16) * d;
            }
        }
        break;
    }
    case LK_Q5_1: {
        const block_q5_1 *b = src;
        for (int i = 0; i < nb; i++, y += QK) {
            const float d = fp16_to_fp32(b[i].d), m = fp16_to_fp32(b[i].m);
            uint32_t qh; memcpy(&qh, b[i].qh, 4);
            for (int j = 0; j < 16; j++) {
                const int x0 = (b[i].qs[j] & 15) | (((qh >> j) & 1) << 4);
                const int x1 = (b[i].qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4);
                y[j] = x0 * d + m;
                y[j + 16] = x1 * d + m;
            }
        }
        break;
    }
    case LK_Q8_0: {
        const block_q8_0 *b = src;
        for (int i = 0; i < nb; i++, y += QK) {
            const float d = fp16_to_fp32(b[i].d);
            for (int j = 0; j < QK; j++) y[j] = b[i].qs[j] * d;
        }
        break;
    }
    case LK_Q8_K: {
        const block_q8_K *b = src;
        for (int i = 0; i < nb; i++, y += QK_K)
            for (int j = 0; j < QK_K; j++) y[j] = b[i].d * b[i].qs[j];
        break;
    }
    case LK_Q2_K: {
        const block_q2_K *b = src;
        uint8_t q[QK_K];
        for (int i = 0; i < nb; i++, y += QK_K) {
            decode_q2_K(&b[i], q);
            const float d = fp16_to_fp32(b[i].d), dmin = fp16_to_fp32(b[i].dmin);
            for (int e = 0; e < QK_K; e++) {
                const uint8_t s = b[i].scales[e / 16];
                y[e] = d * (s & 15) * q[e] - dmin * (s >> 4);
            }
        }
        break;
    }
    case LK_Q3_K: {
        const block_q3_K *b = src;
        int8_t q[QK_K], sc[16];
        for (int i = 0; i < nb; i++, y += QK_K) {
            decode_q3_K(&b[i], q, sc);
            const float d = fp16_to_fp32(b[i].d);
            for (int e = 0; e < QK_K; e++) y[e] = d * sc[e / 16] * q[e];
        }
        break;
    }
    case LK_Q4_K: {
        const block_q4_K *b = src;
        uint8_t q[QK_K], sc[8], m[8];
        for (int i = 0; i < nb; i++, y += QK_K) {
            decode_q4_K(&b[i], q, sc, m);
            dequantize_scale_min_32(q, sc, m, fp16_to_fp32(b[i].d), fp16_to_fp32(b[i].dmin), y);
        }
        break;
    }
    case LK_Q5_K: {
        const block_q5_K *b = src;
        uint8_t q[QK_K], sc[8], m[8];
        for (int i = 0; i < nb; i++, y += QK_K) {
            decode_q5_K(&b[i], q, sc, m);
            dequantize_scale_min_32(q, sc, m, fp16_to_fp32(b[i].d), fp16_to_fp32(b[i].dmin), y);
        }
        break;
    }
    case LK_Q6_K: {
        const block_q6_K *b = src;
        int8_t q[QK_K];
        for (int i = 0; i < nb; i++, y += QK_K) {
            decode_q6_K(&b[i], q);
            const float d = fp16_to_fp32(b[i].d);
            for (int e = 0; e < QK_K; e++) y[e] = d * b[i].scales[e / 16] * q[e];
        }
        break;
    }
    default: break;
    }
}
