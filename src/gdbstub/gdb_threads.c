/* gdb threads: one per CPU (a hart in system mode), listed, selected (H) and described. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gdb_int.h"
#include "trix/machine.h"

CPUState *cpu_list_first(void);

CPUState *gdb_thread_cpu(long tid)
{
    for (CPUState *c = cpu_list_first(); c; c = c->next)
        if (c->cpu_index + 1 == tid)
            return c;
    return NULL;
}

int gdb_thread_id(const CPUState *cpu)
{
    return cpu ? cpu->cpu_index + 1 : 1;
}

CPUState *gdb_first_cpu(void)
{
    CPUState *best = NULL;
    for (CPUState *c = cpu_list_first(); c; c = c->next)
        if (!best || c->cpu_index < best->cpu_index)
            best = c;
    return best;
}

bool gdb_parse_tid(const char *s, long *tid, const char **rest)
{
    if (!strncmp(s, "-1", 2)) {
        *tid = -1;
        *rest = s + 2;
        return true;
    }
    char *end;
    if (gdb_hexval((uint8_t)*s) < 0)
        return false;
    unsigned long v = strtoul(s, &end, 16);
    if (v > 0x7fffffff)
        return false;
    *tid = (long)v;
    *rest = end;
    return true;
}

/* Hg / Hc: -1 (all) and 0 (any) pick the first thread. */
void gdb_cmd_set_thread(GdbStub *g, const char *a)
{
    long tid;
    const char *rest;
    if ((a[0] != 'g' && a[0] != 'c') || !gdb_parse_tid(a + 1, &tid, &rest) || *rest)
        return gdb_send_str(g, "E01");
    CPUState *cpu = tid <= 0 ? gdb_first_cpu() : gdb_thread_cpu(tid);
    if (!cpu)
        return gdb_send_str(g, "E22");
    if (a[0] == 'g')
        g->cpu_g = cpu;
    else
        g->cpu_c = cpu;
    gdb_send_str(g, "OK");
}

void gdb_cmd_thread_alive(GdbStub *g, const char *a)
{
    long tid;
    const char *rest;
    if (!gdb_parse_tid(a, &tid, &rest) || *rest || tid <= 0)
        return gdb_send_str(g, "E01");
    gdb_send_str(g, gdb_thread_cpu(tid) ? "OK" : "E22");
}

static int gdb_cmp_tid(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* "m1,2,3": every thread in ascending order. */
static void gdb_thread_list(GdbStub *g)
{
    static int ids[GDB_MAX_THREADS];
    static char out[GDB_MAX_THREADS * 9 + 2];
    int n = 0;
    for (CPUState *c = cpu_list_first(); c && n < GDB_MAX_THREADS; c = c->next)
        ids[n++] = gdb_thread_id(c);
    qsort(ids, (size_t)n, sizeof(ids[0]), gdb_cmp_tid);
    size_t pos = 0;
    out[pos++] = 'm';
    for (int i = 0; i < n; i++)
        pos += (size_t)snprintf(out + pos, sizeof(out) - pos, "%s%x", i ? "," : "", ids[i]);
    gdb_send_packet(g, out, pos);
}

/* qThreadExtraInfo,ID: "hart N [halted]" (hex-encoded) as `info threads` shows it. */
static void gdb_thread_extra(GdbStub *g, const char *a)
{
    long tid;
    const char *rest;
    CPUState *cpu = gdb_parse_tid(a, &tid, &rest) && !*rest ? gdb_thread_cpu(tid) : NULL;
    if (!cpu)
        return gdb_send_str(g, "E22");
    char text[64], out[2 * sizeof(text) + 1];
    snprintf(text, sizeof(text), "%s %d%s", current_machine ? "hart" : "cpu",
             cpu->cpu_index, cpu->halted ? " [halted]" : "");
    gdb_hex(out, (const uint8_t *)text, strlen(text));
    gdb_send_str(g, out);
}

bool gdb_query_threads(GdbStub *g, const char *p)
{
    char out[32];
    if (!strcmp(p, "qfThreadInfo")) {
        gdb_thread_list(g);
    } else if (!strcmp(p, "qsThreadInfo")) {
        gdb_send_str(g, "l");
    } else if (!strcmp(p, "qC")) {
        snprintf(out, sizeof(out), "QC%x", gdb_thread_id(g->cpu_g));
        gdb_send_str(g, out);
    } else if (!strncmp(p, "qThreadExtraInfo,", 17)) {
        gdb_thread_extra(g, p + 17);
    } else {
        return false;
    }
    return true;
}
