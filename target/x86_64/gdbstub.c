/* x86-64 registers for the gdb stub: i386:x86-64 with org.gnu.gdb.i386.core (GPRs, rip,
 * eflags, segment selectors, x87), .sse (xmm0-15, mxcsr), .segments (fs_base, gs_base) and
 * the system registers (cr0, cr2, cr3, cr4, cr8, efer), in this order (the regnums). */
#include <string.h>
#include "trix/gdbstub.h"
#include "trix/softmmu.h"
#include "target/x86_64/sys_internal.h"

enum {
    G_RIP = 16, G_EFLAGS = 17, G_CS = 18, G_ST0 = 24, G_FCTRL = 32, G_FOP = 39, G_XMM0 = 40,
    G_MXCSR = 56, G_FS_BASE = 57, G_GS_BASE = 58, G_CR0 = 59, G_EFER = 64, G_NREGS = 65,
};

/* gdb's order of the general registers, as encoding numbers */
static const uint8_t gdb_gpr[16] = { 0, 3, 1, 2, 6, 7, 5, 4, 8, 9, 10, 11, 12, 13, 14, 15 };
/* gdb's order of the segment registers (cs ss ds es fs gs) */
static const uint8_t gdb_seg[6] = { X86_SEG_CS, X86_SEG_SS, X86_SEG_DS, X86_SEG_ES,
                                    X86_SEG_FS, X86_SEG_GS };

#define R64(n) "<reg name=\"" n "\" bitsize=\"64\" type=\"int64\"/>\n"
#define R32(n) "<reg name=\"" n "\" bitsize=\"32\" type=\"int32\"/>\n"
#define ST(n) "<reg name=\"st" #n "\" bitsize=\"80\" type=\"i387_ext\"/>\n"
#define XMM(n) "<reg name=\"xmm" #n "\" bitsize=\"128\" type=\"uint128\"/>\n"

static const char x86_gdb_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "<architecture>i386:x86-64</architecture>\n"
    "<feature name=\"org.gnu.gdb.i386.core\">\n"
    "<reg name=\"rax\" bitsize=\"64\" type=\"int64\" regnum=\"0\"/>\n"
    R64("rbx") R64("rcx") R64("rdx") R64("rsi") R64("rdi")
    "<reg name=\"rbp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    "<reg name=\"rsp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    R64("r8") R64("r9") R64("r10") R64("r11") R64("r12") R64("r13") R64("r14") R64("r15")
    "<reg name=\"rip\" bitsize=\"64\" type=\"code_ptr\"/>\n"
    R32("eflags") R32("cs") R32("ss") R32("ds") R32("es") R32("fs") R32("gs")
    ST(0) ST(1) ST(2) ST(3) ST(4) ST(5) ST(6) ST(7)
    R32("fctrl") R32("fstat") R32("ftag") R32("fiseg") R32("fioff") R32("foseg")
    R32("fooff") R32("fop")
    "</feature>\n"
    "<feature name=\"org.gnu.gdb.i386.sse\">\n"
    XMM(0) XMM(1) XMM(2) XMM(3) XMM(4) XMM(5) XMM(6) XMM(7) XMM(8) XMM(9) XMM(10) XMM(11)
    XMM(12) XMM(13) XMM(14) XMM(15)
    R32("mxcsr")
    "</feature>\n"
    "<feature name=\"org.gnu.gdb.i386.segments\">\n"
    R64("fs_base") R64("gs_base")
    "</feature>\n"
    "<feature name=\"org.trix.gdb.x86.sys\">\n"
    R64("cr0") R64("cr2") R64("cr3") R64("cr4") R64("cr8") R64("efer")
    "</feature>\n"
    "</target>\n";

static int x86_gdb_reg_size(int n)
{
    if (n < 0 || n >= G_NREGS)
        return 0;
    if (n < G_EFLAGS || (n >= G_FS_BASE))
        return 8;
    if (n >= G_ST0 && n < G_FCTRL)
        return 10;
    if (n >= G_XMM0 && n < G_MXCSR)
        return 16;
    return 4;
}

static int x86_fp_top(const X86CPU *env) { return (env->fsw >> 11) & 7; }

/* The full tag word from the abridged one: valid registers as "valid" (00), others empty. */
static uint32_t x86_full_ftw(const X86CPU *env)
{
    uint32_t t = 0;
    for (int i = 0; i < 8; i++)
        if (!(env->ftw & (1u << i)))
            t |= 3u << (2 * i);
    return t;
}

static uint64_t x86_gdb_value(X86CPU *env, int n)
{
    const X86SysState *s = &env->sys;
    if (n < 16)
        return env->regs[gdb_gpr[n]];
    if (n == G_RIP)
        return env->rip;
    if (n == G_EFLAGS)
        return x86_get_eflags(env);
    if (n >= G_CS && n < G_ST0) {
        if (!exec_softmmu)
            return n == G_CS ? 0x33 : n == G_CS + 1 ? 0x2b : 0;
        return s->seg[gdb_seg[n - G_CS]].sel;
    }
    switch (n) {
    case G_FCTRL: return env->fcw;
    case G_FCTRL + 1: return env->fsw;
    case G_FCTRL + 2: return x86_full_ftw(env);
    case G_MXCSR: x86_mxcsr_sync(env); return env->mxcsr;
    case G_FS_BASE: return env->fs_base;
    case G_GS_BASE: return env->gs_base;
    case G_CR0: return s->cr0;
    case G_CR0 + 1: return env->fault_addr;
    case G_CR0 + 2: return s->cr3;
    case G_CR0 + 3: return s->cr4;
    case G_CR0 + 4: return exec_softmmu ? x86_read_cr(env, 8) : 0;
    case G_EFER: return s->efer;
    default: return 0;
    }
}

static int x86_gdb_read_reg(CPUState *cs, int n, uint8_t *buf)
{
    X86CPU *env = x86_cpu(cs);
    int size = x86_gdb_reg_size(n);
    if (size == 16) {
        gdb_put_le(buf, env->xmm[n - G_XMM0][0], 8);
        gdb_put_le(buf + 8, env->xmm[n - G_XMM0][1], 8);
    } else if (size == 10) {
        memcpy(buf, env->fpregs[(x86_fp_top(env) + n - G_ST0) & 7], 10);
    } else if (size) {
        gdb_put_le(buf, x86_gdb_value(env, n), size);
    }
    return size;
}

static int x86_gdb_write_reg(CPUState *cs, int n, const uint8_t *buf)
{
    X86CPU *env = x86_cpu(cs);
    int size = x86_gdb_reg_size(n);
    uint64_t v = size && size <= 8 ? gdb_get_le(buf, size) : 0;
    if (size == 16) {
        env->xmm[n - G_XMM0][0] = gdb_get_le(buf, 8);
        env->xmm[n - G_XMM0][1] = gdb_get_le(buf + 8, 8);
    } else if (size == 10) {
        memcpy(env->fpregs[(x86_fp_top(env) + n - G_ST0) & 7], buf, 10);
    } else if (n < 16 && size) {
        env->regs[gdb_gpr[n]] = v;
    } else if (n == G_RIP) {
        env->rip = v;
    } else if (n == G_EFLAGS) {
        if (exec_softmmu)
            x86_sys_set_eflags(env, v);
        else
            x86_set_eflags(env, v);
    } else if (n == G_FCTRL) {
        env->fcw = (uint16_t)v;
    } else if (n == G_FCTRL + 1) {
        env->fsw = (uint16_t)v;
    } else if (n == G_MXCSR) {
        x86_mxcsr_sync(env);
        env->mxcsr = (uint32_t)v & 0xffff;
    } else if (n == G_FS_BASE) {
        env->fs_base = env->sys.seg[X86_SEG_FS].base = v;
    } else if (n == G_GS_BASE) {
        env->gs_base = env->sys.seg[X86_SEG_GS].base = v;
    } else if (n >= G_CR0 && n <= G_EFER && exec_softmmu) {
        static const int crn[5] = { 0, 2, 3, 4, 8 };
        if (n == G_EFER)
            x86_write_efer(env, v);
        else
            x86_write_cr(env, crn[n - G_CR0], v);
    }
    return size;                /* segment selectors and the x87 pointers are read-only */
}

const GdbArch gdb_arch_x86_64 = {
    .target = "x86_64",
    .xml = x86_gdb_xml,
    .num_regs = G_NREGS,
    .read_reg = x86_gdb_read_reg,
    .write_reg = x86_gdb_write_reg,
};
