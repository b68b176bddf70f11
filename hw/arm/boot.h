/* arm64 board boot: -bios into flash, the Linux arm64 Image protocol, ELF, initrd and DTB placement. */
#ifndef TRIX_HW_ARM_BOOT_H
#define TRIX_HW_ARM_BOOT_H

#include "trix/machine.h"
#include "hw/core/boot_fdt.h"
#include "hw/core/loader.h"

#define ARM_DEBIAN_UBOOT "/usr/lib/u-boot/qemu_arm64/u-boot.bin"

/* Where the board's memory is and how it boots. */
typedef struct ArmBootInfo {
    uint64_t ram_base, ram_size;
    uint64_t flash_base, flash_size;    /* -bios goes here */
    const char *stdout_path;
    int boot_el;                        /* 1, or 2 with virtualization=on */
} ArmBootInfo;

/* Where everything went. */
typedef struct ArmBootResult {
    bool has_bios, has_kernel, has_initrd;
    uint64_t entry;                     /* the boot CPU's pc */
    uint64_t kernel_low, kernel_high;
    uint64_t initrd_start, initrd_end;
    uint64_t fdt_addr;
} ArmBootResult;

/* A Linux arm64 Image header (after gunzip): true with text_offset and image_size (image_size
 * 0, as in pre-3.17 kernels, means text_offset 0x80000 and an unknown size). */
bool arm_boot_is_linux_image(const uint8_t *data, size_t size, uint64_t *text_offset,
                             uint64_t *image_size);
/* The whole boot at init and reset: load -bios / -kernel / -initrd, build the tree with
 * build_fdt (or read -dtb), place it, dump it when `dump` and dumpdtb=, and set every vCPU's
 * reset state (the boot CPU at the entry with x0 = the tree for Linux, the others powered
 * off for PSCI CPU_ON). */
void arm_boot_machine(MachineState *ms, const ArmBootInfo *info,
                      void *(*build_fdt)(MachineState *), bool dump, ArmBootResult *r);

#endif
