/* x86-64 MMX/AVX/AVX2 operations with no IR vector op: masked moves, cross-lane permutes,
 * gathers. Vector operands are CPU-state offsets; YMM upper halves are X86CPU.ymmh. */
#include <string.h>
#include "trix/guest_mem.h"
#include "target/x86_64/avx_helper.h"

/* MASKMOVQ/MASKMOVDQU/VMASKMOV/VPMASKMOV stores: the elements of the data operand whose mask
 * element has its top bit set, to addr. ctl: bytes | esz << 8 | mmu_idx << 16. */
void helper_x86_maskmov(CPUState *cs, uint32_t doff, uint32_t moff, uint64_t addr, uint32_t ctl)
{
    unsigned n = ctl & 0xff, esz = (ctl >> 8) & 3, sz = 1u << esz;
    int mmu_idx = (int)(ctl >> 16);
    const uint8_t *d = (const uint8_t *)cs + doff, *m = (const uint8_t *)cs + moff;
    for (unsigned i = 0; i < n; i += sz) {
        if (!(m[i + sz - 1] & 0x80))
            continue;
        uint64_t v = 0;
        memcpy(&v, d + i, sz);
        gm_st(cs, addr + i, v, (MemOp)esz, mmu_idx);
    }
}
IR_HELPER(x86_maskmov, IR_HTYPE_VOID, IR_CALL_MAY_RAISE | IR_CALL_NO_READ_GLOBALS |
          IR_CALL_NO_WRITE_GLOBALS, IR_HTYPE_PTR, IR_I32, IR_I32, IR_I64, IR_I32);
