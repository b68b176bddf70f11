/* gdb stub commands: registers, memory, breakpoints, run control, target description. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gdb_int.h"
#include "trix/cpu_debug.h"
#include "trix/machine.h"
#include "trix/memory.h"
#include "trix/runstate.h"
#include "trix/softmmu.h"
#include "../system_int.h"

#define GDB_MAX_MEM ((GDB_PACKET_SIZE - 8) / 2)

static GdbStub gdb_stub;

static CPUState *gdb_cpu(void)
{
    return current_machine->cpus[0];
}

static void gdb_hex(char *out, const uint8_t *p, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hx[p[i] >> 4];
        out[2 * i + 1] = hx[p[i] & 15];
    }
    out[2 * n] = 0;
}

/* Decode 2n hex digits; false on a bad digit or short input. */
static bool gdb_unhex(uint8_t *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = gdb_hexval((uint8_t)s[2 * i]), lo = hi < 0 ? -1 : gdb_hexval((uint8_t)s[2 * i + 1]);
        if (lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

/* "ADDR,LEN" (then sep): false when malformed. */
static bool gdb_addr_len(const char *s, uint64_t *addr, uint64_t *len, const char **rest)
{
    char *end;
    *addr = strtoull(s, &end, 16);
    if (end == s || *end != ',')
        return false;
    s = end + 1;
    *len = strtoull(s, &end, 16);
    if (end == s)
        return false;
    *rest = end;
    return true;
}

/* Guest virtual memory through the current MMU, page by page. */
static bool gdb_mem_rw(uint64_t addr, uint8_t *buf, uint64_t len, bool write)
{
    CPUState *cpu = gdb_cpu();
    while (len > 0) {
        uint64_t pa = addr, n = TARGET_PAGE_SIZE - (addr & ~TARGET_PAGE_MASK);
        if (n > len)
            n = len;
        if (cpu->target->debug_translate && !cpu->target->debug_translate(cpu, addr, &pa))
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

static void gdb_cmd_read_mem(GdbStub *g, const char *a)
{
    uint64_t addr, len;
    const char *rest;
    static uint8_t mem[GDB_MAX_MEM];
    static char out[2 * GDB_MAX_MEM + 1];
    if (!gdb_addr_len(a, &addr, &len, &rest) || *rest)
        return gdb_send_str(g, "E01");
    if (len > GDB_MAX_MEM)
        len = GDB_MAX_MEM;
    if (!gdb_mem_rw(addr, mem, len, false))
        return gdb_send_str(g, "E14");
    gdb_hex(out, mem, len);
    gdb_send_str(g, out);
}

static void gdb_cmd_write_mem(GdbStub *g, const char *a)
{
    uint64_t addr, len;
    const char *rest;
    static uint8_t mem[GDB_MAX_MEM];
    if (!gdb_addr_len(a, &addr, &len, &rest) || *rest != ':' || len > GDB_MAX_MEM ||
        strlen(rest + 1) != 2 * len || !gdb_unhex(mem, rest + 1, len))
        return gdb_send_str(g, "E01");
    gdb_send_str(g, gdb_mem_rw(addr, mem, len, true) ? "OK" : "E14");
}

static void gdb_cmd_read_regs(GdbStub *g)
{
    static char out[GDB_PACKET_SIZE];
    uint8_t r[16];
    size_t pos = 0;
    for (int n = 0; n < g->arch->num_regs; n++) {
        int sz = g->arch->read_reg(gdb_cpu(), n, r);
        if (pos + 2 * (size_t)sz + 1 > sizeof(out))
            break;
        gdb_hex(out + pos, r, (size_t)sz);
        pos += 2 * (size_t)sz;
    }
    gdb_send_packet(g, out, pos);
}

static void gdb_cmd_write_regs(GdbStub *g, const char *a)
{
    uint8_t r[16];
    for (int n = 0; n < g->arch->num_regs && *a; n++) {
        int sz = g->arch->read_reg(gdb_cpu(), n, r);
        if (!gdb_unhex(r, a, (size_t)sz))
            return gdb_send_str(g, "E01");
        g->arch->write_reg(gdb_cpu(), n, r);
        a += 2 * sz;
    }
    gdb_send_str(g, "OK");
}

static void gdb_cmd_read_reg(GdbStub *g, const char *a)
{
    char *end, out[40];
    uint8_t r[16];
    unsigned long n = strtoul(a, &end, 16);
    int sz = (end == a || *end || n > 4096) ? 0 : g->arch->read_reg(gdb_cpu(), (int)n, r);
    if (!sz)
        return gdb_send_str(g, "E01");
    gdb_hex(out, r, (size_t)sz);
    gdb_send_str(g, out);
}

static void gdb_cmd_write_reg(GdbStub *g, const char *a)
{
    char *end;
    uint8_t r[16];
    unsigned long n = strtoul(a, &end, 16);
    int sz = (end == a || *end != '=' || n > 4096) ? 0 : g->arch->read_reg(gdb_cpu(), (int)n, r);
    if (!sz || strlen(end + 1) != 2 * (size_t)sz || !gdb_unhex(r, end + 1, (size_t)sz) ||
        !g->arch->write_reg(gdb_cpu(), (int)n, r))
        return gdb_send_str(g, "E01");
    gdb_send_str(g, "OK");
}

/* Z0/z0,ADDR,KIND: software breakpoints; other kinds are not supported (empty reply). */
static void gdb_cmd_breakpoint(GdbStub *g, const char *a, bool insert)
{
    uint64_t addr, kind;
    const char *rest;
    if (a[0] != '0')
        return gdb_send_str(g, "");
    if (a[1] != ',' || !gdb_addr_len(a + 2, &addr, &kind, &rest))
        return gdb_send_str(g, "E01");
    if (insert)
        gdb_send_str(g, cpu_breakpoint_insert(addr) ? "OK" : "E22");
    else
        gdb_send_str(g, cpu_breakpoint_remove(addr) ? "OK" : "E22");
}

static void gdb_resume(GdbStub *g, bool step)
{
    cpu_single_step_set(step);
    g->waiting_stop = true;
    vm_start();
}

static void gdb_cmd_xfer(GdbStub *g, const char *a)
{
    static const char pfx[] = "features:read:target.xml:";
    static char out[GDB_PACKET_SIZE];
    uint64_t off, len;
    const char *rest;
    if (strncmp(a, pfx, sizeof(pfx) - 1))
        return gdb_send_str(g, "");
    if (!gdb_addr_len(a + sizeof(pfx) - 1, &off, &len, &rest) || *rest)
        return gdb_send_str(g, "E01");
    size_t total = strlen(g->arch->xml);
    if (off >= total)
        return gdb_send_str(g, "l");
    if (len > sizeof(out) - 2)
        len = sizeof(out) - 2;
    size_t n = total - off < len ? total - off : len;
    out[0] = off + n >= total ? 'l' : 'm';
    memcpy(out + 1, g->arch->xml + off, n);
    gdb_send_packet(g, out, n + 1);
}

static void gdb_cmd_query(GdbStub *g, const char *p)
{
    char out[128];
    if (!strncmp(p, "qSupported", 10)) {
        snprintf(out, sizeof(out), "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+",
                 GDB_PACKET_SIZE);
        gdb_send_str(g, out);
    } else if (!strncmp(p, "qXfer:", 6)) {
        gdb_cmd_xfer(g, p + 6);
    } else if (!strncmp(p, "qAttached", 9)) {
        gdb_send_str(g, "1");
    } else if (!strcmp(p, "qC")) {
        gdb_send_str(g, "QC01");
    } else if (!strcmp(p, "qfThreadInfo")) {
        gdb_send_str(g, "m01");
    } else if (!strcmp(p, "qsThreadInfo")) {
        gdb_send_str(g, "l");
    } else if (!strcmp(p, "QStartNoAckMode")) {
        gdb_send_str(g, "OK");
        g->no_ack = true;
    } else {
        gdb_send_str(g, "");
    }
}

static void gdb_detach(GdbStub *g)
{
    cpu_breakpoint_remove_all();
    cpu_single_step_set(false);
    g->waiting_stop = false;
    vm_start();
}

void gdb_handle_packet(GdbStub *g, char *pkt, size_t len)
{
    (void)len;
    switch (pkt[0]) {
    case '?': gdb_send_str(g, "T05thread:01;"); break;
    case 'g': gdb_cmd_read_regs(g); break;
    case 'G': gdb_cmd_write_regs(g, pkt + 1); break;
    case 'p': gdb_cmd_read_reg(g, pkt + 1); break;
    case 'P': gdb_cmd_write_reg(g, pkt + 1); break;
    case 'm': gdb_cmd_read_mem(g, pkt + 1); break;
    case 'M': gdb_cmd_write_mem(g, pkt + 1); break;
    case 'c': gdb_resume(g, false); break;
    case 's': gdb_resume(g, true); break;
    case 'Z': gdb_cmd_breakpoint(g, pkt + 1, true); break;
    case 'z': gdb_cmd_breakpoint(g, pkt + 1, false); break;
    case 'H': gdb_send_str(g, "OK"); break;
    case 'T': gdb_send_str(g, "OK"); break;
    case 'D': gdb_send_str(g, "OK"); gdb_detach(g); break;
    case 'k': gdb_detach(g); machine_request_shutdown(0); break;
    case 'q': case 'Q': gdb_cmd_query(g, pkt); break;
    default: gdb_send_str(g, ""); break;
    }
}

void gdb_interrupt(GdbStub *g)
{
    (void)g;                            /* the stop reply comes from the notifier */
    if (runstate_is_running())
        vm_stop(RUN_REASON_DEBUG);
}

/* I/O thread: the stop reply for a pending c/s once the machine has stopped and the vCPU
 * loop is parked (polled every millisecond until then). */
static gboolean gdb_send_stop(gpointer opaque)
{
    GdbStub *g = opaque;
    RunState st = runstate_get();
    if ((st == RUN_STATE_DEBUG || st == RUN_STATE_PAUSED) && !runstate_vcpus_parked()) {
        GSource *s = g_timeout_source_new(1);
        g_source_set_callback(s, gdb_send_stop, g, NULL);
        g_source_attach(s, iothread_context());
        g_source_unref(s);
        return G_SOURCE_REMOVE;
    }
    hw_lock();
    if (g->waiting_stop && !runstate_is_running()) {
        g->waiting_stop = false;
        gdb_send_str(g, "T05thread:01;");
    }
    hw_unlock();
    return G_SOURCE_REMOVE;
}

static void gdb_runstate_changed(void *opaque, bool running, RunState state)
{
    (void)state;
    if (!running)
        iothread_call(gdb_send_stop, opaque);
}

static void gdb_receive(void *opaque, const uint8_t *buf, int len)
{
    gdb_rx_bytes(opaque, buf, len);
}

static void gdb_connected(void *opaque)
{
    GdbStub *g = opaque;
    g->rx = GDB_RX_IDLE;
    g->no_ack = false;
    g->waiting_stop = false;
    if (runstate_is_running())
        vm_stop(RUN_REASON_DEBUG);      /* gdb expects a stopped target on attach */
}

void gdb_stub_open(const char *spec)
{
    GdbStub *g = &gdb_stub;
    if (strncmp(spec, "tcp:", 4))
        trix_fatal("-gdb %s: only tcp:[HOST]:PORT is supported", spec);
    const char *rest = spec + 4;
    char *dev = rest[0] == ':' ? g_strdup_printf("tcp:127.0.0.1%s,server,wait=off", rest)
                               : g_strdup_printf("tcp:%s,server,wait=off", rest);
    if (strcmp(current_machine->target->name, gdb_arch_riscv64.target))
        trix_fatal("-gdb: no gdb register description for %s yet",
                   current_machine->target->name);
    g->arch = &gdb_arch_riscv64;
    g->chr = chr_open(dev);
    g_free(dev);
    CharFrontend fe = { .receive = gdb_receive, .opaque = g, .connected = gdb_connected };
    chr_attach(g->chr, &fe);
    runstate_add_notifier(gdb_runstate_changed, g);
}
