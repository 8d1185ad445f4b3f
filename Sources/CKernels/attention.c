// Attention over the F16 KV cache. A work item is one KV head and a block of up to QBLOCK query tokens:
// each key and value row is converted from f16 once for every query of the block (all heads of the
// GQA group, all tokens that can see it), instead of once per query token.
#include "internal.h"
#include "work_split.h"

#define QBLOCK 8

typedef struct {
    const lumos_attention_desc *d;
    int n_blocks;
    vec_dot_fn dot;
    axpy_f32_fn axpy;
    f16_to_f32_fn to_f32;
    work_split split;
} attention_task;

static int block_tokens(int n_tokens) { return n_tokens < QBLOCK ? n_tokens : QBLOCK; }

size_t lumos_attention_scratch_floats(int n_head, int n_kv_head, int head_dim, int n_tokens, int pos0) {
    const size_t queries = (size_t)block_tokens(n_tokens) * (size_t)(n_head / n_kv_head);
    return queries * (size_t)(pos0 + n_tokens) + queries * (size_t)head_dim + (size_t)head_dim;
}

static inline int first_key(const lumos_attention_desc *d, int pq) {
    return (d->window > 0 && pq - d->window + 1 > 0) ? pq - d->window + 1 : 0;
}

static void attention_block(const attention_task *t, int item, float *scratch) {
    const lumos_attention_desc *d = t->d;
    const int group = d->n_head / d->n_kv_head, hd = d->head_dim;
    const int kvh = item % d->n_kv_head;
    const int t0 = (item / d->n_kv_head) * QBLOCK;
    const int t1 = t0 + QBLOCK < d->n_tokens ? t0 + QBLOCK : d->n_tokens;
    const int klo = first_key(d, d->pos0 + t0), khi = d->pos0 + t1 - 1;
    const int nk = khi - klo + 1;
    // Scores [query][key - klo], then the queries [query][hd], then one converted cache row.
    float *s = scratch;
    float *qbuf = s + (size_t)(t1 - t0) * group * nk;
    float *row = qbuf + (size_t)(t1 - t0) * group * hd;
    for (int tok = t0; tok < t1; tok++) {
        const float *q0 = d->q + (size_t)tok * d->q_stride + (size_t)kvh * group * hd;
        float *qb = qbuf + (size_t)(tok - t0) * group * hd;
        // llama.cpp's flash attention rounds Q to f16 before the dot products with the f16 keys.
        for (int i = 0; i < group * hd; i++) qb[i] = fp16_to_fp32(fp32_to_fp16(q0[i]));
    }
    for (int pk = klo; pk <= khi; pk++) {
        t->to_f32(hd, d->k + (size_t)pk * d->kv_stride + (size_t)kvh * hd, row);
        for (int tok = t0; tok < t1; tok++) {
            const int pq = d->pos0 + tok;
            if (pk > pq || pk < first_key(d, pq)) continue;
            for (int h = 0; h < group; h++) {
                const int qi = (tok - t0) * group + h;
                s[(size_t)qi * nk + pk - klo] = t->dot(hd, row, qbuf + (size_t)qi * hd) * d->scale;
            }
        }
    }
    for (int tok = t0; tok < t1; tok++) {
        const int pq = d->pos0 + tok, lo = first_key(d, pq);
        for (int h = 0; h < group; h++) {
            float *sq = s + (size_t)((tok - t0) * group + h) * nk;
            float max = -INFINITY;
            for (int k = lo - klo; k <= pq - klo; k++) if (sq[k] > max) max = sq[k];
            float sum = 0;
            for (int k = lo - klo; k <= pq - klo; k++) { sq[k] = expf(sq[k] - max); sum += sq[k]; }
            const float inv = 1.0f / sum;
            for (int k = lo - klo; k <= pq - klo; k++) sq[k] *= inv;
            memset(d->out + (size_t)tok * d->out_stride + (size_t)(kvh * group + h) * hd, 0, (size_t)hd * sizeof(float));
        }
    }
    for (int pk = klo; pk <= khi; pk++) {
        t->to_f32(hd, d->v + (size_t)pk * d->kv_stride + (size_t)kvh * hd, row);
        for (int tok = t0; tok < t1; tok++) {
            const int pq = d->pos0 + tok;
            if (pk > pq || pk < first_key(d, pq)) continue;
            for (int h = 0; h < group; h++) {
                const int qi = (tok - t0) * group + h;
                t->axpy(hd, s[(size_t)qi * nk + pk - klo], row,
                        d->out + (size_t)tok * d->out_stride + (size_t)(kvh * group + h) * hd);
            }
        }
    }
}

static void attention_worker(void *ctx, int ith, int nth) {
    attention_task *t = ctx;
    const lumos_attention_desc *d = t->d;
    float *scratch = d->scratch + (size_t)ith * lumos_attention_scratch_floats(d->n_head, d->n_kv_head, d->head_dim, d->n_tokens, d->pos0);
    for (int it = work_split_claim(&t->split, ith); it >= 0; it = work_split_claim(&t->split, ith)) attention_block(t, it, scratch);
    (void)nth;
}

void lumos_attention(lumos_pool *pool, const lumos_attention_desc *desc) {
    attention_task t;
    t.d = desc;
    t.n_blocks = (desc->n_tokens + QBLOCK - 1) / QBLOCK;
    t.dot = lumos_dot_kernel(LUMOS_F32);
    t.axpy = lumos_axpy_f32_kernel();
    t.to_f32 = lumos_f16_to_f32_kernel();
    const int nth = lumos_pool_size(pool);
    const int items = t.n_blocks * desc->n_kv_head;
    work_split_init(&t.split, items, nth);
    if (nth == 1 || items == 1) { attention_worker(&t, 0, 1); return; }
    lumos_pool_run(pool, attention_worker, &t);
}
