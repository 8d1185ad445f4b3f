// Portable dot products of one weight row with one quantised activation row (ggml semantics).
#include "internal.h"

float dot_f32_scalar(int n, const void *vw, const void *vx) {
    const float *w = vw, *x = vx;
    float s = 0;
    for (int i = 0; i < n; i++) s += w[i] * x[i];
    return s;
}

float dot_f16_scalar(int n, const void *vw, const void *vx) {
    const uint8_t *w = vw; const float *x = vx;
    float s = 0;
    for (int i = 0; i < n; i++) s += load_half(w + 2 * i) * x[i];
    return s;
}

float dot_bf16_scalar(int n, const void *vw, const void *vx) {
    const uint8_t *w = vw; const float *x = vx;
    float s = 0;
    for (int i = 0; i < n; i++) { uint16_t h; memcpy(&h, w + 2 * i, 2); s += bf16_to_fp32(h) * x[i]; }
    return s;
}

float dot_q4_0_scalar(int n, const void *vw, const void *vx) {
    const block_q4_0 *w = vw; const block_q8_0 *x = vx;
    float s = 0;
    for (int i = 0; i < n / QK; i++) {
        int sumi = 0;
        for (int j = 0; j < 16; j++) {
            sumi += ((w[i].qs[j] & 15) - 8) * x[i].qs[j] + ((w[i].qs[j] >> 4) - 8) * x[i].qs[j + 16];
        }
        s += sumi * fp16_to_fp32(w[i].d) * fp16_to_fp32(x[i].d);
    }
    return s;
}

float dot_q4_1_scalar(int n, const void *vw, const void *vx) {
    const block_q4_1 *w = vw; const block_q8_1 *x = vx;
    float s = 0;
    for (int i = 0; i < n / QK; i++) {
        int sumi = 0;
        for (int j = 0; j < 16; j++) {
            sumi += (w[i].qs[j] & 15) * x[i].qs[j] + (w[i].qs[j] >> 4) * x[i].qs[j + 16];
        }
        s += (fp16_to_fp32(w[i].d) * fp16_to_fp32(x[i].d)) * sumi + fp16_to_fp32(w[i].m) * fp16_to_fp32(x[i].s);
    }
    return s;
}

float dot_q5_0_scalar(int n, const void *vw, const void *vx) {
    const block_q5_0 *w = vw; const block_q8_0 *x = vx;
    float s = 0;
    for (int i = 0; i < n / QK; i++) {
        uint32_t qh; memcpy(&qh, w[i].qh, 4);
        int sumi = 0;
        for (int j = 0; j < 16; j++) {
            const int x0 = ((w[i].qs[j] & 15) | (((qh >> j) & 1) << 4)) - 16;
            const int x1 = ((w[i].qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4)) - 16;
            sumi += x0 * x[i].qs[j] + x1 * x[i].qs[j + 16];
        }
        s += sumi * fp16_to_fp32(w[i].d) * fp16_to_fp32(x[i].d);
    }
    return s;
}

float dot_q5_1_scalar(int n, const void *vw, const void *vx) {
    const block_q5_1 *w = vw; const block_q8_1 *x = vx;
    float s = 0;
    for (int i = 0; i < n / QK; i++) {
        uint32_t qh; memcpy(&qh, w[i].qh, 4);
        int sumi = 0;
        for (int j = 0; j < 16; j++) {
            const int x0 = (w[i].qs[j] & 15) | (((qh >> j) & 1) << 4);
            const int x1 = (w[i].qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4);
            sumi += x0 * x[i].qs[j] + x1 * x[i].qs[j + 16];
        }
        s += (fp16_to_fp32(w[i].d) * fp16_to_fp32(x[i].d)) * sumi + fp16_to_fp32(w[i].m) * fp16_to_fp32(x[i].s);
    }
    return s;
}

float dot_q8_0_scalar(int n, const void *vw, const void *vx) {
    const block_q8_0 *w = vw; const block_q8_0 *x = vx;
    float s = 0;
    for (int i = 0; i < n / QK; i++) {
        int sumi = 0;
        for (int j = 0; j < QK; j++) sumi += w[i].qs[j] * x[i].qs[j];
        s += sumi * (fp16_to_fp32(w[i].d) * fp16_to_fp32(x[i].d));
    }
    return s;
}

float dot_q2_K_scalar(int n, const void *vw, const void *vx) {
    const block_q2_K *w = vw; const block_q8_K *x = vx;
    uint8_t q[QK_K];
    float s = 0;
    for (int i = 0; i < n / QK_K; i++) {
        decode_q2_K(&w[i], q);
        int summs = 0, isum = 0;
        for (int j = 0; j < 16; j++) {
            summs += x[i].bsums[j] * (w[i].scales[j] >> 4);
            int sub = 0;
            for (int l = 0; l < 16; l++) sub += q[16 * j + l] * x[i].qs[16 * j + l];
            isum += (w[i].scales[j] & 15) * sub;
        }
        const float dall = x[i].d * fp16_to_fp32(w[i].d);
        const float dmin = x[i].d * fp16_to_fp32(w[i].dmin);
        s += dall * isum - dmin * summs;
    }
    return s;
}

float dot_q3_K_scalar(int n, const void *vw, const void *vx) {
    const block_q3_K *w = vw; const block_q8_K *x = vx;
    int8_t q[QK_K], sc[16];
    float s = 0;
    for (int i = 0; i < n / QK_K; i++) {
        decode_q3_K(&w[i], q, sc);
        int isum = 0;
        for (int j = 0; j < 16; j++) {
            int sub = 0;
            for (int l = 0; l < 16; l++) sub += q[16 * j + l] * x[i].qs[16 * j + l];
            isum += sc[j] * sub;
        }
        s += fp16_to_fp32(w[i].d) * x[i].d * isum;
    }
    return s;
}

float dot_q4_K_scalar(int n, const void *vw, const void *vx) {
    const block_q4_K *w = vw; const block_q8_K *x = vx;
    uint8_t q[QK_K], sc[8], m[8];
    float s = 0;
    for (int i = 0; i < n / QK_K; i++) {
        decode_q4_K(&w[i], q, sc, m);
        s += dot_scale_min_32(q, sc, m, fp16_to_fp32(w[i].d), fp16_to_fp32(w[i].dmin), &x[i]);
    }
    return s;
}

float dot_q5_K_scalar(int n, const void *vw, const void *vx) {
    const block_q5_K *w = vw; const block_q8_K *x = vx;
    uint8_t q[QK_K], sc[8], m[8];
    float s = 0;
    for (int i = 0; i < n / QK_K; i++) {
        decode_q5_K(&w[i], q, sc, m);
        s += dot_scale_min_32(q, sc, m, fp16_to_fp32(w[i].d), fp16_to_fp32(w[i].dmin), &x[i]);
    }
    return s;
}

float dot_q6_K_scalar(int n, const void *vw, const void *vx) {
    const block_q6_K *w = vw; const block_q8_K *x = vx;
    int8_t q[QK_K];
    float s = 0;
    for (int i = 0; i < n / QK_K; i++) {
        decode_q6_K(&w[i], q);
        int isum = 0;
        for (int j = 0; j < 16; j++) {
            int sub = 0;
            for (int l = 0; l < 16; l++) sub += q[16 * j + l] * x[i].qs[16 * j + l];
            isum += w[i].scales[j] * sub;
        }
        s += fp16_to_fp32(w[i].d) * x[i].d * isum;
    }
    return s;
}
