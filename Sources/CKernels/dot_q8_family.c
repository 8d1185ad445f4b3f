// Q8_0/Q4_0/Q5_0 kernels, built twice: AVX2 (maddubs + madd) and AVX-512 VNNI (one dpbusd per block).
#include "internal.h"
#if defined(__x86_64__)
#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)
#define KERNEL(name) name##_avx2
#define MUL_SUM(aw, sy) _mm256_madd_epi16(_mm256_maddubs_epi16(aw, sy), _mm256_set1_epi16(1))
#include "q8_family.inc"
#undef KERNEL
#undef MUL_SUM
#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512vnni"))), apply_to = function)
#define KERNEL(name) name##_vnni
#define MUL_SUM(aw, sy) _mm256_dpbusd_epi32(_mm256_setzero_si256(), aw, sy)
#define HAVE_MASK_REGISTERS 1
#include "q8_family.inc"
#undef HAVE_MASK_REGISTERS
#undef KERNEL
#undef MUL_SUM
#pragma clang attribute pop

int lumos_cpu_has_vnni(void) {
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = lumos_cpu_has_avx2() && __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512vl") &&
                 __builtin_cpu_supports("avx512bw");
    }
    return cached;
}
#endif
