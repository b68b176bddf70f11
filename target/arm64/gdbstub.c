/* aarch64 registers for the gdb stub: org.gnu.gdb.aarch64.core (x0-x30, sp, pc, cpsr) and
 * .fpu (v0-v31, fpsr, fpcr), in this order (the target description's regnums). */
#include <string.h>
#include "cpu.h"
#include "trix/gdbstub.h"

enum { A64_GDB_SP = 31, A64_GDB_PC = 32, A64_GDB_CPSR = 33, A64_GDB_V0 = 34,
       A64_GDB_FPSR = 66, A64_GDB_FPCR = 67, A64_GDB_NREGS = 68 };

#define A64_X(n) "<reg name=\"x" #n "\" bitsize=\"64\" type=\"int\"/>\n"
#define A64_V(n) "<reg name=\"v" #n "\" bitsize=\"128\" type=\"uint128\"/>\n"

static const char a64_gdb_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "<architecture>aarch64</architecture>\n"
    "<feature name=\"org.gnu.gdb.aarch64.core\">\n"
    "<reg name=\"x0\" bitsize=\"64\" type=\"int\" regnum=\"0\"/>\n"
    A64_X(1) A64_X(2) A64_X(3) A64_X(4) A64_X(5) A64_X(6) A64_X(7) A64_X(8) A64_X(9)
    A64_X(10) A64_X(11) A64_X(12) A64_X(13) A64_X(14) A64_X(15) A64_X(16) A64_X(17)
    A64_X(18) A64_X(19) A64_X(20) A64_X(21) A64_X(22) A64_X(23) A64_X(24) A64_X(25)
    A64_X(26) A64_X(27) A64_X(28) A64_X(29) A64_X(30)
    "<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>\n"
    "<reg name=\"cpsr\" bitsize=\"32\" type=\"int\"/>\n"
    "</feature>\n"
    "<feature name=\"org.gnu.gdb.aarch64.fpu\">\n"
    A64_V(0) A64_V(1) A64_V(2) A64_V(3) A64_V(4) A64_V(5) A64_V(6) A64_V(7) A64_V(8)
    A64_V(9) A64_V(10) A64_V(11) A64_V(12) A64_V(13) A64_V(14) A64_V(15) A64_V(16)
    A64_V(17) A64_V(18) A64_V(19) A64_V(20) A64_V(21) A64_V(22) A64_V(23) A64_V(24)
    A64_V(25) A64_V(26) A64_V(27) A64_V(28) A64_V(29) A64_V(30) A64_V(31)
    "<reg name=\"fpsr\" bitsize=\"32\" type=\"int\"/>\n"
    "<reg name=\"fpcr\" bitsize=\"32\" type=\"int\"/>\n"
    "</feature>\n"
    "</target>\n";

static int a64_gdb_reg_size(int n)
{
    if (n < 0 || n >= A64_GDB_NREGS)
        return 0;
    if (n >= A64_GDB_V0 && n < A64_GDB_FPSR)
        return 16;
    return n == A64_GDB_CPSR || n >= A64_GDB_FPSR ? 4 : 8;
}

static uint64_t a64_gdb_value(A64CPU *c, int n)
{
    if (n < 31)
        return c->x[n];
    switch (n) {
    case A64_GDB_SP: return c->sp;
    case A64_GDB_PC: return c->pc;
    case A64_GDB_CPSR: return a64_get_nzcv(c);
    case A64_GDB_FPSR: return c->fpsr;
    default: return c->fpcr;
    }
}

static int a64_gdb_read_reg(CPUState *cs, int n, uint8_t *buf)
{
    A64CPU *c = a64_cpu(cs);
    int size = a64_gdb_reg_size(n);
    if (size == 16) {
        gdb_put_le(buf, c->v[n - A64_GDB_V0][0], 8);
        gdb_put_le(buf + 8, c->v[n - A64_GDB_V0][1], 8);
    } else if (size) {
        gdb_put_le(buf, a64_gdb_value(c, n), size);
    }
    return size;
}

static int a64_gdb_write_reg(CPUState *cs, int n, const uint8_t *buf)
{
    A64CPU *c = a64_cpu(cs);
    int size = a64_gdb_reg_size(n);
    uint64_t v = size && size < 16 ? gdb_get_le(buf, size) : 0;
    if (size == 16) {
        c->v[n - A64_GDB_V0][0] = gdb_get_le(buf, 8);
        c->v[n - A64_GDB_V0][1] = gdb_get_le(buf + 8, 8);
    } else if (n < 31 && size) {
        c->x[n] = v;
    } else if (n == A64_GDB_SP) {
        c->sp = v;
    } else if (n == A64_GDB_PC) {
        c->pc = v;
    } else if (n == A64_GDB_CPSR) {
        a64_set_nzcv(c, v);
    } else if (n == A64_GDB_FPSR) {
        c->fpsr = (uint32_t)v & A64_FPSR_MASK;
    } else if (n == A64_GDB_FPCR) {
        c->fpcr = (uint32_t)v;
    }
    return size;
}

const GdbArch gdb_arch_aarch64 = {
    .target = "aarch64",
    .xml = a64_gdb_xml,
    .num_regs = A64_GDB_NREGS,
    .read_reg = a64_gdb_read_reg,
    .write_reg = a64_gdb_write_reg,
};
