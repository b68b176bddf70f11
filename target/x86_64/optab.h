/* Internal interface between the x86-64 opcode table (optab.c) and the scanner (decode.c). */
#ifndef TRIX_X86_64_OPTAB_H
#define TRIX_X86_64_OPTAB_H

#include "target/x86_64/decode.h"

void x86_optab_init(void);
/* Entries for (map, opcode) in table order: first index, then next until -1. */
int x86_optab_first(int map, int opcode);
int x86_optab_next(int i);
int x86_optab_count(void);
const X86OpDef *x86_optab_entry(int i);

/* Parse "Ev,Gv,Ib" into d->op / d->noperands; false on a malformed list. */
bool x86_parse_operands(const char *s, X86OpDef *d);
/* Whether operands of this addressing method live in a ModRM byte. */
bool x86_opk_has_modrm(int kind);

#endif
