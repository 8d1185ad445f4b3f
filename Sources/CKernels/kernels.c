#include "CKernels.h"
int lumos_kernels_version(void) { return 1; }
