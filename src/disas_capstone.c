/* One-instruction disassembly through capstone for -d in_asm (include/trix/disas_capstone.h). */
#include <capstone/capstone.h>
#include <stdbool.h>
#include <stdio.h>
#include "trix/disas_capstone.h"

static csh cs_handles[DISAS_CS_COUNT];
static bool cs_tried[DISAS_CS_COUNT], cs_ok[DISAS_CS_COUNT];

static bool cs_open_kind(DisasCsKind kind)
{
    static const cs_arch arch[DISAS_CS_COUNT] = { CS_ARCH_ARM64, CS_ARCH_X86 };
    static const cs_mode mode[DISAS_CS_COUNT] = { CS_MODE_ARM, CS_MODE_64 };
    if (!cs_tried[kind]) {
        cs_tried[kind] = true;
        cs_ok[kind] = cs_open(arch[kind], mode[kind], &cs_handles[kind]) == CS_ERR_OK;
    }
    return cs_ok[kind];
}

int disas_capstone(DisasCsKind kind, char *buf, size_t len, uint64_t pc, const uint8_t *code,
                   size_t avail)
{
    cs_insn *insn = NULL;
    if (!avail || !cs_open_kind(kind) || cs_disasm(cs_handles[kind], code, avail, pc, 1, &insn) != 1)
        return 0;
    snprintf(buf, len, "%s %s", insn->mnemonic, insn->op_str);
    int n = (int)insn->size;
    cs_free(insn, 1);
    return n;
}
