/* x86-64 BMI1/BMI2 general-register operations and CRC32 (CRC-32C), as pure functions. */
#include "target/x86_64/sse4_helper.h"

static uint64_t bmi_mask(unsigned sz) { return sz == 8 ? ~0ull : (1ull << (8 * sz)) - 1; }

static uint64_t bmi_pdep(uint64_t src, uint64_t mask)
{
    uint64_t r = 0;
    for (uint64_t bit = 1; mask; mask &= mask - 1, bit <<= 1)
        if (src & bit)
            r |= mask & -mask;
    return r;
}

static uint64_t bmi_pext(uint64_t src, uint64_t mask)
{
    uint64_t r = 0;
    for (uint64_t bit = 1; mask; mask &= mask - 1, bit <<= 1)
        if (src & mask & -mask)
            r |= bit;
    return r;
}

static uint64_t bmi_bextr(uint64_t a, uint64_t ctl, unsigned bits)
{
    unsigned start = ctl & 0xff, len = (ctl >> 8) & 0xff;
    if (start >= bits)
        return 0;
    a >>= start;
    return len >= 64 ? a : a & ((1ull << len) - 1);
}

/* ctl = op | size << 8; a is the r/m (or vvvv for ANDN's first) operand as the table orders. */
uint64_t helper_x86_bmi(uint32_t ctl, uint64_t a, uint64_t b)
{
    unsigned sz = ctl >> 8, bits = 8 * sz, cnt = (unsigned)b & (bits - 1);
    uint64_t m = bmi_mask(sz), r;
    a &= m, b &= m;
    switch (ctl & 0xff) {
    case X86_BMI_ANDN: r = ~a & b; break;
    case X86_BMI_BEXTR: r = bmi_bextr(a, b, bits); break;
    case X86_BMI_BLSI: r = a & -a; break;
    case X86_BMI_BLSMSK: r = a ^ (a - 1); break;
    case X86_BMI_BLSR: r = a & (a - 1); break;
    case X86_BMI_BZHI: { unsigned n = b & 0xff; r = n >= bits ? a : a & ((1ull << n) - 1); break; }
    case X86_BMI_PDEP: r = bmi_pdep(a, b); break;
    case X86_BMI_PEXT: r = bmi_pext(a, b); break;
    case X86_BMI_SHLX: r = a << cnt; break;
    case X86_BMI_SHRX: r = a >> cnt; break;
    case X86_BMI_SARX: r = (uint64_t)(((int64_t)(a << (64 - bits))) >> (64 - bits + cnt)); break;
    case X86_BMI_RORX: r = cnt ? (a >> cnt) | (a << (bits - cnt)) : a; break;
    default: r = 0; break;
    }
    return r & m;
}
IR_HELPER(x86_bmi, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS,
          IR_I32, IR_I64, IR_I64);

/* The EFLAGS of the flag-setting BMI1/BMI2 operations (SDM: undefined AF/PF are 0 here). */
uint64_t helper_x86_bmi_flags(uint32_t ctl, uint64_t a, uint64_t b)
{
    unsigned sz = ctl >> 8, bits = 8 * sz;
    uint64_t r = helper_x86_bmi(ctl, a, b), m = bmi_mask(sz), f = 0;
    a &= m;
    if (r == 0)
        f |= X86_ZF;
    if ((r >> (bits - 1)) & 1)
        f |= X86_SF;
    switch (ctl & 0xff) {
    case X86_BMI_BLSI: f |= a != 0 ? X86_CF : 0; break;
    case X86_BMI_BLSMSK: case X86_BMI_BLSR: f |= a == 0 ? X86_CF : 0; break;
    case X86_BMI_BZHI: f |= (b & 0xff) > bits - 1 ? X86_CF : 0; break;
    case X86_BMI_BEXTR: f &= ~(uint64_t)X86_SF; break;
    }
    return f;
}
IR_HELPER(x86_bmi_flags, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS,
          IR_I32, IR_I64, IR_I64);

/* CRC32: the CRC-32C (Castagnoli, reflected polynomial 0x82f63b78) of sz bytes of v. */
uint64_t helper_x86_crc32(uint64_t crc, uint64_t v, uint32_t sz)
{
    uint32_t c = (uint32_t)crc;
    for (unsigned i = 0; i < 8 * sz; i++) {
        c ^= (uint32_t)(v >> i) & 1;
        c = (c >> 1) ^ ((c & 1) ? 0x82f63b78u : 0);
    }
    return c;
}
IR_HELPER(x86_crc32, IR_I64, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_NO_SIDE_EFFECTS,
          IR_I64, IR_I64, IR_I32);
