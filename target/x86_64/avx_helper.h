/* x86-64 MMX/AVX/AVX2 helpers beyond the SSE ones (avx_helper.c): masked moves, permutes,
 * gathers; and the XSAVE family (xsave_helper.c). */
#ifndef TRIX_X86_64_AVX_HELPER_H
#define TRIX_X86_64_AVX_HELPER_H

#include "target/x86_64/translate.h"

IR_HELPER_DECL(x86_maskmov);

#endif
