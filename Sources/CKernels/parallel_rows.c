// Element-wise work of a whole prefill batch spread over the pool. Run on one thread, the GLU and the
// activation quantisation left the other threads spinning for about a tenth of every prompt.
#include "internal.h"
#include "work_split.h"

typedef struct {
    void (*range)(const void *args, int begin, int end);
    const void *args;
    int items, chunk;
    work_split split;
} rows_job;

static void rows_worker(void *ctx, int ith, int nth) {
    rows_job *j = ctx;
    for (int c = work_split_claim(&j->split, ith); c >= 0; c = work_split_claim(&j->split, ith)) {
        const int begin = c * j->chunk;
        j->range(j->args, begin, begin + j->chunk < j->items ? begin + j->chunk : j->items);
    }
    (void)nth;
}

// Runs range(args, begin, end) over [0, items) in chunks of `chunk`; on the caller alone when small.
static void run_rows(lumos_pool *pool, void (*range)(const void *, int, int), const void *args, int items, int chunk) {
    const int nth = lumos_pool_size(pool);
    const int n_chunks = (items + chunk - 1) / chunk;
    if (nth == 1 || n_chunks < 2) { range(args, 0, items); return; }
    rows_job j = {range, args, items, chunk};
    work_split_init(&j.split, n_chunks, nth);
    lumos_pool_run(pool, rows_worker, &j);
}

typedef struct { int kind; const float *gate, *up; float *out; } glu_args;

static void glu_range(const void *p, int begin, int end) {
    const glu_args *a = p;
    if (a->kind == LK_GLU_GELU) lumos_geglu(a->gate + begin, a->up + begin, a->out + begin, end - begin);
    else lumos_swiglu(a->gate + begin, a->up + begin, a->out + begin, end - begin);
}

void lumos_glu(lumos_pool *pool, int kind, const float *gate, const float *up, float *out, int n) {
    const glu_args a = {kind, gate, up, out};
    run_rows(pool, glu_range, &a, n, 16384);
}

typedef struct { int type, n; const float *x; void *dst; size_t row_bytes; } quantize_args;

static void quantize_range(const void *p, int begin, int end) {
    const quantize_args *a = p;
    lumos_quantize_act(a->type, a->x + (size_t)begin * a->n, end - begin, a->n, (char *)a->dst + (size_t)begin * a->row_bytes);
}

void lumos_quantize_act_rows(lumos_pool *pool, int type, const float *x, int rows, int n, void *dst) {
    const quantize_args a = {type, n, x, dst, lumos_act_row_bytes(type, n)};
    run_rows(pool, quantize_range, &a, rows, 8);
}
