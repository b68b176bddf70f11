/* AdvSIMD crypto extension helpers (crypto_helper.c): AES, SHA-1, SHA-256, PMULL. */
#ifndef TRIX_ARM64_CRYPTO_HELPER_H
#define TRIX_ARM64_CRYPTO_HELPER_H

#include <stdint.h>

enum {
    A64_CR_AESE, A64_CR_AESD, A64_CR_AESMC, A64_CR_AESIMC,
    A64_CR_SHA1C, A64_CR_SHA1P, A64_CR_SHA1M, A64_CR_SHA1SU0,
    A64_CR_SHA256H, A64_CR_SHA256H2, A64_CR_SHA256SU1,
    A64_CR_SHA1H, A64_CR_SHA1SU1, A64_CR_SHA256SU0,
    A64_CR_PMULL8, A64_CR_PMULL64,
};

/* ctl = op | rd << 8 | rn << 13 | rm << 18 | part << 23 (PMULL2: the upper half) */
#define A64_CR_CTL(op, rd, rn, rm, part) \
    ((uint64_t)(op) | (uint64_t)(rd) << 8 | (uint64_t)(rn) << 13 | (uint64_t)(rm) << 18 | \
     (uint64_t)(part) << 23)

void helper_a64_crypto(CPUState *cs, uint64_t ctl);
IR_HELPER_DECL(a64_crypto);

#endif
