/* Shared x86 board pieces: RAM split around the PCI hole, -bios below 4 GiB, e820, vCPUs, port-I/O 16550s. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include "hw/i386/x86_board.h"
#include "target/x86_64/x86_sys.h"
#include "trix/ioport.h"

#define X86_BIOS_MAX (16ull << 20)

void x86_e820_add(X86Machine *xm, uint64_t addr, uint64_t size, uint32_t type)
{
    ASSERT(xm->ne820 < X86_E820_MAX);
    xm->e820[xm->ne820++] = (X86E820Entry){ addr, size, type };
}

/* The -bios image, or the board's default firmware when nothing else is to boot. */
static const char *x86_bios_path(MachineState *ms, const char *default_bios)
{
    if (ms->bios && !strcmp(ms->bios, "none"))
        return NULL;
    if (ms->bios)
        return ms->bios;
    if (ms->kernel || !default_bios)
        return NULL;
    char *path = machine_find_firmware(default_bios);
    if (!path)
        trix_fatal("machine '%s': no -kernel, and the default firmware '%s' was not found "
                   "(give -kernel FILE or -bios FILE)", ms->def->name, default_bios);
    return path;
}

/* Map the image so that it ends at 4 GiB; its last 128 KiB are also the ISA BIOS. */
static void x86_bios_map(X86Machine *xm, const char *path)
{
    size_t size;
    uint8_t *data = machine_load_file(path, "bios", &size);
    if (size % 65536 || size > X86_BIOS_MAX)
        trix_fatal("-bios %s: %zu bytes: the image must be a multiple of 64 KiB and at most "
                   "%llu MiB (it is mapped to end at 4 GiB)", path, size,
                   (unsigned long long)(X86_BIOS_MAX >> 20));
    memcpy(mem_map_rom("pc.bios", X86_4G - size, size), data, size);
    uint64_t isa = size < X86_ISA_BIOS_SIZE ? size : X86_ISA_BIOS_SIZE;
    memcpy(mem_map_rom("isa-bios", X86_1M - isa, isa), data + size - isa, isa);
    xm->bios = path;
    xm->bios_size = size;
    g_free(data);
}

static void x86_map_ram(X86Machine *xm)
{
    uint64_t isa = xm->bios ? (xm->bios_size < X86_ISA_BIOS_SIZE ? xm->bios_size
                                                                 : X86_ISA_BIOS_SIZE) : 0;
    if (isa) {
        mem_map_ram("x86.ram-low", 0, X86_1M - isa);
        mem_map_ram("x86.ram", X86_1M, xm->below_4g - X86_1M);
    } else {
        mem_map_ram("x86.ram", 0, xm->below_4g);
    }
    if (xm->above_4g)
        mem_map_ram("x86.ram-high", X86_4G, xm->above_4g);
}

void x86_machine_init(X86Machine *xm, MachineState *ms, uint64_t lowmem_max,
                      const char *default_bios)
{
    memset(xm, 0, sizeof(*xm));
    xm->ms = ms;
    if (ms->ram_size < 2 * X86_1M)
        trix_fatal("-m: machine '%s' needs at least 2 MiB of RAM", ms->def->name);
    xm->below_4g = ms->ram_size < lowmem_max ? ms->ram_size : lowmem_max;
    xm->above_4g = ms->ram_size - xm->below_4g;
    const char *bios = x86_bios_path(ms, default_bios);
    if (bios)
        x86_bios_map(xm, bios);
    x86_map_ram(xm);
    x86_e820_add(xm, 0, X86_LOW_RAM_END, E820_RAM);
    x86_e820_add(xm, X86_LOW_RAM_END, 0xa0000 - X86_LOW_RAM_END, E820_RESERVED);
    x86_e820_add(xm, X86_BIOS_AREA, X86_1M - X86_BIOS_AREA, E820_RESERVED);
    x86_e820_add(xm, X86_1M, xm->below_4g - X86_1M, E820_RAM);
    if (xm->above_4g)
        x86_e820_add(xm, X86_4G, xm->above_4g, E820_RAM);
    xm->cmdline = trix_strdup(ms->append ? ms->append : "");
}

void x86_cmdline_append(X86Machine *xm, const char *text)
{
    char *s = g_strdup_printf("%s%s%s", xm->cmdline, xm->cmdline[0] ? " " : "", text);
    free(xm->cmdline);
    xm->cmdline = trix_strdup(s);
    g_free(s);
}

void x86_cpus_configure(MachineState *ms)
{
    for (int i = 0; i < ms->smp; i++) {
        X86CpuConfig c = { .apic_id = i, .ncpus = ms->smp, .bsp = i == 0 };
        x86_cpu_configure(x86_cpu(ms->cpus[i]), &c);
    }
}

static const MemoryRegionOps x86_serial_ops = {
    .read = ns16550a_read,
    .write = ns16550a_write,
    .min_size = 1,
    .max_size = 1,
};

NS16550AState *x86_serial_create(uint32_t port, CharBackend *chr, IRQ irq)
{
    NS16550AState *s = trix_malloc0(sizeof(*s));
    ns16550a_init(s, chr, irq);
    io_map("serial", port, 8, &x86_serial_ops, s);
    return s;
}
