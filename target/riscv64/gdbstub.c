/* riscv64 registers for the gdb stub: x0-x31 and pc (org.gnu.gdb.riscv.cpu, 64-bit). */
#include <string.h>
#include "cpu.h"
#include "trix/gdbstub.h"

static const char rv_gdb_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "<architecture>riscv:rv64</architecture>\n"
    "<feature name=\"org.gnu.gdb.riscv.cpu\">\n"
    "<reg name=\"zero\" bitsize=\"64\" type=\"int\" regnum=\"0\"/>\n"
    "<reg name=\"ra\" bitsize=\"64\" type=\"code_ptr\"/>\n"
    "<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    "<reg name=\"gp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    "<reg name=\"tp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    "<reg name=\"t0\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"t1\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"t2\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"fp\" bitsize=\"64\" type=\"data_ptr\"/>\n"
    "<reg name=\"s1\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"a0\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"a1\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"a2\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"a3\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"a4\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"a5\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"a6\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"a7\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"s2\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"s3\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"s4\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"s5\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"s6\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"s7\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"s8\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"s9\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"s10\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"s11\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"t3\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"t4\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"t5\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"t6\" bitsize=\"64\" type=\"int\"/>\n"
    "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>\n"
    "</feature>\n"
    "</target>\n";

static uint64_t *rv_gdb_reg(CPUState *cs, int n)
{
    RVCPU *c = rv_cpu(cs);
    if (n >= 0 && n < 32)
        return &c->gpr[n];
    return n == 32 ? &c->pc : NULL;
}

static int rv_gdb_read_reg(CPUState *cs, int n, uint8_t *buf)
{
    uint64_t *r = rv_gdb_reg(cs, n);
    if (!r)
        return 0;
    for (int i = 0; i < 8; i++)
        buf[i] = (uint8_t)(*r >> (8 * i));
    return 8;
}

static int rv_gdb_write_reg(CPUState *cs, int n, const uint8_t *buf)
{
    uint64_t *r = rv_gdb_reg(cs, n), v = 0;
    if (!r)
        return 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)buf[i] << (8 * i);
    if (n != 0)
        *r = v;
    return 8;
}

const GdbArch gdb_arch_riscv64 = {
    .target = "riscv64",
    .xml = rv_gdb_xml,
    .num_regs = 33,
    .read_reg = rv_gdb_read_reg,
    .write_reg = rv_gdb_write_reg,
};
