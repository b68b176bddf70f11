/* AdvSIMD permute, table lookup and structure (de)interleave helpers (perm_helper.c). */
#ifndef TRIX_ARM64_PERM_HELPER_H
#define TRIX_ARM64_PERM_HELPER_H

#include <stdint.h>

/* Operations of helper_a64_perm; X is the op's extra operand. */
enum {
    A64_PERM_ZUT = 1,   /* UZP/TRN/ZIP: X = opcode (1/5 UZP, 2/6 TRN, 3/7 ZIP) */
    A64_PERM_TBL,       /* X = table registers - 1, | 4 for TBX */
    A64_PERM_UNZIP,     /* LDn: vscratch (memory order) -> Vrd.. Vrd+X-1 */
    A64_PERM_ZIP,       /* STn: Vrd.. Vrd+X-1 -> vscratch (memory order) */
};

/* ctl = op | q << 8 | esz << 9 | x << 12 | rd << 20 | rn << 25 | rm << 30 */
#define A64_PERM_CTL(op, q, esz, x, rd, rn, rm) \
    ((uint64_t)(op) | (uint64_t)(q) << 8 | (uint64_t)(esz) << 9 | (uint64_t)(x) << 12 | \
     (uint64_t)(rd) << 20 | (uint64_t)(rn) << 25 | (uint64_t)(rm) << 30)

void helper_a64_perm(CPUState *cs, uint64_t ctl);
IR_HELPER_DECL(a64_perm);

#endif
