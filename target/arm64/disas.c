/* arm64 disassembler for -d in_asm: one instruction through capstone (CS_ARCH_ARM64). */
#include <capstone/capstone.h>
#include <string.h>
#include "cpu.h"

static csh a64_cs_handle;
static bool a64_cs_ready, a64_cs_failed;

int a64_disas(char *buf, size_t len, uint64_t pc, const uint8_t *code, size_t avail)
{
    if (avail < 4)
        return 0;
    if (!a64_cs_ready && !a64_cs_failed) {
        a64_cs_failed = cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &a64_cs_handle) != CS_ERR_OK;
        a64_cs_ready = !a64_cs_failed;
    }
    cs_insn *insn = NULL;
    if (a64_cs_ready && cs_disasm(a64_cs_handle, code, 4, pc, 1, &insn) == 1) {
        snprintf(buf, len, "%s %s", insn->mnemonic, insn->op_str);
        cs_free(insn, 1);
    } else {
        uint32_t w;
        memcpy(&w, code, 4);
        snprintf(buf, len, ".inst 0x%08x", w);
    }
    return 4;
}
