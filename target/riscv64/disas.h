/* Internal interface between the riscv64 disassembler's printer and its opcode tables. */
#ifndef TRIX_RISCV64_DISAS_H
#define TRIX_RISCV64_DISAS_H

#include <stdint.h>

/* One table row. `args` is a tiny operand language, one letter per operand:
 *   d s t   integer rd rs1 rs2        D S T R  float rd rs1 rs2 rs3
 *   j       I-immediate (decimal)     q        S-immediate (decimal)
 *   u       U-immediate >> 12 (hex)   > <      6- / 5-bit shift amount (hex)
 *   b a     branch / jal target       E Z      CSR name / 5-bit zimm in rs1
 *   m       ",rm" unless dynamic      P Q      fence predecessor / successor
 * any other character is copied; a leading '=' additionally requires rs1 == rs2. */
typedef struct RVOpcode {
    const char *name;
    uint32_t mask, match;
    const char *args;
} RVOpcode;

extern const RVOpcode rv_opcodes[];
const char *rv_csr_name(unsigned csr);

#endif
