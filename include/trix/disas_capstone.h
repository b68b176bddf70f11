/* One-instruction disassembly through capstone, shared by the frontends' -d in_asm hooks. */
#ifndef TRIX_DISAS_CAPSTONE_H
#define TRIX_DISAS_CAPSTONE_H

#include <stddef.h>
#include <stdint.h>

/* Which capstone decoder (a handle is opened once per kind, on first use). */
typedef enum { DISAS_CS_ARM64, DISAS_CS_X86_64, DISAS_CS_COUNT } DisasCsKind;

/* Disassemble the instruction at code (avail bytes readable) into buf as "mnemonic operands";
 * returns its length, or 0 when capstone cannot decode it (buf then holds nothing). */
int disas_capstone(DisasCsKind kind, char *buf, size_t len, uint64_t pc, const uint8_t *code,
                   size_t avail);

#endif
