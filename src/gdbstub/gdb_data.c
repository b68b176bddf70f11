/* gdb registers (g/G/p/P through the arch hooks) and memory (m/M/X) of the selected thread. */
#include <stdlib.h>
#include <string.h>
#include "gdb_int.h"
#include "trix/memory.h"
#include "trix/softmmu.h"

static CPUState *gdb_cpu(GdbStub *g)
{
    if (!g->cpu_g)
        g->cpu_g = gdb_first_cpu();
    return g->cpu_g;
}

/* Guest memory page by page: virtual through the thread's MMU (no side effects), or
 * physical in PhyMemMode. Writes invalidate translated code there. */
static bool gdb_mem_rw(GdbStub *g, uint64_t addr, uint8_t *buf, uint64_t len, bool write)
{
    CPUState *cpu = gdb_cpu(g);
    if (g->mem_rw)
        return g->mem_rw(addr, buf, len, write);
    while (len > 0) {
        uint64_t pa = addr, n = TARGET_PAGE_SIZE - (addr & ~TARGET_PAGE_MASK);
        if (n > len)
            n = len;
        if (!g->phys_mem && cpu->target->debug_translate &&
            !cpu->target->debug_translate(cpu, addr, &pa))
            return false;
        if (write ? !phys_write(pa, buf, n) : !phys_read(pa, buf, n))
            return false;
        if (write)
            tb_invalidate_range(pa, pa + n);
        addr += n;
        buf += n;
        len -= n;
    }
    return true;
}

void gdb_cmd_read_mem(GdbStub *g, const char *a)
{
    uint64_t addr, len;
    const char *rest;
    static uint8_t mem[GDB_MAX_MEM];
    static char out[2 * GDB_MAX_MEM + 1];
    if (!gdb_addr_len(a, &addr, &len, &rest) || *rest)
        return gdb_send_str(g, "E01");
    if (len > GDB_MAX_MEM)
        len = GDB_MAX_MEM;
    if (!gdb_mem_rw(g, addr, mem, len, false))
        return gdb_send_str(g, "E14");
    gdb_hex(out, mem, len);
    gdb_send_str(g, out);
}

void gdb_cmd_write_mem(GdbStub *g, const char *a)
{
    uint64_t addr, len;
    const char *rest;
    static uint8_t mem[GDB_MAX_MEM];
    if (!gdb_addr_len(a, &addr, &len, &rest) || *rest != ':' || len > GDB_MAX_MEM ||
        strlen(rest + 1) != 2 * len || !gdb_unhex(mem, rest + 1, len))
        return gdb_send_str(g, "E01");
    gdb_send_str(g, gdb_mem_rw(g, addr, mem, len, true) ? "OK" : "E14");
}

/* X ADDR,LEN:BINARY with '}' escapes (the next byte XOR 0x20); pkt is the whole packet. */
void gdb_cmd_write_mem_bin(GdbStub *g, const char *a, size_t avail)
{
    uint64_t addr, len;
    const char *rest;
    static uint8_t mem[GDB_PACKET_SIZE];
    if (!gdb_addr_len(a, &addr, &len, &rest) || *rest != ':' || len > sizeof(mem))
        return gdb_send_str(g, "E01");
    const uint8_t *p = (const uint8_t *)rest + 1, *end = (const uint8_t *)a + avail;
    uint64_t n = 0;
    while (p < end && n < len) {
        uint8_t c = *p++;
        if (c == '}') {
            if (p == end)
                break;
            c = *p++ ^ 0x20;
        }
        mem[n++] = c;
    }
    if (n != len || p != end)
        return gdb_send_str(g, "E01");
    gdb_send_str(g, !len || gdb_mem_rw(g, addr, mem, len, true) ? "OK" : "E14");
}

void gdb_cmd_read_regs(GdbStub *g)
{
    static char out[GDB_PACKET_SIZE];
    uint8_t r[16];
    size_t pos = 0;
    for (int n = 0; n < g->arch->num_regs; n++) {
        int sz = g->arch->read_reg(gdb_cpu(g), n, r);
        if (pos + 2 * (size_t)sz + 1 > sizeof(out))
            break;
        gdb_hex(out + pos, r, (size_t)sz);
        pos += 2 * (size_t)sz;
    }
    gdb_send_packet(g, out, pos);
}

void gdb_cmd_write_regs(GdbStub *g, const char *a)
{
    uint8_t r[16];
    for (int n = 0; n < g->arch->num_regs && *a; n++) {
        int sz = g->arch->read_reg(gdb_cpu(g), n, r);
        if (strlen(a) < 2 * (size_t)sz || !gdb_unhex(r, a, (size_t)sz))
            return gdb_send_str(g, "E01");
        g->arch->write_reg(gdb_cpu(g), n, r);
        a += 2 * sz;
    }
    gdb_send_str(g, "OK");
}

static int gdb_reg_num(const char *a, const char **end)
{
    char *e;
    if (gdb_hexval((uint8_t)*a) < 0)
        return -1;
    unsigned long n = strtoul(a, &e, 16);
    *end = e;
    return n > 4096 ? -1 : (int)n;
}

void gdb_cmd_read_reg(GdbStub *g, const char *a)
{
    char out[40];
    const char *end;
    uint8_t r[16];
    int n = gdb_reg_num(a, &end);
    int sz = n < 0 || *end ? 0 : g->arch->read_reg(gdb_cpu(g), n, r);
    if (!sz)
        return gdb_send_str(g, "E01");
    gdb_hex(out, r, (size_t)sz);
    gdb_send_str(g, out);
}

void gdb_cmd_write_reg(GdbStub *g, const char *a)
{
    const char *end;
    uint8_t r[16];
    int n = gdb_reg_num(a, &end);
    int sz = n < 0 || *end != '=' ? 0 : g->arch->read_reg(gdb_cpu(g), n, r);
    if (!sz || strlen(end + 1) != 2 * (size_t)sz || !gdb_unhex(r, end + 1, (size_t)sz) ||
        !g->arch->write_reg(gdb_cpu(g), n, r))
        return gdb_send_str(g, "E01");
    gdb_send_str(g, "OK");
}
