/* gdb q/Q packets: features, target description, threads, monitor commands, memory mode. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include "gdb_int.h"
#include "trix/machine.h"
#include "../monitor/monitor.h"

static void gdb_cmd_xfer(GdbStub *g, const char *a)
{
    static const char pfx[] = "features:read:target.xml:";
    static char out[GDB_PACKET_SIZE];
    uint64_t off, len;
    const char *rest;
    if (strncmp(a, pfx, sizeof(pfx) - 1))
        return gdb_send_str(g, strncmp(a, "features:read:", 14) ? "" : "E00");
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

/* Console output for qRcmd: O packets of hex text. */
static void gdb_send_console(GdbStub *g, const char *text, size_t len)
{
    static char out[GDB_PACKET_SIZE];
    const size_t chunk = (sizeof(out) - 2) / 2;
    for (size_t off = 0; off < len; off += chunk) {
        size_t n = len - off < chunk ? len - off : chunk;
        out[0] = 'O';
        gdb_hex(out + 1, (const uint8_t *)text + off, n);
        gdb_send_packet(g, out, 1 + 2 * n);
    }
}

/* qRcmd,HEX: one HMP command line (src/monitor/hmp.c); its output, then OK. */
static void gdb_cmd_rcmd(GdbStub *g, const char *hex)
{
    size_t n = strlen(hex);
    if (n % 2)
        return gdb_send_str(g, "E01");
    char *line = g_malloc(n / 2 + 1);
    if (!gdb_unhex((uint8_t *)line, hex, n / 2)) {
        g_free(line);
        return gdb_send_str(g, "E01");
    }
    line[n / 2] = 0;
    GString *out = g_string_new(NULL);
    if (!current_machine)
        g_string_append(out, "monitor commands need system mode\n");
    else if (memchr(line, 0, n / 2))
        g_string_append(out, "bad command line\n");
    else
        hmp_execute(line, out);
    gdb_send_console(g, out->str, out->len);
    gdb_send_str(g, "OK");
    g_string_free(out, TRUE);
    g_free(line);
}

static void gdb_cmd_phys_mode(GdbStub *g, const char *a)
{
    if (strcmp(a, "0") && strcmp(a, "1"))
        return gdb_send_str(g, "E22");
    g->phys_mem = a[0] == '1';
    gdb_send_str(g, "OK");
}

static void gdb_cmd_supported(GdbStub *g)
{
    char out[160];
    snprintf(out, sizeof(out), "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;"
             "vContSupported+", GDB_PACKET_SIZE);
    gdb_send_str(g, out);
}

void gdb_cmd_query(GdbStub *g, const char *p)
{
    if (!strncmp(p, "qSupported", 10) && (!p[10] || p[10] == ':')) {
        gdb_cmd_supported(g);
    } else if (!strncmp(p, "qXfer:", 6)) {
        gdb_cmd_xfer(g, p + 6);
    } else if (!strcmp(p, "qAttached") || !strncmp(p, "qAttached:", 10)) {
        gdb_send_str(g, "1");
    } else if (gdb_query_threads(g, p)) {
        /* handled */
    } else if (!strncmp(p, "qRcmd,", 6)) {
        gdb_cmd_rcmd(g, p + 6);
    } else if (!strcmp(p, "qqemu.PhyMemMode")) {
        gdb_send_str(g, g->phys_mem ? "1" : "0");
    } else if (!strncmp(p, "Qqemu.PhyMemMode:", 17)) {
        gdb_cmd_phys_mode(g, p + 17);
    } else if (!strcmp(p, "qOffsets") && !current_machine) {
        gdb_send_str(g, "Text=0;Data=0;Bss=0");
    } else if (!strcmp(p, "QStartNoAckMode")) {
        gdb_send_str(g, "OK");
        g->no_ack = true;
    } else {
        gdb_send_str(g, "");
    }
}
