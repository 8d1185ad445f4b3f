// Attention over the F16 KV cache. A work item is one KV head and a block of up to QBLOCK query tokens:
// each key and value row is converted from f16 once for every query of the block (all heads of the
// GQA group, all tokens that can see it), instead of once per query token.
// Decoding one token has only one item per KV head, so a model with one KV head would leave the other
// threads idle while a long context is scanned: there, the keys are split into segments, each thread
// keeps a partial softmax (max, sum, weighted values) per segment, and the caller merges them.
#include "internal.h"
#include "work_split.h"

#define QBLOCK 8
#define SEGMENT_MIN_KEYS 128
#define VTILE 32   // value rows converted at a time: 32 KiB at head_dim 256, so a tile stays in L1

typedef struct {
    const lumos_attention_desc *d;
    axpy_f32_fn axpy;
    f16_to_f32_fn to_f32;
    qk_fn qk;
    pv_fn pv;
    int segments;       // > 0: one decoded token, keys split into this many segments per KV head
    float *partials;    // per segment item and query head: max, sum, then head_dim weighted values
    work_split split;
} attention_task;

static int block_tokens(int n_tokens) { return n_tokens < QBLOCK ? n_tokens : QBLOCK; }

// Floats of one thread's working area: scores, rounded queries, a tile of converted cache rows.
static size_t work_floats(int n_head, int n_kv_head, int head_dim, int n_tokens, int pos0) {
    const size_t queries = (size_t)block_tokens(n_tokens) * (size_t)(n_head / n_kv_head);
    return queries * (size_t)(pos0 + n_tokens) + queries * (size_t)head_dim + (size_t)VTILE * (size_t)head_dim;
}

size_t lumos_attention_scratch_floats(int n_head, int n_kv_head, int head_dim, int n_tokens, int pos0) {
    // Plus room for one thread's share of the segment partials (at most one segment per thread).
    return work_floats(n_head, n_kv_head, head_dim, n_tokens, pos0) + (size_t)n_head * (size_t)(head_dim + 2);
}

// The row of position pk in the keys (values = 0) or values (values = 1).
static inline const uint16_t *kv_row(const lumos_attention_desc *d, int values, int pk) {
    const uint16_t *block = (values ? d->v_blocks : d->k_blocks)[pk / d->block_cells];
    return block + (size_t)(pk % d->block_cells) * d->kv_stride;
}

static inline int first_key(const lumos_attention_desc *d, int pq) {
    return (d->window > 0 && pq - d->window + 1 > 0) ? pq - d->window + 1 : 0;
}

// Key (values = 0) or value rows of positions p0..p1 of KV head kvh, converted to f32 one after another at `rows`.
static void load_rows(const attention_task *t, int values, int kvh, int p0, int p1, float *rows) {
    const lumos_attention_desc *d = t->d;
    for (int pk = p0; pk <= p1; pk++) {
        t->to_f32(d->head_dim, kv_row(d, values, pk) + (size_t)kvh * d->head_dim, rows + (size_t)(pk - p0) * d->head_dim);
    }
}

// llama.cpp's flash attention rounds Q to f16 before the dot products with the f16 keys.
static void round_queries(const float *q, int n, float *out) {
    for (int i = 0; i < n; i++) out[i] = fp16_to_fp32(fp32_to_fp16(q[i]));
}

// Replaces the n scores at s by exp(score - max) and returns their sum; the max goes to *max_out.
static float exp_shifted(float *s, int n, float *max_out) {
    float max = -INFINITY;
    for (int k = 0; k < n; k++) if (s[k] > max) max = s[k];
    float sum = 0;
    for (int k = 0; k < n; k++) { s[k] = expf(s[k] - max); sum += s[k]; }
    *max_out = max;
    return sum;
}

static void attention_block(const attention_task *t, int item, float *scratch) {
    const lumos_attention_desc *d = t->d;
    const int group = d->n_head / d->n_kv_head, hd = d->head_dim;
    const int kvh = item % d->n_kv_head;
    const int t0 = (item / d->n_kv_head) * QBLOCK;
    const int t1 = t0 + QBLOCK < d->n_tokens ? t0 + QBLOCK : d->n_tokens;
    const int klo = first_key(d, d->pos0 + t0), khi = d->pos0 + t1 - 1;
    const int nk = khi - klo + 1;
    // Scores [query][key - klo], then the queries [query][hd], then a tile of converted cache rows.
    float *s = scratch;
    float *qbuf = s + (size_t)(t1 - t0) * group * nk;
    float *rows = qbuf + (size_t)(t1 - t0) * group * hd;
    for (int tok = t0; tok < t1; tok++) {
        round_queries(d->q + (size_t)tok * d->q_stride + (size_t)kvh * group * hd, group * hd, qbuf + (size_t)(tok - t0) * group * hd);
    }
    // The tokens that see a key form one run (positions and window edges both rise with the token).
    int first = t0, last = t0 - 1;
    for (int pk = klo; pk <= khi; pk++) {
        while (last + 1 < t1 && d->pos0 + last + 1 >= pk && pk >= first_key(d, d->pos0 + last + 1)) last++;
        while (first <= last && pk < first_key(d, d->pos0 + first)) first++;
        while (first <= last && d->pos0 + first < pk) first++;
        if (first > last) continue;
        load_rows(t, 0, kvh, pk, pk, rows);
        const int q0 = (first - t0) * group;
        t->qk(hd, rows, qbuf + (size_t)q0 * hd, (last - first + 1) * group, d->scale, s + (size_t)q0 * nk + pk - klo, (size_t)nk);
    }
    for (int tok = t0; tok < t1; tok++) {
        const int pq = d->pos0 + tok, lo = first_key(d, pq);
        for (int h = 0; h < group; h++) {
            float *sq = s + (size_t)((tok - t0) * group + h) * nk;
            float max;
            const float inv = 1.0f / exp_shifted(sq + lo - klo, pq - lo + 1, &max);
            for (int k = lo - klo; k <= pq - klo; k++) sq[k] *= inv;
            memset(d->out + (size_t)tok * d->out_stride + (size_t)(kvh * group + h) * hd, 0, (size_t)hd * sizeof(float));
        }
    }
    for (int v0 = klo; v0 <= khi; v0 += VTILE) {
        const int v1 = v0 + VTILE - 1 < khi ? v0 + VTILE - 1 : khi;
        load_rows(t, 1, kvh, v0, v1, rows);
        for (int tok = t0; tok < t1; tok++) {
            const int pq = d->pos0 + tok, lo = first_key(d, pq);
            const int a = lo > v0 ? lo : v0, b = pq < v1 ? pq : v1;
            if (a > b) continue;
            for (int h = 0; h < group; h++) {
                const int qi = (tok - t0) * group + h;
                t->pv(hd, rows + (size_t)(a - v0) * hd, s + (size_t)qi * nk + a - klo, b - a + 1,
                      d->out + (size_t)tok * d->out_stride + (size_t)(kvh * group + h) * hd);
            }
        }
    }
}

// One KV head and one segment of the keys of the single decoded token: a softmax that is not yet
// normalised, kept as (max, sum of exponentials, exponential-weighted sum of values) per query head.
static void attention_segment(const attention_task *t, int item, float *scratch) {
    const lumos_attention_desc *d = t->d;
    const int group = d->n_head / d->n_kv_head, hd = d->head_dim;
    const int kvh = item / t->segments, seg = item % t->segments;
    const int pq = d->pos0, lo = first_key(d, pq), n_keys = pq - lo + 1;
    const int k0 = lo + (int)((long)n_keys * seg / t->segments), k1 = lo + (int)((long)n_keys * (seg + 1) / t->segments);
    const int nk = k1 - k0;
    // Scores [head][key - k0], then the queries [head][hd], then a tile of converted cache rows.
    float *s = scratch;
    float *qbuf = s + (size_t)group * nk;
    float *rows = qbuf + (size_t)group * hd;
    round_queries(d->q + (size_t)kvh * group * hd, group * hd, qbuf);
    for (int pk = k0; pk < k1; pk++) {
        load_rows(t, 0, kvh, pk, pk, rows);
        t->qk(hd, rows, qbuf, group, d->scale, s + pk - k0, (size_t)nk);
    }
    float *partial = t->partials + (size_t)item * group * (hd + 2);
    for (int h = 0; h < group; h++) {
        float *ph = partial + (size_t)h * (hd + 2);
        ph[1] = exp_shifted(s + (size_t)h * nk, nk, &ph[0]);
        memset(ph + 2, 0, (size_t)hd * sizeof(float));
    }
    for (int v0 = k0; v0 < k1; v0 += VTILE) {
        const int v1 = v0 + VTILE - 1 < k1 - 1 ? v0 + VTILE - 1 : k1 - 1;
        load_rows(t, 1, kvh, v0, v1, rows);
        for (int h = 0; h < group; h++) {
            t->pv(hd, rows, s + (size_t)h * nk + v0 - k0, v1 - v0 + 1, partial + (size_t)h * (hd + 2) + 2);
        }
    }
}

static void merge_segments(const attention_task *t) {
    const lumos_attention_desc *d = t->d;
    const int group = d->n_head / d->n_kv_head, hd = d->head_dim;
    for (int kvh = 0; kvh < d->n_kv_head; kvh++) {
        for (int h = 0; h < group; h++) {
            float max = -INFINITY, total = 0;
            for (int seg = 0; seg < t->segments; seg++) {
                const float m = t->partials[((size_t)(kvh * t->segments + seg) * group + h) * (hd + 2)];
                if (m > max) max = m;
            }
            float *out = d->out + (size_t)(kvh * group + h) * hd;
            memset(out, 0, (size_t)hd * sizeof(float));
            for (int seg = 0; seg < t->segments; seg++) {
                const float *p = t->partials + ((size_t)(kvh * t->segments + seg) * group + h) * (hd + 2);
                const float w = expf(p[0] - max);
                total += w * p[1];
                t->axpy(hd, w, p + 2, out);
            }
            const float inv = 1.0f / total;
            for (int i = 0; i < hd; i++) out[i] *= inv;
        }
    }
}

static void attention_worker(void *ctx, int ith, int nth) {
    attention_task *t = ctx;
    const lumos_attention_desc *d = t->d;
    float *scratch = d->scratch + (size_t)ith * work_floats(d->n_head, d->n_kv_head, d->head_dim, d->n_tokens, d->pos0);
    for (int it = work_split_claim(&t->split, ith); it >= 0; it = work_split_claim(&t->split, ith)) {
        if (t->segments > 0) attention_segment(t, it, scratch); else attention_block(t, it, scratch);
    }
    (void)nth;
}

void lumos_attention(lumos_pool *pool, const lumos_attention_desc *desc) {
    attention_task t;
    t.d = desc;
    t.axpy = lumos_axpy_f32_kernel();
    t.to_f32 = lumos_f16_to_f32_kernel();
    t.qk = lumos_qk_kernel();
    t.pv = lumos_pv_kernel();
    const int nth = lumos_pool_size(pool);
    int items = (desc->n_tokens + QBLOCK - 1) / QBLOCK * desc->n_kv_head;
    t.segments = 0;
    t.partials = 0;
    const int n_keys = desc->pos0 + 1 - first_key(desc, desc->pos0);
    if (desc->n_tokens == 1 && nth > 1 && desc->n_kv_head < nth && n_keys >= 2 * SEGMENT_MIN_KEYS) {
        // Segments per KV head: enough to use every thread, never shorter than SEGMENT_MIN_KEYS.
        int segments = nth / desc->n_kv_head;
        if (segments > n_keys / SEGMENT_MIN_KEYS) segments = n_keys / SEGMENT_MIN_KEYS;
        if (segments >= 2) {
            t.segments = segments;
            t.partials = desc->scratch + (size_t)nth * work_floats(desc->n_head, desc->n_kv_head, desc->head_dim, 1, desc->pos0);
            items = desc->n_kv_head * segments;
        }
    }
    work_split_init(&t.split, items, nth);
    if (nth == 1 || items == 1) {
        attention_worker(&t, 0, 1);
    } else {
        lumos_pool_run(pool, attention_worker, &t);
    }
    if (t.segments > 0) merge_segments(&t);
}
