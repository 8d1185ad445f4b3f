#ifndef LUMOS_CKERNELS_H
#define LUMOS_CKERNELS_H
// Placeholder until the engine's kernels land.
int lumos_kernels_version(void);
#endif
