/* HMP's machine inspection: info registers, info mtree, x/xp memory dumps, virtual reads. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "monitor.h"
#include "trix/common.h"
#include "trix/exec.h"
#include "trix/machine.h"
#include "trix/memory.h"
#include "trix/softmmu.h"

/* The hart the monitors look at (HMP `cpu N`; one for all sessions): the first by default. */
static int mon_cpu_index;

CPUState *monitor_cpu(int index)
{
    if (index < 0)
        index = mon_cpu_index;
    return current_machine && index < current_machine->smp ? current_machine->cpus[index] : NULL;
}

/* cpu N: select the hart for info registers, x and memsave. */
void hmp_cpu(GString *out, const char *args)
{
    char *end;
    long n = strtol(args, &end, 10);
    if (end == args || *end || n < 0 || n >= MACHINE_MAX_CPUS || !monitor_cpu((int)n))
        g_string_append_printf(out, "cpu: invalid CPU index '%s'\n", args);
    else
        mon_cpu_index = (int)n;
}

bool monitor_virt_read(CPUState *cpu, uint64_t vaddr, void *buf, uint64_t len)
{
    uint8_t *p = buf;
    while (len) {
        uint64_t n = MIN(len, TARGET_PAGE_SIZE - (vaddr & (TARGET_PAGE_SIZE - 1))), pa = vaddr;
        if (!cpu || (cpu->target->debug_translate &&
                     !cpu->target->debug_translate(cpu, vaddr, &pa)))
            return false;
        if (!phys_read(pa, p, n))
            return false;
        vaddr += n;
        p += n;
        len -= n;
    }
    return true;
}

/* info registers [-a]: the target's register dump (TargetOps.dump_state) of the selected
 * hart or of all. */
void hmp_info_registers(GString *out, const char *args)
{
    bool all = !strcmp(args, "-a");
    for (int i = 0; current_machine && i < current_machine->smp; i++) {
        CPUState *cpu = current_machine->cpus[i];
        if (!all && i != mon_cpu_index)
            continue;
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        if (!f)
            trix_fatal_errno("open_memstream");
        if (all)
            fprintf(f, "CPU#%d\n", cpu->cpu_index);
        cpu->target->dump_state(cpu, f);
        fclose(f);
        g_string_append(out, text);
        free(text);
    }
}

/* info mtree: the physical memory map in address order. */
void hmp_info_mtree(GString *out)
{
    g_string_append(out, "address-space: memory\n");
    const MemoryRegion *r;
    for (int i = 0; (r = mem_region_at(i)); i++)
        g_string_append_printf(out, "  %016" PRIx64 "-%016" PRIx64 " (prio 0, %s): %s\n",
                               r->base, r->base + (r->size - 1),
                               r->ops ? "i/o" : r->readonly ? "rom" : "ram", r->name);
}

typedef struct HmpFmt {
    unsigned long count;
    char format;            /* x d u o c */
    unsigned size;          /* 1 2 4 8 */
} HmpFmt;

/* "/[count][format][size]" (QEMU's spelling; default /1xw); false on a bad letter. */
static bool hmp_parse_fmt(const char **s, HmpFmt *f)
{
    *f = (HmpFmt){ 1, 'x', 4 };
    if (**s != '/')
        return true;
    const char *p = *s + 1;
    if (isdigit((unsigned char)*p))
        f->count = strtoul(p, (char **)&p, 10);
    for (; *p && *p != ' '; p++) {
        if (strchr("xduoci", *p))
            f->format = *p;
        else if (strchr("bhwg", *p))
            f->size = *p == 'b' ? 1 : *p == 'h' ? 2 : *p == 'w' ? 4 : 8;
        else
            return false;
    }
    if (f->format == 'c')
        f->size = 1;
    *s = p + strspn(p, " ");
    return true;
}

static void hmp_put_item(GString *out, const HmpFmt *f, uint64_t v)
{
    int digits = (int)f->size * 2;
    int64_t sv = f->size == 8 ? (int64_t)v : (int64_t)(v << (64 - 8 * f->size)) >> (64 - 8 * f->size);
    switch (f->format) {
    case 'd': g_string_append_printf(out, " %" PRId64, sv); break;
    case 'u': g_string_append_printf(out, " %" PRIu64, v); break;
    case 'o': g_string_append_printf(out, " %#" PRIo64, v); break;
    case 'c': g_string_append_printf(out, isprint((int)v) ? " '%c'" : " '\\x%02x'", (int)v); break;
    default:  g_string_append_printf(out, " 0x%0*" PRIx64, digits, v); break;
    }
}

/* Read up to `want` bytes (fewer at the end of what is mapped); returns the count. */
static size_t hmp_read_some(uint64_t a, uint8_t *buf, size_t want, bool virt)
{
    size_t n = 0;
    while (n < want && (virt ? monitor_virt_read(monitor_cpu(-1), a + n, buf + n, 1)
                             : phys_read(a + n, buf + n, 1)))
        n++;
    return n;
}

/* x /Ni: N instructions, disassembled by the target (TargetOps.disas). */
static void hmp_disas(GString *out, const HmpFmt *f, uint64_t addr, bool virt)
{
    CPUState *cpu = monitor_cpu(-1);
    for (unsigned long i = 0; cpu && cpu->target->disas && i < f->count && i < 4096; i++) {
        uint8_t code[16];
        char text[128];
        size_t avail = hmp_read_some(addr, code, sizeof(code), virt);
        int len = avail ? cpu->target->disas(text, sizeof(text), addr, code, avail) : 0;
        if (len <= 0) {
            g_string_append_printf(out, "Cannot access memory at %s address 0x%" PRIx64 "\n",
                                   virt ? "virtual" : "physical", addr);
            return;
        }
        g_string_append_printf(out, "0x%016" PRIx64 ":  %s\n", addr, text);
        addr += (uint64_t)len;
    }
}

/* x /FMT ADDR (virtual, through the selected hart's MMU) and xp /FMT ADDR (physical). */
void hmp_memory_dump(GString *out, const char *cmd, const char *args, bool virt)
{
    HmpFmt f;
    if (!hmp_parse_fmt(&args, &f)) {
        g_string_append_printf(out, "%s: bad format (use /[count][xduoci][bhwg])\n", cmd);
        return;
    }
    char *end;
    uint64_t addr = strtoull(args, &end, 0);
    if (end == args || (*end && *end != ' ')) {
        g_string_append_printf(out, "%s: expected an address\n", cmd);
        return;
    }
    if (f.format == 'i') {
        hmp_disas(out, &f, addr, virt);
        return;
    }
    unsigned per_line = f.format == 'c' ? 16 : 16 / f.size;
    for (unsigned long i = 0; i < f.count && i < 4096; i++) {
        uint64_t a = addr + i * f.size, v = 0;
        if (i % per_line == 0)
            g_string_append_printf(out, "%s%016" PRIx64 ":", i ? "\n" : "", a);
        bool ok = virt ? monitor_virt_read(monitor_cpu(-1), a, &v, f.size) : phys_read(a, &v, f.size);
        if (!ok) {
            g_string_append_printf(out, " Cannot access memory at %s address 0x%" PRIx64,
                                   virt ? "virtual" : "physical", a);
            break;
        }
        hmp_put_item(out, &f, v);
    }
    g_string_append_c(out, '\n');
}
