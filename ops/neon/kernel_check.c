// Checks the dispatched CKernels kernels (NEON on arm64) against the portable scalar kernels; built and
// run under qemu by ops/check-neon. Prints one line per check and exits 1 on any mismatch.
// Weight rows are random bytes with finite f16 scales (like KernelTests.randomRow); activations are
// random floats quantised with lumos_quantize_act, so both kernels see the same integer codes and may
// only differ by float rounding: |kernel - scalar| <= 1e-5 * sum |w x| + 1e-5.
#include "internal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t next_u32(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 32);
}
static float uniform(float lo, float hi) { return lo + (hi - lo) * (float)(next_u32() >> 8) / 16777216.0f; }

static void put_half(uint8_t *p, float v) {
    const uint16_t h = lumos_fp32_to_fp16(v);
    p[0] = (uint8_t)(h & 0xFF);
    p[1] = (uint8_t)(h >> 8);
}

// Byte offsets of the f16 fields in each block (d first, then dmin/m), as in KernelTests.
static int half_offsets(int type, int *offs) {
    switch (type) {
    case LK_Q4_0: case LK_Q5_0: case LK_Q8_0: offs[0] = 0; return 1;
    case LK_Q4_1: case LK_Q5_1: case LK_Q4_K: case LK_Q5_K: offs[0] = 0; offs[1] = 2; return 2;
    case LK_Q2_K: offs[0] = 80; offs[1] = 82; return 2;
    case LK_Q3_K: offs[0] = 108; return 1;
    case LK_Q6_K: offs[0] = 208; return 1;
    default: return 0;
    }
}

static size_t row_bytes(int type, int n) {
    return (size_t)(n / lumos_type_block_size(type)) * (size_t)lumos_type_block_bytes(type);
}

static void random_row(int type, int n, uint8_t *w) {
    if (type == LK_F32) {
        for (int i = 0; i < n; i++) { const float f = uniform(-1, 1); memcpy(w + 4 * i, &f, 4); }
        return;
    }
    if (type == LK_F16) {
        for (int i = 0; i < n; i++) put_half(w + 2 * i, uniform(-1, 1));
        return;
    }
    const size_t bytes = row_bytes(type, n);
    for (size_t i = 0; i < bytes; i++) w[i] = (uint8_t)next_u32();
    const int bb = lumos_type_block_bytes(type), blocks = n / lumos_type_block_size(type);
    int offs[2];
    const int k = half_offsets(type, offs);
    for (int b = 0; b < blocks; b++)
        for (int j = 0; j < k; j++) put_half(w + (size_t)b * bb + offs[j], j == 0 ? uniform(-0.05f, 0.05f) : uniform(0, 0.02f));
}

static double magnitude(int type, const uint8_t *w, const float *x, int n) {
    float *wf = malloc(sizeof(float) * (size_t)n);
    lumos_dequantize_row(type, w, wf, n);
    double m = 0;
    for (int i = 0; i < n; i++) m += fabs((double)wf[i] * x[i]);
    free(wf);
    return m;
}

static int failures = 0;
static int simd_kernel;  // whether the type under test dispatches to a SIMD kernel or to the scalar one

static void check_dot(const char *name, int type, const int *lengths, int count, int trials) {
    int checked = 0, bad = 0;
    double worst = 0;
    for (int li = 0; li < count; li++) {
        const int n = lengths[li];
        uint8_t *w = malloc(row_bytes(type, n));
        float *x = malloc(sizeof(float) * (size_t)n);
        void *xq = malloc(lumos_act_row_bytes(type, n) + 1);
        for (int t = 0; t < trials; t++) {
            random_row(type, n, w);
            for (int i = 0; i < n; i++) x[i] = uniform(-2, 2);
            lumos_quantize_act(type, x, 1, n, xq);
            const float got = lumos_vec_dot(type, n, w, xq), want = lumos_vec_dot_scalar(type, n, w, xq);
            const double tol = 1e-5 * magnitude(type, w, x, n) + 1e-5, err = fabs((double)got - want);
            if (!(err <= tol)) {
                if (bad < 3) fprintf(stderr, "  %s n=%d trial %d: kernel %.9g scalar %.9g (tolerance %.3g)\n", name, n, t, got, want, tol);
                bad++;
            }
            if (tol > 0 && err / tol > worst) worst = err / tol;
            checked++;
        }
        free(w); free(x); free(xq);
    }
    printf("%-10s %-4s %-6s kernel, %4d rows, worst error %.3f of tolerance\n", name, bad ? "FAIL" : "ok",
           simd_kernel ? "simd" : "scalar", checked, worst);
    if (bad) failures++;
}

// The attention helpers (internal.h): f16 -> f32 must be exact for every half (NaN stays NaN), and
// y += a v may differ from the scalar loop only by a fused multiply-add's rounding.
static void check_attention_helpers(void) {
    f16_to_f32_fn to_f32 = lumos_f16_to_f32_kernel();
    uint16_t *h = malloc(65536 * sizeof(uint16_t));
    float *f = malloc(65536 * sizeof(float));
    for (uint32_t i = 0; i < 65536; i++) h[i] = (uint16_t)i;
    int bad = 0;
    for (int n = 65536; n > 65520; n--) {  // also the tails shorter than one vector
        memset(f, 0, 65536 * sizeof(float));
        to_f32(n, h, f);
        for (int i = 0; i < n; i++) {
            const float want = fp16_to_fp32(h[i]);
            if (isnan(want) ? !isnan(f[i]) : f32_to_bits(f[i]) != f32_to_bits(want)) bad++;
        }
    }
    printf("%-10s %-4s all 65536 halves, 16 lengths\n", "f16_to_f32", bad ? "FAIL" : "ok");
    if (bad) failures++;
    axpy_f32_fn axpy = lumos_axpy_f32_kernel();
    bad = 0;
    for (int n = 1; n <= 300; n += 7) {
        const float a = uniform(-2, 2);
        float v[300], y[300], want[300];
        for (int i = 0; i < n; i++) { v[i] = uniform(-1, 1); y[i] = want[i] = uniform(-1, 1); }
        axpy(n, a, v, y);
        for (int i = 0; i < n; i++) {
            want[i] += a * v[i];
            if (!(fabsf(y[i] - want[i]) <= 1e-6f * (fabsf(want[i]) + fabsf(a * v[i])) + 1e-7f)) bad++;
        }
    }
    printf("%-10s %-4s 43 lengths from 1 to 295\n", "axpy_f32", bad ? "FAIL" : "ok");
    if (bad) failures++;
    free(h); free(f);
}

// The prefill kernel (one weight row, four activation rows) against four single-row dot products.
static void check_dot4(const char *name, int type, int n, int trials) {
    const size_t rb = row_bytes(type, n), xb = lumos_act_row_bytes(type, n);
    uint8_t *w = malloc(rb);
    float *x = malloc(sizeof(float) * (size_t)n * 4);
    uint8_t *xq = malloc(xb * 4);
    int bad = 0, exact = 0;
    for (int trial = 0; trial < trials; trial++) {
        random_row(type, n, w);
        for (int i = 0; i < 4 * n; i++) x[i] = uniform(-2, 2);
        lumos_quantize_act(type, x, 4, n, xq);
        float out4[4];
        if (!lumos_vec_dot4(type, n, w, xq, xb, out4)) {
            printf("%-10s %-4s no 4-row kernel on this CPU\n", name, "--");
            goto done;
        }
        for (int t = 0; t < 4; t++) {
            const float single = lumos_vec_dot(type, n, w, xq + (size_t)t * xb);
            const double tol = 1e-5 * magnitude(type, w, x + (size_t)t * n, n) + 1e-5;
            if (!(fabs((double)out4[t] - single) <= tol)) bad++;
            exact += out4[t] == single;
        }
    }
    printf("%-10s %-4s dot4, %d rows x 4 tokens, %d of %d equal to the single-row kernel bit for bit\n", name,
           bad ? "FAIL" : "ok", trials, exact, 4 * trials);
    if (bad) failures++;
done:
    free(w); free(x); free(xq);
}

// A threaded matmul (2 threads, several tokens) against row-by-row scalar dot products.
static void check_matmul(const char *name, int type, int rows, int tokens, int n) {
    const size_t rb = row_bytes(type, n), xb = lumos_act_row_bytes(type, n);
    uint8_t *w = malloc(rb * (size_t)rows);
    float *x = malloc(sizeof(float) * (size_t)n * (size_t)tokens);
    uint8_t *xq = malloc(xb * (size_t)tokens);
    float *out = calloc((size_t)rows * (size_t)tokens, sizeof(float));
    for (int r = 0; r < rows; r++) random_row(type, n, w + (size_t)r * rb);
    for (int i = 0; i < n * tokens; i++) x[i] = uniform(-1, 1);
    lumos_quantize_act(type, x, tokens, n, xq);
    lumos_pool *pool = lumos_pool_create(2);
    lumos_matmul_desc d = {type, w, rb, rows, n, xq, xb, tokens, out, (size_t)rows};
    lumos_matmul(pool, &d);
    lumos_pool_destroy(pool);
    int bad = 0;
    for (int t = 0; t < tokens; t++) {
        for (int r = 0; r < rows; r++) {
            const uint8_t *wr = w + (size_t)r * rb;
            const float want = lumos_vec_dot_scalar(type, n, wr, xq + (size_t)t * xb);
            const double tol = 1e-5 * magnitude(type, wr, x + (size_t)t * n, n) + 1e-5;
            if (!(fabs((double)out[(size_t)t * rows + r] - want) <= tol)) bad++;
        }
    }
    printf("%-10s %-4s matmul %d x %d, %d tokens, 2 threads\n", name, bad ? "FAIL" : "ok", rows, n, tokens);
    if (bad) failures++;
    free(w); free(x); free(xq); free(out);
}

int main(int argc, char **argv) {
    if (argc > 1) rng_state = strtoull(argv[1], 0, 0) | 1;  // another seed: ops/check-neon --seed N
    printf("kernel set: %s\n", lumos_kernel_isa());
    static const struct { const char *name; int type; vec_dot_fn scalar; } types[] = {
        {"f32", LK_F32, dot_f32_scalar}, {"f16", LK_F16, dot_f16_scalar},
        {"q4_0", LK_Q4_0, dot_q4_0_scalar}, {"q4_1", LK_Q4_1, dot_q4_1_scalar},
        {"q5_0", LK_Q5_0, dot_q5_0_scalar}, {"q5_1", LK_Q5_1, dot_q5_1_scalar},
        {"q8_0", LK_Q8_0, dot_q8_0_scalar}, {"q2_K", LK_Q2_K, dot_q2_K_scalar},
        {"q3_K", LK_Q3_K, dot_q3_K_scalar}, {"q4_K", LK_Q4_K, dot_q4_K_scalar},
        {"q5_K", LK_Q5_K, dot_q5_K_scalar}, {"q6_K", LK_Q6_K, dot_q6_K_scalar},
    };
    static const int float_lengths[] = {1, 7, 16, 37, 256, 1003, 4096};
    static const int block_lengths[] = {32, 96, 512, 2048};
    static const int k_lengths[] = {256, 512, 2048};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        const int t = types[i].type;
        simd_kernel = lumos_dot_kernel(t) != types[i].scalar;
        if (t == LK_F32 || t == LK_F16) check_dot(types[i].name, t, float_lengths, 7, 20);
        else if (lumos_type_block_size(t) == 32) check_dot(types[i].name, t, block_lengths, 4, 50);
        else check_dot(types[i].name, t, k_lengths, 3, 50);
    }
    check_attention_helpers();
    check_dot4("q8_0", LK_Q8_0, 512, 30);
    check_dot4("q4_0", LK_Q4_0, 512, 30);
    check_dot4("q5_0", LK_Q5_0, 512, 30);
    check_dot4("q4_K", LK_Q4_K, 512, 30);
    check_dot4("q6_K", LK_Q6_K, 512, 30);
    check_matmul("q4_K", LK_Q4_K, 100, 5, 512);
    check_matmul("q5_0", LK_Q5_0, 96, 11, 512);
    check_matmul("q6_K", LK_Q6_K, 100, 11, 512);
    check_matmul("q6_K", LK_Q6_K, 64, 1, 512);
    check_matmul("q8_0", LK_Q8_0, 101, 3, 544);
    check_matmul("q4_0", LK_Q4_0, 96, 1, 640);
    check_matmul("f32", LK_F32, 40, 2, 100);
    printf(failures ? "FAILED: %d check(s)\n" : "all checks passed\n", failures);
    return failures ? 1 : 0;
}
