#ifndef CKERNELS_H
#define CKERNELS_H
// SIMD kernels for the Lumos CPU engine: dequantisation, activation quantisation, integer dot
// products, multi-threaded matmul and attention. x86-64 uses AVX2/FMA/F16C or AVX-512 VNNI when the
// CPU has it, arm64 uses NEON (with sdot when the CPU has it), both checked at run time; every kernel
// has a portable scalar version.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ggml type ids (GGUF tensor-info `type`).
enum {
    LK_F32 = 0, LK_F16 = 1, LK_Q4_0 = 2, LK_Q4_1 = 3, LK_Q5_0 = 6, LK_Q5_1 = 7,
    LK_Q8_0 = 8, LK_Q8_1 = 9, LK_Q2_K = 10, LK_Q3_K = 11, LK_Q4_K = 12, LK_Q5_K = 13,
    LK_Q6_K = 14, LK_Q8_K = 15, LK_BF16 = 30,
    // Not in GGUF files: Q8_0, Q5_0, Q4_K and Q6_K matrices repacked eight rows at a time (lumos_x8_repack).
    LK_Q8_0_X8 = 1008, LK_Q5_0_X8 = 1006, LK_Q4_K_X8 = 1012, LK_Q6_K_X8 = 1014,
};

/// 1 when `type` can be dequantised and multiplied by this library.
int lumos_type_supported(int type);
/// Elements per block and bytes per block (0 for unsupported types).
int lumos_type_block_size(int type);
int lumos_type_block_bytes(int type);
/// The activation type a weight of `type` is multiplied with (ggml's vec_dot_type).
int lumos_vec_dot_type(int type);
/// Bytes of one activation row of `n` values quantised for weights of `type`.
size_t lumos_act_row_bytes(int type, int n);
/// Quantises `rows` rows of `n` floats (row stride `n`) into the vec_dot type of weights of `type`.
void lumos_quantize_act(int type, const float *x, int rows, int n, void *dst);
/// Dequantises `n` values (a multiple of the block size) of `type` at `src` into `dst`.
void lumos_dequantize_row(int type, const void *src, float *dst, int n);
/// One dot product of a weight row of `type` with a row already quantised by lumos_quantize_act.
float lumos_vec_dot(int type, int n, const void *w, const void *x);
/// The same with the portable scalar kernel (the reference the SIMD kernels are tested against).
float lumos_vec_dot_scalar(int type, int n, const void *w, const void *x);
/// Four dot products of one weight row with activation rows x, x + x_stride, ... (prefill kernel);
/// returns 0 when `type` has no such kernel on this CPU.
int lumos_vec_dot4(int type, int n, const void *w, const void *x, size_t x_stride, float *out4);
/// Reference activation quantisers (ggml's quantize_row_q8_0/q8_1/q8_K).
void lumos_quantize_row_q8_0(const float *x, void *y, int n);
void lumos_quantize_row_q8_1(const float *x, void *y, int n);
void lumos_quantize_row_q8_K(const float *x, void *y, int n);

float lumos_fp16_to_fp32(uint16_t h);
uint16_t lumos_fp32_to_fp16(float f);
/// Name of the kernel set in use: "avx512vnni", "avx2", "neon-dotprod", "neon" or "scalar".
const char *lumos_kernel_isa(void);

// ---- Thread pool: persistent threads that spin briefly, then sleep, between jobs ----
typedef struct lumos_pool lumos_pool;
typedef void (*lumos_task_fn)(void *ctx, int ith, int nth);
lumos_pool *lumos_pool_create(int n_threads);
void lumos_pool_destroy(lumos_pool *pool);
int lumos_pool_size(const lumos_pool *pool);
/// Runs fn(ctx, i, n) on every thread (the caller is thread 0) and returns when all are done.
void lumos_pool_run(lumos_pool *pool, lumos_task_fn fn, void *ctx);
/// lumos_quantize_act spread over the pool's threads (rows in chunks).
void lumos_quantize_act_rows(lumos_pool *pool, int type, const float *x, int rows, int n, void *dst);

// ---- Row-interleaved matrices (x86 AVX2 without VNNI) ----
/// The interleaved type (LK_Q8_0_X8, LK_Q5_0_X8, LK_Q4_K_X8, LK_Q6_K_X8) this CPU multiplies a `type` matrix fastest as, or 0
/// to keep the file's layout. Matmuls of an interleaved matrix take `type`'s activations.
int lumos_x8_type(int type, int n_rows, int n_cols);
/// Bytes of an interleaved matrix (as many as the file's layout takes; Q4_K and Q6_K 8 % more).
size_t lumos_x8_bytes(int x8_type, int n_rows, int n_cols);
/// Writes rows r0 ..< r1 (multiples of 8) of the file-layout matrix `src` into the interleaved
/// matrix `dst` (`x8_type` from lumos_x8_type).
void lumos_x8_repack(int x8_type, const void *src, size_t src_row_bytes, int r0, int r1, int n_cols, void *dst);
/// Row `row` of an interleaved matrix as floats: what lumos_dequantize_row gives for the file's row.
void lumos_x8_dequantize_row(int x8_type, const void *packed, int row, int n_cols, float *dst);

// ---- Matmul: out[t * out_stride + r] = dot(W row r, x row t) ----
typedef struct {
    int type;                // weight type
    const void *w;           // row-major weight rows
    size_t w_row_bytes;
    int n_rows;              // output features
    int n_cols;              // input features (row length)
    const void *x;           // activations quantised with lumos_quantize_act(type, ...)
    size_t x_row_bytes;
    int n_tokens;
    float *out;
    size_t out_stride;       // floats between consecutive tokens' outputs
} lumos_matmul_desc;
void lumos_matmul(lumos_pool *pool, const lumos_matmul_desc *desc);
/// Up to 8 matmuls as one job (one thread synchronisation for all) when they each have one token.
void lumos_matmul_multi(lumos_pool *pool, const lumos_matmul_desc *descs, int count);

// ---- Attention over an F16 KV cache in blocks ----
typedef struct {
    const float *q;          // [n_tokens][n_head * head_dim], already scaled
    size_t q_stride;
    // The cache in blocks: position p is row p % block_cells of block p / block_cells, at
    // k_blocks[p / block_cells] + (p % block_cells) * kv_stride (rows of n_kv_head * head_dim f16).
    // Blocks holding no position a query sees may be NULL.
    const uint16_t *const *k_blocks;
    const uint16_t *const *v_blocks;
    int block_cells;
    size_t kv_stride;        // elements between rows
    int n_head, n_kv_head, head_dim;
    int n_tokens;
    int pos0;                // position of query token 0; token t attends keys 0 ... pos0 + t
    int window;              // 0: none; else key visible iff (pq - pk) < window
    float scale;             // softmax scale applied to q·k
    float *out;              // [n_tokens][n_head * head_dim]
    size_t out_stride;
    float *scratch;          // n_threads * lumos_attention_scratch_floats(...) floats
} lumos_attention_desc;
void lumos_attention(lumos_pool *pool, const lumos_attention_desc *desc);
/// Scratch floats one thread needs for lumos_attention with these dimensions.
size_t lumos_attention_scratch_floats(int n_head, int n_kv_head, int head_dim, int n_tokens, int pos0);

// ---- Element-wise helpers ----
/// out = x / sqrt(mean(x^2) + eps) * w (w may be NULL).
void lumos_rms_norm(const float *x, const float *w, float *out, int n, float eps);
/// Rotates n_heads vectors of head_dim values at `pos` (NEOX pairs (i, i + n_rot/2) or NORM pairs (2i, 2i+1)).
/// freq_factors (n_rot/2 values, or NULL) divide each pair's frequency, as LLaMA 3.1's rope_freqs do.
void lumos_rope(float *x, int n_heads, int head_dim, int n_rot, int pos, float base, float freq_scale,
                const float *freq_factors, int neox);
/// out = gelu_tanh(gate) * up, with ggml's f16 lookup table.
void lumos_geglu(const float *gate, const float *up, float *out, int n);
/// out = silu(gate) * up.
void lumos_swiglu(const float *gate, const float *up, float *out, int n);
/// lumos_geglu (kind LK_GLU_GELU) or lumos_swiglu (LK_GLU_SILU) spread over the pool's threads.
enum { LK_GLU_GELU = 0, LK_GLU_SILU = 1 };
void lumos_glu(lumos_pool *pool, int kind, const float *gate, const float *up, float *out, int n);
void lumos_add(float *x, const float *y, int n);
void lumos_scale(float *x, float s, int n);
void lumos_f32_to_f16_row(const float *x, uint16_t *y, int n);

#ifdef __cplusplus
}
#endif
#endif
