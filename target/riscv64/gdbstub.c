/* riscv64 registers for the gdb stub: x0-x31, pc, f0-f31, fflags/frm/fcsr, the CSRs gdb
 * knows and the privilege level, in this order (the target description's regnums). */
#include <string.h>
#include "cpu.h"
#include "trix/gdbstub.h"

#define RV_GDB_PC 32
#define RV_GDB_F0 33
#define RV_GDB_FFLAGS 65
#define RV_GDB_FRM 66
#define RV_GDB_FCSR 67
#define RV_GDB_CSR0 68

/* The CSRs in org.gnu.gdb.riscv.csr, in regnum order from RV_GDB_CSR0. */
#define RV_GDB_CSRS(X) \
    X(sstatus, 0x100) X(sie, 0x104) X(stvec, 0x105) X(scounteren, 0x106) \
    X(sscratch, 0x140) X(sepc, 0x141) X(scause, 0x142) X(stval, 0x143) X(sip, 0x144) \
    X(satp, 0x180) X(mstatus, 0x300) X(misa, 0x301) X(medeleg, 0x302) X(mideleg, 0x303) \
    X(mie, 0x304) X(mtvec, 0x305) X(mcounteren, 0x306) X(mscratch, 0x340) X(mepc, 0x341) \
    X(mcause, 0x342) X(mtval, 0x343) X(mip, 0x344) X(cycle, 0xc00) X(time, 0xc01) \
    X(instret, 0xc02) X(mhartid, 0xf14)

#define RV_CSR_NUM(name, num) num,
static const uint16_t rv_gdb_csrs[] = { RV_GDB_CSRS(RV_CSR_NUM) };
#define RV_GDB_NCSRS ((int)(sizeof(rv_gdb_csrs) / sizeof(rv_gdb_csrs[0])))
#define RV_GDB_PRIV (RV_GDB_CSR0 + RV_GDB_NCSRS)

#define RV_X(name, type) "<reg name=\"" #name "\" bitsize=\"64\" type=\"" #type "\"/>\n"
#define RV_F(name) "<reg name=\"" #name "\" bitsize=\"64\" type=\"ieee_double\"/>\n"
#define RV_CSR_XML(name, num) "<reg name=\"" #name "\" bitsize=\"64\" type=\"int\"/>\n"

static const char rv_gdb_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "<architecture>riscv:rv64</architecture>\n"
    "<feature name=\"org.gnu.gdb.riscv.cpu\">\n"
    "<reg name=\"zero\" bitsize=\"64\" type=\"int\" regnum=\"0\"/>\n"
    RV_X(ra, code_ptr) RV_X(sp, data_ptr) RV_X(gp, data_ptr) RV_X(tp, data_ptr)
    RV_X(t0, int) RV_X(t1, int) RV_X(t2, int) RV_X(fp, data_ptr) RV_X(s1, int)
    RV_X(a0, int) RV_X(a1, int) RV_X(a2, int) RV_X(a3, int) RV_X(a4, int) RV_X(a5, int)
    RV_X(a6, int) RV_X(a7, int) RV_X(s2, int) RV_X(s3, int) RV_X(s4, int) RV_X(s5, int)
    RV_X(s6, int) RV_X(s7, int) RV_X(s8, int) RV_X(s9, int) RV_X(s10, int) RV_X(s11, int)
    RV_X(t3, int) RV_X(t4, int) RV_X(t5, int) RV_X(t6, int) RV_X(pc, code_ptr)
    "</feature>\n"
    "<feature name=\"org.gnu.gdb.riscv.fpu\">\n"
    "<reg name=\"ft0\" bitsize=\"64\" type=\"ieee_double\" regnum=\"33\"/>\n"
    RV_F(ft1) RV_F(ft2) RV_F(ft3) RV_F(ft4) RV_F(ft5) RV_F(ft6) RV_F(ft7) RV_F(fs0)
    RV_F(fs1) RV_F(fa0) RV_F(fa1) RV_F(fa2) RV_F(fa3) RV_F(fa4) RV_F(fa5) RV_F(fa6)
    RV_F(fa7) RV_F(fs2) RV_F(fs3) RV_F(fs4) RV_F(fs5) RV_F(fs6) RV_F(fs7) RV_F(fs8)
    RV_F(fs9) RV_F(fs10) RV_F(fs11) RV_F(ft8) RV_F(ft9) RV_F(ft10) RV_F(ft11)
    "<reg name=\"fflags\" bitsize=\"32\" type=\"int\" regnum=\"65\"/>\n"
    "<reg name=\"frm\" bitsize=\"32\" type=\"int\"/>\n"
    "<reg name=\"fcsr\" bitsize=\"32\" type=\"int\"/>\n"
    "</feature>\n"
    "<feature name=\"org.gnu.gdb.riscv.csr\">\n"
    RV_GDB_CSRS(RV_CSR_XML)
    "</feature>\n"
    "<feature name=\"org.gnu.gdb.riscv.virtual\">\n"
    "<reg name=\"priv\" bitsize=\"64\" type=\"int\"/>\n"
    "</feature>\n"
    "</target>\n";

static int rv_gdb_reg_size(int n)
{
    if (n < 0 || n > RV_GDB_PRIV)
        return 0;
    return n >= RV_GDB_FFLAGS && n <= RV_GDB_FCSR ? 4 : 8;
}

/* Register n's value; false for a CSR this hart does not have. */
static bool rv_gdb_value(RVCPU *c, int n, uint64_t *v)
{
    if (n < 32)
        *v = c->gpr[n];
    else if (n == RV_GDB_PC)
        *v = c->pc;
    else if (n < RV_GDB_FFLAGS)
        *v = c->fpr[n - RV_GDB_F0];
    else if (n == RV_GDB_FFLAGS)
        *v = c->fflags;
    else if (n == RV_GDB_FRM)
        *v = c->frm;
    else if (n == RV_GDB_FCSR)
        *v = (uint64_t)c->frm << 5 | c->fflags;
    else if (n == RV_GDB_PRIV)
        *v = (uint64_t)c->priv;
    else
        return rv_csr_debug_access(c, rv_gdb_csrs[n - RV_GDB_CSR0], false, v);
    return true;
}

static int rv_gdb_read_reg(CPUState *cs, int n, uint8_t *buf)
{
    int size = rv_gdb_reg_size(n);
    uint64_t v = 0;
    if (size && !rv_gdb_value(rv_cpu(cs), n, &v))
        v = 0;                      /* a CSR the hart lacks reads as 0 */
    gdb_put_le(buf, v, size);
    return size;
}

static void rv_gdb_set(RVCPU *c, int n, uint64_t v)
{
    if (n > 0 && n < 32)
        c->gpr[n] = v;
    else if (n == RV_GDB_PC)
        c->pc = v;
    else if (n >= RV_GDB_F0 && n < RV_GDB_FFLAGS)
        c->fpr[n - RV_GDB_F0] = v;
    else if (n == RV_GDB_FFLAGS)
        c->fflags = (uint32_t)v & 0x1f;
    else if (n == RV_GDB_FRM)
        c->frm = (uint32_t)v & 7;
    else if (n == RV_GDB_FCSR) {
        c->fflags = (uint32_t)v & 0x1f;
        c->frm = (uint32_t)(v >> 5) & 7;
    } else if (n >= RV_GDB_CSR0 && n < RV_GDB_PRIV)
        rv_csr_debug_access(c, rv_gdb_csrs[n - RV_GDB_CSR0], true, &v);
    /* x0 and priv are read-only here */
}

static int rv_gdb_write_reg(CPUState *cs, int n, const uint8_t *buf)
{
    int size = rv_gdb_reg_size(n);
    if (size)
        rv_gdb_set(rv_cpu(cs), n, gdb_get_le(buf, size));
    return size;
}

const GdbArch gdb_arch_riscv64 = {
    .target = "riscv64",
    .xml = rv_gdb_xml,
    .num_regs = RV_GDB_PRIV + 1,
    .read_reg = rv_gdb_read_reg,
    .write_reg = rv_gdb_write_reg,
};
