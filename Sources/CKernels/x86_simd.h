#ifndef X86_SIMD_H
#define X86_SIMD_H
// x86 helpers shared by the SIMD kernel files. Include it after the file's
// `#pragma clang attribute push(target(...))`, so the helpers are compiled for that file's ISA.
#include <immintrin.h>

// Sum of the eight floats of a 256-bit register.
static inline float hsum_f32x8(const __m256 x) {
    __m128 r = _mm_add_ps(_mm256_extractf128_ps(x, 1), _mm256_castps256_ps128(x));
    r = _mm_add_ps(r, _mm_movehl_ps(r, r));
    r = _mm_add_ss(r, _mm_movehdup_ps(r));
    return _mm_cvtss_f32(r);
}
#endif
