// Multi-threaded matmul drivers, and the small element-wise operations.
#include "internal.h"
#include "work_split.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

// ---- matmul ----

typedef struct {
    const lumos_matmul_desc *d;
    vec_dot_fn dot;
    vec_dot4_fn dot4;
    const gemv_act *act;     // set when a decode GEMV kernel takes this matrix
    const void *x8;          // an x8_gemm, for a row-interleaved matrix
    int chunk_rows;
    int n_chunks;
    work_split split;
} matmul_task;

#define TOKEN_BLOCK 64

static void matmul_chunk(const matmul_task *t, int r0, int r1) {
    const lumos_matmul_desc *d = t->d;
    const char *w = d->w;
    const char *x = d->x;
    const int n = d->n_cols;
#if defined(__x86_64__)
    if (t->act) {
        lumos_gemv_rows_vnni(d->type, w, d->w_row_bytes, r0, r1, t->act, d->out);
        return;
    }
    if (t->x8) {
        lumos_x8_rows(t->x8, r0, r1);
        return;
    }
#endif
    if (d->n_tokens == 1) {
        for (int r = r0; r < r1; r++) d->out[r] = t->dot(n, w + (size_t)r * d->w_row_bytes, x);
        return;
    }
    float out4[4];
    for (int t0 = 0; t0 < d->n_tokens; t0 += TOKEN_BLOCK) {
        const int t1 = t0 + TOKEN_BLOCK < d->n_tokens ? t0 + TOKEN_BLOCK : d->n_tokens;
        for (int r = r0; r < r1; r++) {
            const char *wr = w + (size_t)r * d->w_row_bytes;
            int tk = t0;
            if (t->dot4) {
                for (; tk + 4 <= t1; tk += 4) {
                    t->dot4(n, wr, x + (size_t)tk * d->x_row_bytes, d->x_row_bytes, out4);
                    for (int k = 0; k < 4; k++) d->out[(size_t)(tk + k) * d->out_stride + r] = out4[k];
                }
            }
            for (; tk < t1; tk++) d->out[(size_t)tk * d->out_stride + r] = t->dot(n, wr, x + (size_t)tk * d->x_row_bytes);
        }
    }
}

static inline int is_x8(int type) {
    return type == LK_Q8_0_X8 || type == LK_Q5_0_X8 || type == LK_Q4_K_X8 || type == LK_Q6_K_X8;
}

#if defined(__x86_64__)
// Room for `count` activation scales and as many offset sums, the calling thread's, grown as
// needed; 0 when out of memory.
static float *x8_scratch(size_t count) {
    static _Thread_local float *buffer = 0;
    static _Thread_local size_t capacity = 0;
    if (count > capacity) {
        free(buffer);
        buffer = malloc(count * (sizeof(float) + sizeof(int32_t)));
        capacity = buffer ? count : 0;
    }
    return buffer;
}
#endif

static void matmul_worker(void *ctx, int ith, int nth) {
    matmul_task *t = ctx;
    for (int c = work_split_claim(&t->split, ith); c >= 0; c = work_split_claim(&t->split, ith)) {
        const int r0 = c * t->chunk_rows;
        const int r1 = r0 + t->chunk_rows < t->d->n_rows ? r0 + t->chunk_rows : t->d->n_rows;
        matmul_chunk(t, r0, r1);
    }
    (void)nth;
}

void lumos_matmul(lumos_pool *pool, const lumos_matmul_desc *desc) {
    matmul_task t;
    t.d = desc;
    t.dot = lumos_dot_kernel(desc->type);
    t.dot4 = lumos_dot4_kernel(desc->type);
    t.act = 0;
    t.x8 = 0;
#if defined(__x86_64__)
    x8_gemm g;
    gemv_act act;
    if (is_x8(desc->type)) {
        const size_t count = (size_t)desc->n_tokens * (desc->n_cols / QK);
        float *scratch = x8_scratch(count);
        if (!scratch) return;
        lumos_x8_prepare(desc, scratch, (int32_t *)(scratch + count), &g);
        t.x8 = &g;
    } else {
        if (desc->n_tokens >= 4 && lumos_cpu_has_vnni() &&
            (lumos_gemm_pairs_vnni(pool, desc) || lumos_gemm_k_vnni(pool, desc))) return;
        if (lumos_gemv_type_vnni(desc->type) && lumos_gemv_pack_vnni(desc, &act)) t.act = &act;
    }
#endif
    if (!t.dot && !t.x8) return;
    const int nth = lumos_pool_size(pool);
    int chunk = desc->n_tokens == 1 ? 64 : 16;
    // Enough chunks for dynamic balancing across threads, but not so small that the counter dominates
    // (and whole groups of eight rows for an interleaved matrix).
    const int smallest = t.x8 ? 8 : 4;
    while (chunk > smallest && (desc->n_rows + chunk - 1) / chunk < 4 * nth) chunk /= 2;
    t.chunk_rows = chunk;
    t.n_chunks = (desc->n_rows + chunk - 1) / chunk;
    if (nth == 1 || t.n_chunks == 1) { matmul_chunk(&t, 0, desc->n_rows); return; }
    work_split_init(&t.split, t.n_chunks, nth);
    lumos_pool_run(pool, matmul_worker, &t);
}

// Several matmuls over the same activations in one job (Q, K and V; gate and up), so a decode step
// synchronises the threads once instead of once per matrix.
typedef struct {
    matmul_task *tasks;
    int count;
    int first_chunk[8];
    int total_chunks;
    work_split split;
} multi_task;

static void multi_worker(void *ctx, int ith, int nth) {
    multi_task *m = ctx;
    for (int c = work_split_claim(&m->split, ith); c >= 0; c = work_split_claim(&m->split, ith)) {
        int k = m->count - 1;
        while (m->first_chunk[k] > c) k--;
        const matmul_task *t = &m->tasks[k];
        const int r0 = (c - m->first_chunk[k]) * t->chunk_rows;
        const int r1 = r0 + t->chunk_rows < t->d->n_rows ? r0 + t->chunk_rows : t->d->n_rows;
        matmul_chunk(t, r0, r1);
    }
    (void)nth;
}

void lumos_matmul_multi(lumos_pool *pool, const lumos_matmul_desc *descs, int count) {
    if (count > 8 || descs[0].n_tokens > 1 || lumos_pool_size(pool) == 1) {
        for (int i = 0; i < count; i++) lumos_matmul(pool, &descs[i]);
        return;
    }
    matmul_task tasks[8];
    const gemv_act *act = 0;
#if defined(__x86_64__)
    // The matrices share one activation, so it is packed once for all that have a GEMV kernel.
    gemv_act packed;
    if (lumos_gemv_pack_vnni(&descs[0], &packed)) act = &packed;
#endif
    (void)act;
#if defined(__x86_64__)
    // Scales only for the interleaved matrices among them (none: no buffer needed).
    x8_gemm x8[8];
    size_t scales = 0;
    for (int i = 0; i < count; i++) if (is_x8(descs[i].type)) scales += (size_t)(descs[i].n_cols / QK);
    float *scratch = scales ? x8_scratch(scales) : 0;
    if (scales && !scratch) return;
    int32_t *sums = scratch ? (int32_t *)(scratch + scales) : 0;
#endif
    multi_task m;
    m.tasks = tasks;
    m.count = count;
    m.total_chunks = 0;
    for (int i = 0; i < count; i++) {
        tasks[i].d = &descs[i];
        tasks[i].dot = lumos_dot_kernel(descs[i].type);
        tasks[i].dot4 = 0;
        tasks[i].act = 0;
        tasks[i].x8 = 0;
#if defined(__x86_64__)
        if (is_x8(descs[i].type)) {
            lumos_x8_prepare(&descs[i], scratch, sums, &x8[i]);
            scratch += descs[i].n_cols / QK;
            sums += descs[i].n_cols / QK;
            tasks[i].x8 = &x8[i];
        }
#endif
        if (!tasks[i].dot && !tasks[i].x8) return;
#if defined(__x86_64__)
        if (act && lumos_gemv_type_vnni(descs[i].type) && descs[i].x == descs[0].x && descs[i].n_cols == descs[0].n_cols)
            tasks[i].act = act;
#endif
        tasks[i].chunk_rows = 32;
        tasks[i].n_chunks = (descs[i].n_rows + 31) / 32;
        m.first_chunk[i] = m.total_chunks;
        m.total_chunks += tasks[i].n_chunks;
    }
    work_split_init(&m.split, m.total_chunks, lumos_pool_size(pool));
    lumos_pool_run(pool, multi_worker, &m);
}

// ---- element-wise ----

void lumos_rms_norm(const float *x, const float *w, float *out, int n, float eps) {
    // Eight independent double sums (llama.cpp uses one): no dependency chain, the same result to
    // double precision before the float conversion.
    double lanes[8] = {0};
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        for (int k = 0; k < 8; k++) lanes[k] += (double)(x[i + k] * x[i + k]);
    }
    double sum = 0;
    for (int k = 0; k < 8; k++) sum += lanes[k];
    for (; i < n; i++) sum += (double)(x[i] * x[i]);
    const float mean = (float)(sum / n);
    const float scale = 1.0f / sqrtf(mean + eps);
    if (w) {
        for (int i = 0; i < n; i++) out[i] = (x[i] * scale) * w[i];
    } else {
        for (int i = 0; i < n; i++) out[i] = x[i] * scale;
    }
}

void lumos_rope(float *x, int n_heads, int head_dim, int n_rot, int pos, float base, float freq_scale,
                const float *freq_factors, int neox) {
    float cache[1024];
    if (n_rot > 1024) n_rot = 1024;
    const float theta_scale = powf(base, -2.0f / (float)n_rot);
    float theta = (float)pos;
    for (int i0 = 0; i0 < n_rot; i0 += 2) {
        const float th = freq_scale * (freq_factors ? theta / freq_factors[i0 / 2] : theta);
        cache[i0] = cosf(th);
        cache[i0 + 1] = sinf(th);
        theta *= theta_scale;
    }
    for (int h = 0; h < n_heads; h++) {
        float *v = x + (size_t)h * head_dim;
        for (int i0 = 0; i0 < n_rot; i0 += 2) {
            const float c = cache[i0], s = cache[i0 + 1];
            const int a = neox ? i0 / 2 : i0;
            const int b = neox ? i0 / 2 + n_rot / 2 : i0 + 1;
            const float x0 = v[a], x1 = v[b];
            v[a] = x0 * c - x1 * s;
            v[b] = x0 * s + x1 * c;
        }
    }
}

static float gelu_table[1 << 16];
static pthread_once_t gelu_once = PTHREAD_ONCE_INIT;

static void gelu_init(void) {
    for (int i = 0; i < (1 << 16); i++) {
        const float x = fp16_to_fp32((half_t)i);
        const float g = 0.5f * x * (1.0f + tanhf(0.79788456080286535587989211986876f * x * (1.0f + 0.044715f * x * x)));
        gelu_table[i] = fp16_to_fp32(fp32_to_fp16(g));
    }
}

#if defined(__x86_64__)
// The table index with F16C, eight at a time: the same round-to-nearest-even as fp32_to_fp16, whose
// bit manipulation per value was most of the GeGLU's time.
__attribute__((target("avx2,f16c"))) static int geglu_f16c(const float *gate, const float *up, float *out, int n) {
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        uint16_t h[8];
        _mm_storeu_si128((__m128i *)h, _mm256_cvtps_ph(_mm256_loadu_ps(gate + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
        for (int k = 0; k < 8; k++) {
            const float x = gate[i + k];
            out[i + k] = x <= -10.0f ? 0.0f : x >= 10.0f ? x * up[i + k] : gelu_table[h[k]] * up[i + k];
        }
    }
    return i;
}
#endif

void lumos_geglu(const float *gate, const float *up, float *out, int n) {
    pthread_once(&gelu_once, gelu_init);
    int start = 0;
#if defined(__x86_64__)
    if (lumos_cpu_has_avx2()) start = geglu_f16c(gate, up, out, n);
#endif
    for (int i = start; i < n; i++) {
        const float x = gate[i];
        if (x <= -10.0f) out[i] = 0.0f;
        else if (x >= 10.0f) out[i] = x * up[i];
        else out[i] = gelu_table[fp32_to_fp16(x)] * up[i];
    }
}

void lumos_swiglu(const float *gate, const float *up, float *out, int n) {
    for (int i = 0; i < n; i++) out[i] = gate[i] / (1.0f + expf(-gate[i])) * up[i];
}

void lumos_add(float *x, const float *y, int n) {
    for (int i = 0; i < n; i++) x[i] += y[i];
}

void lumos_scale(float *x, float s, int n) {
    for (int i = 0; i < n; i++) x[i] *= s;
}

void lumos_f32_to_f16_row(const float *x, uint16_t *y, int n) {
    for (int i = 0; i < n; i++) y[i] = fp32_to_fp16(x[i]);
}

vec_dot4_fn lumos_dot4_kernel(int type) {
#if defined(__x86_64__)
    if (lumos_cpu_has_vnni()) {
        switch (type) {
        case LK_Q8_0: return dot4_q8_0_vnni;
        case LK_Q4_0: return dot4_q4_0_vnni;
        case LK_Q5_0: return dot4_q5_0_vnni;
        default: break;
        }
    }
    if (lumos_cpu_has_avx2()) {
        switch (type) {
        case LK_Q8_0: return dot4_q8_0_avx2;
        case LK_Q4_0: return dot4_q4_0_avx2;
        case LK_Q5_0: return dot4_q5_0_avx2;
        case LK_Q4_K: return dot4_q4_K_avx2;
        case LK_Q6_K: return dot4_q6_K_avx2;
        default: break;
        }
    }
#elif defined(__aarch64__)
    return lumos_neon_dot4_kernel(type);
#endif
    (void)type;
    return 0;
}

int lumos_vec_dot4(int type, int n, const void *w, const void *x, size_t x_stride, float *out4) {
    vec_dot4_fn f = lumos_dot4_kernel(type);
    if (!f) return 0;
    f(n, w, x, x_stride, out4);
    return 1;
}
