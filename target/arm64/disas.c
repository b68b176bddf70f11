/* arm64 disassembler for -d in_asm: one instruction through capstone. */
#include <string.h>
#include "cpu.h"
#include "trix/disas_capstone.h"

int a64_disas(char *buf, size_t len, uint64_t pc, const uint8_t *code, size_t avail)
{
    if (avail < 4)
        return 0;
    if (!disas_capstone(DISAS_CS_ARM64, buf, len, pc, code, 4)) {
        uint32_t w;
        memcpy(&w, code, 4);
        snprintf(buf, len, ".inst 0x%08x", w);
    }
    return 4;
}
