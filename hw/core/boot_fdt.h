/* Boot pieces every board shares: RAM bookkeeping of loaded images, -dtb, /chosen, dumpdtb. */
#ifndef TRIX_HW_BOOT_FDT_H
#define TRIX_HW_BOOT_FDT_H

#include "trix/machine.h"

/* RAM and what has been placed in it, to catch images that overlap or do not fit. */
typedef struct BootRAM {
    uint64_t ram_base, ram_size;
    struct { const char *what; uint64_t lo, hi; } used[8];
    int nused;
} BootRAM;

/* Record [lo, hi) for `what`: fatal unless it lies in RAM and overlaps nothing recorded. */
void boot_claim(BootRAM *b, const char *what, const char *path, uint64_t lo, uint64_t hi);
/* Read and validate -dtb FILE into a DT_MAX_SIZE buffer (room for /chosen); fatal when it
 * does not parse. free() it. */
void *boot_read_dtb(const char *path);
/* /chosen: bootargs (-append), stdout-path (unless NULL) and, with -initrd, initrd
 * placeholders of the final size (64-bit cells; boot_fdt_set_initrd fills them). */
void boot_fdt_chosen(void *fdt, MachineState *ms, const char *stdout_path);
/* Fill the initrd placeholders of a packed tree. */
void boot_fdt_set_initrd(void *fdt, uint64_t start, uint64_t end);
/* -machine dumpdtb=FILE: write the blob and exit(0). */
void boot_dump_fdt(const char *path, const void *fdt);

#endif
