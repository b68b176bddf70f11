/* x86-64 SSE floating point done by the host's SSE unit when the host is x86-64. */
#ifndef TRIX_X86_64_SSE_FP_HOST_H
#define TRIX_X86_64_SSE_FP_HOST_H

#include <stdbool.h>
#include <stdint.h>
#include "target/x86_64/translate.h"

/* d = op(a, b) as helper_x86_sse_fp defines it (X86_FOP_*, legacy CMP predicates 0-7),
 * under env's MXCSR; *flags gets the MXCSR flags raised that the caller must accrue (with
 * the default control they stay in the host MXCSR until x86_mxcsr_sync). False: not done
 * here (not an x86-64 host, or an operation it does not cover). */
bool x86_sse_fp_host(X86CPU *env, int op, bool dbl, bool packed, unsigned imm,
                     const uint8_t *a, const uint8_t *b, uint8_t *r, uint32_t *flags);

/* UCOMIS/COMIS (ctl: double 1, signalling 2) on the host while env's MXCSR is the default:
 * *flags = ZF PF CF; false: not done here. */
bool x86_comis_host(X86CPU *env, uint64_t a, uint64_t b, unsigned ctl, uint64_t *flags);

#endif
