/* The riscv64 `spike` board: RAM, CLINT and HTIF, for riscv-tests style ELFs and OpenSBI. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include "trix/machine.h"
#include "target/riscv64/cpu.h"
#include "hw/core/fdt_util.h"
#include "hw/core/loader.h"
#include "hw/intc/aclint.h"
#include "hw/misc/htif.h"
#include "hw/riscv/boot.h"
#include "hw/riscv/riscv_common.h"

enum { SPIKE_CLINT = 0x2000000 };
#define SPIKE_DRAM 0x80000000ull

typedef struct SpikeBoard {
    ACLINTState *clint;
    HTIFState *htif;
    bool htif_from_symbols;
} SpikeBoard;

static SpikeBoard *spike_board;

static uint64_t spike_time(void)
{
    return aclint_mtime(spike_board->clint);
}

/* tohost/fromhost from an ELF image's symbols (QEMU looks in -kernel, then -bios). */
static bool spike_symbols_in(const char *path, uint64_t *tohost, uint64_t *fromhost)
{
    if (!path || !strcmp(path, "none"))
        return false;
    size_t size;
    uint8_t *data = machine_load_file(path, "image", &size);
    bool ok = loader_elf_symbol(data, size, "tohost", tohost) &&
              loader_elf_symbol(data, size, "fromhost", fromhost);
    g_free(data);
    return ok;
}

/* Map RAM around the 8-byte HTIF words that lie inside it. */
static void spike_map_ram(uint64_t base, uint64_t size, uint64_t a, uint64_t b)
{
    uint64_t holes[2] = { a < b ? a : b, a < b ? b : a };
    uint64_t pos = base, end = base + size;
    for (int i = 0; i < 2; i++) {
        if (holes[i] < pos || holes[i] + 8 > end || (i == 1 && holes[1] == holes[0]))
            continue;
        if (holes[i] > pos)
            mem_map_ram("spike.ram", pos, holes[i] - pos);
        pos = holes[i] + 8;
    }
    if (pos < end)
        mem_map_ram("spike.ram", pos, end - pos);
}

static void *spike_build_fdt(MachineState *ms)
{
    SpikeBoard *sb = ms->board;
    void *fdt = dt_create();
    uint32_t intc[MACHINE_MAX_CPUS];
    riscv_fdt_root(fdt, "ucb,spike-bare-dev", "ucb,spike-bare,qemu");
    htif_fdt(fdt, sb->htif, !sb->htif_from_symbols);
    riscv_fdt_cpus(fdt, ms->smp, intc);
    riscv_fdt_memory(fdt, SPIKE_DRAM, ms->ram_size);
    riscv_fdt_soc(fdt);
    aclint_fdt(fdt, "/soc", SPIKE_CLINT, ms->smp, intc);
    return fdt;
}

static void spike_init(MachineState *ms)
{
    SpikeBoard *sb = trix_malloc0(sizeof(*sb));
    ms->board = sb;
    spike_board = sb;
    uint64_t tohost = HTIF_DEFAULT_BASE + 8, fromhost = HTIF_DEFAULT_BASE;
    sb->htif_from_symbols = spike_symbols_in(ms->kernel, &tohost, &fromhost) ||
                            spike_symbols_in(ms->bios, &tohost, &fromhost);
    if (tohost / 8 == fromhost / 8 || (tohost | fromhost) & 7)
        trix_fatal("spike: tohost (%#llx) and fromhost (%#llx) must be distinct aligned "
                   "64-bit words", (unsigned long long)tohost, (unsigned long long)fromhost);
    mem_map_rom("spike.mrom", RV_BOOT_ROM_BASE, RV_BOOT_ROM_SIZE);
    spike_map_ram(SPIKE_DRAM, ms->ram_size, tohost, fromhost);
    IRQ mtip[MACHINE_MAX_CPUS], msip[MACHINE_MAX_CPUS];
    for (int i = 0; i < ms->smp; i++) {
        mtip[i] = rv_cpu_irq(rv_cpu(ms->cpus[i]), RV_IRQ_MTI);
        msip[i] = rv_cpu_irq(rv_cpu(ms->cpus[i]), RV_IRQ_MSI);
    }
    sb->clint = aclint_create(SPIKE_CLINT, ms->smp, mtip, msip);
    sb->htif = htif_create(tohost, fromhost, ms->serial[0]);
    rv_time_source = spike_time;
    rv_timebase_hz = ACLINT_TIMEBASE_HZ;
    rv_boot_machine(ms, SPIKE_DRAM, spike_build_fdt, NULL, true);
}

static void spike_reset(MachineState *ms)
{
    SpikeBoard *sb = ms->board;
    aclint_reset(sb->clint);
    rv_boot_machine(ms, SPIKE_DRAM, spike_build_fdt, NULL, false);
}

const MachineDef machine_riscv_spike = {
    .name = "spike",
    .arch = "riscv64",
    .desc = "RISC-V Spike board (RAM, CLINT, HTIF console and exit)",
    .init = spike_init,
    .reset = spike_reset,
    .default_ram_size = 128ull << 20,
    .max_cpus = MACHINE_MAX_CPUS,
    .default_cpu = "rv64",
};
