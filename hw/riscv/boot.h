/* RISC-V board boot: firmware, kernel, initrd and DTB placement, the reset-vector ROM. */
#ifndef TRIX_HW_RISCV_BOOT_H
#define TRIX_HW_RISCV_BOOT_H

#include "trix/machine.h"
#include "hw/core/loader.h"
#include "hw/core/boot_fdt.h"

#define RV_BOOT_ROM_BASE 0x1000ull
#define RV_BOOT_ROM_SIZE 0xf000ull
#define RV_DEBIAN_OPENSBI "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
#define RV_QEMU_OPENSBI "opensbi-riscv64-generic-fw_dynamic.bin"

/* Where the images went. */
typedef struct RVBootResult {
    bool has_firmware;
    LoadedImage fw;                 /* low..high and entry of the firmware */
    bool has_kernel;
    LoadedImage kernel;             /* entry = where the firmware (or the ROM) jumps next */
    bool has_initrd;
    uint64_t initrd_start, initrd_end;
    uint64_t fdt_addr;
} RVBootResult;

/* -bios: NULL = the default OpenSBI fw_dynamic, "none", or a file (ELF or raw at RAM base). */
void rv_boot_load_firmware(BootRAM *b, const char *bios, RVBootResult *r);
/* -kernel: ELF (by physical address), a Linux Image (optionally gzip'ed) or raw, at the
 * next 2 MiB boundary after the firmware (RAM base without firmware). */
void rv_boot_load_kernel(BootRAM *b, const char *path, RVBootResult *r);
/* The device tree: ms->dtb when given (validated), else `built`; /chosen gets bootargs,
 * stdout-path and the initrd; then the initrd (below the tree) and the tree (top of RAM,
 * 2 MiB aligned, under 3 GiB like QEMU) are placed. Returns the final blob. */
void *rv_boot_finish_fdt(BootRAM *b, MachineState *ms, void *built, const char *stdout_path,
                         RVBootResult *r);
/* The reset vector at RV_BOOT_ROM_BASE: a0 = mhartid, a1 = fdt, a2 = fw_dynamic info, jump
 * to start. next_addr/next_mode go into the fw_dynamic info for OpenSBI. */
void rv_boot_write_rom(uint64_t start, uint64_t fdt_addr, uint64_t next_addr, int boot_hart);
/* The whole boot sequence of a riscv board (at init and at every reset): load -bios and
 * -kernel, build the tree with build_fdt (after the images, which it may describe), finish
 * and place it (dumping it when `dump` and -machine dumpdtb=), write the reset vector and
 * put every hart at it in M mode. */
void rv_boot_machine(MachineState *ms, uint64_t ram_base, void *(*build_fdt)(MachineState *),
                     const char *stdout_path, bool dump);

#endif
