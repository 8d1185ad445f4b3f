// A persistent thread pool. Jobs hand out work through atomic counters inside the job, so the caller
// never waits for a worker that has not started yet: on a busy machine a descheduled worker simply
// misses the job. Workers spin briefly for the next job (decode issues a few hundred small jobs per
// token), then sleep on a condition variable so an idle engine costs no CPU.
#include "CKernels.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define cpu_relax() _mm_pause()
#elif defined(__aarch64__)
#define cpu_relax() __asm__ __volatile__("yield")
#else
#define cpu_relax() ((void)0)
#endif

#define SPIN_ROUNDS 20000

struct lumos_pool {
    int n;
    pthread_t *threads;
    _Atomic uint64_t generation;   // bumped when a job is published
    _Atomic uint64_t closed;       // the last generation whose job no longer accepts helpers
    _Atomic int active;            // workers inside the current job
    _Atomic int stop;
    lumos_task_fn fn;
    void *ctx;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

typedef struct { lumos_pool *pool; int index; } worker_arg;

static void *worker_main(void *p) {
    worker_arg arg = *(worker_arg *)p;
    free(p);
    lumos_pool *pool = arg.pool;
    uint64_t seen = 0;
    for (;;) {
        uint64_t g;
        int spins = 0;
        while ((g = atomic_load(&pool->generation)) == seen) {
            if (atomic_load_explicit(&pool->stop, memory_order_relaxed)) return 0;
            if (++spins < SPIN_ROUNDS) { cpu_relax(); continue; }
            pthread_mutex_lock(&pool->mu);
            while (atomic_load(&pool->generation) == seen && !atomic_load(&pool->stop)) {
                pthread_cond_wait(&pool->cv, &pool->mu);
            }
            pthread_mutex_unlock(&pool->mu);
            spins = 0;
        }
        seen = g;
        atomic_fetch_add(&pool->active, 1);
        // Join only while the job is open; after closing, the caller may already have returned.
        if (atomic_load(&pool->closed) < g && atomic_load(&pool->generation) == g) {
            pool->fn(pool->ctx, arg.index, pool->n);
        }
        atomic_fetch_sub(&pool->active, 1);
    }
}

lumos_pool *lumos_pool_create(int n_threads) {
    if (n_threads < 1) n_threads = 1;
    lumos_pool *pool = calloc(1, sizeof(lumos_pool));
    if (!pool) return 0;
    pool->n = n_threads;
    pthread_mutex_init(&pool->mu, 0);
    pthread_cond_init(&pool->cv, 0);
    pool->threads = calloc((size_t)n_threads, sizeof(pthread_t));
    for (int i = 1; i < n_threads; i++) {
        worker_arg *arg = malloc(sizeof(worker_arg));
        arg->pool = pool;
        arg->index = i;
        if (pthread_create(&pool->threads[i], 0, worker_main, arg) != 0) {
            free(arg);
            pool->n = i;  // run with the threads that did start
            break;
        }
    }
    return pool;
}

int lumos_pool_size(const lumos_pool *pool) { return pool ? pool->n : 1; }

void lumos_pool_run(lumos_pool *pool, lumos_task_fn fn, void *ctx) {
    if (!pool || pool->n == 1) { fn(ctx, 0, 1); return; }
    // No helper of the previous job may still be inside it when fn/ctx change.
    while (atomic_load(&pool->active) > 0) cpu_relax();
    pool->fn = fn;
    pool->ctx = ctx;
    pthread_mutex_lock(&pool->mu);
    const uint64_t g = atomic_fetch_add(&pool->generation, 1) + 1;
    pthread_cond_broadcast(&pool->cv);
    pthread_mutex_unlock(&pool->mu);
    fn(ctx, 0, pool->n);
    // All work has been claimed; wait only for helpers still finishing what they claimed.
    atomic_store(&pool->closed, g);
    int spins = 0;
    while (atomic_load(&pool->active) > 0) {
        if (++spins < 1000) cpu_relax(); else sched_yield();
    }
}

void lumos_pool_destroy(lumos_pool *pool) {
    if (!pool) return;
    pthread_mutex_lock(&pool->mu);
    atomic_store(&pool->stop, 1);
    pthread_cond_broadcast(&pool->cv);
    pthread_mutex_unlock(&pool->mu);
    for (int i = 1; i < pool->n; i++) pthread_join(pool->threads[i], 0);
    pthread_cond_destroy(&pool->cv);
    pthread_mutex_destroy(&pool->mu);
    free(pool->threads);
    free(pool);
}
