#ifndef WORK_SPLIT_H
#define WORK_SPLIT_H
// Hands out the chunks of a job: each thread first takes chunks from its own contiguous range, through
// a counter on its own cache line, then steals from the others' ranges. A single shared counter made
// every claim a cross-core cache miss (decode claims thousands per token), and interleaved chunks broke
// each thread's memory stream into short pieces the hardware prefetcher could not follow.
#include <stdatomic.h>

#define SPLIT_LANES 32

typedef struct {
    _Alignas(64) _Atomic int next;
    int end;
} split_lane;

typedef struct {
    split_lane lane[SPLIT_LANES];
    int lanes;
} work_split;

static inline void work_split_init(work_split *s, int n_chunks, int n_threads) {
    s->lanes = n_threads < 1 ? 1 : n_threads > SPLIT_LANES ? SPLIT_LANES : n_threads;
    for (int i = 0; i < s->lanes; i++) {
        atomic_init(&s->lane[i].next, (int)((long)n_chunks * i / s->lanes));
        s->lane[i].end = (int)((long)n_chunks * (i + 1) / s->lanes);
    }
}

/// The next chunk for thread `ith`, or -1 when every chunk has been taken.
static inline int work_split_claim(work_split *s, int ith) {
    for (int k = 0; k < s->lanes; k++) {
        split_lane *l = &s->lane[(ith + k) % s->lanes];
        if (atomic_load_explicit(&l->next, memory_order_relaxed) >= l->end) continue;
        const int c = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);
        if (c < l->end) return c;
    }
    return -1;
}
#endif
