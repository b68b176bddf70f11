/* x86-64 XSAVE state components (xsave_helper.c): the XSAVE/XRSTOR family, FXSAVE/FXRSTOR
 * and the user-mode signal frame share one implementation on byte images. */
#ifndef TRIX_X86_64_XSAVE_H
#define TRIX_X86_64_XSAVE_H

#include "target/x86_64/cpu.h"

/* State components: x87 (0), SSE (1), AVX (2). XCR0 and the CPUID leaf 0xD sizes. */
#define X86_XS_X87 1ull
#define X86_XS_SSE 2ull
#define X86_XS_AVX 4ull
#define X86_XCR0_SUPPORTED (X86_XS_X87 | X86_XS_SSE | X86_XS_AVX)
/* XCR0 as user mode's kernel sets it (and CPUID leaf 0xD advertises). */
#define X86_XCR0_USER (X86_XS_X87 | X86_XS_SSE | X86_XS_AVX)
enum {
    X86_XS_HDR = 512,           /* the XSAVE header: XSTATE_BV, XCOMP_BV, 48 reserved bytes */
    X86_XS_AVX_OFF = 576,       /* YMM_Hi128 (standard and, as the first extended
                                 * component, compacted format) */
    X86_XS_AVX_SIZE = 256,
    X86_XS_MAX = 832,
};

/* The bytes an XSAVE area for features needs (legacy region + header + extended). */
unsigned x86_xsave_size(uint64_t features);
/* XINUSE: the components not in their initial configuration (judged by value). */
uint64_t x86_xinuse(X86CPU *env);
/* Save the rfbm components into the image a (X86_XS_MAX bytes) as XSAVE (standard format)
 * or XSAVEC (compacted, init optimization) does. */
void x86_xsave_image(X86CPU *env, uint8_t *a, uint64_t rfbm, bool compacted);
/* XRSTOR from image a: false (state unchanged) when the header or MXCSR is invalid (#GP). */
bool x86_xrstor_image(X86CPU *env, const uint8_t *a, uint64_t rfbm);
/* Reset the rfbm components to their initial configuration. */
void x86_xstate_init(X86CPU *env, uint64_t rfbm);

IR_HELPER_DECL(x86_xgetbv);
IR_HELPER_DECL(x86_xsetbv);
IR_HELPER_DECL(x86_xsave);
IR_HELPER_DECL(x86_xrstor);

#endif
