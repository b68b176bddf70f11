/* x86 boot paths without firmware: -bios reset vector, Multiboot 1, Linux bzImage, PVH ELF. */
#ifndef TRIX_HW_I386_X86_BOOT_H
#define TRIX_HW_I386_X86_BOOT_H

#include "hw/i386/x86_board.h"
#include "target/x86_64/x86_sys.h"

/*
 * Low-memory layout the loaders use (all below X86_LOW_RAM_END, none of it reserved in e820:
 * the kernels copy what they keep before they reuse the memory):
 *   0x0500  GDT (null, null, 0x10 code, 0x18 data)
 *   0x7000  Linux boot_params (the zero page) / PVH hvm_start_info + memory map
 *   0x9000  identity-map page tables for the 64-bit entry (PML4, PDPT, 4 PDs of 2 MiB pages)
 *   0x20000 kernel command line (up to 64 KiB)
 * Kernels (and Multiboot info / modules after them) load at 1 MiB and up, an initrd at the top
 * of RAM below 4 GiB.
 */
#define X86_BOOT_GDT 0x500ull
#define X86_BOOT_PARAMS 0x7000ull
#define X86_BOOT_PGTABLE 0x9000ull
#define X86_BOOT_CMDLINE 0x20000ull
#define X86_BOOT_CMDLINE_MAX 0x10000ull
#define X86_BOOT_CS 0x10
#define X86_BOOT_DS 0x18

/* Load what ms asks for (-kernel, else -bios) and set every vCPU's boot state (the BSP at
 * the entry, the APs waiting for SIPI). Called at init and again on a machine reset. */
void x86_boot_machine(X86Machine *xm);

/* ---- the pieces, for the boot paths and unit tests ---- */
/* Write the flat GDT (long: the 0x10 code segment is 64-bit) and fill bs's segment fields. */
void x86_boot_gdt(X86BootState *bs, bool long_mode);
/* Build the 4 GiB identity map at X86_BOOT_PGTABLE; returns CR3. */
uint64_t x86_boot_identity_map(void);
/* Write the command line at X86_BOOT_CMDLINE (fatal past max bytes including the NUL). */
uint64_t x86_boot_cmdline(const char *cmdline, uint64_t max);
/* The place for an image of size bytes at the top of RAM below limit (4 KiB aligned), above
 * low; fatal (naming what) when it does not fit. */
uint64_t x86_boot_place_high(const X86Machine *xm, const char *what, const char *path,
                             uint64_t size, uint64_t low, uint64_t limit);

/* Each returns false when the image is not of its kind (no header / note), and is fatal when
 * it is of its kind but broken. */
bool x86_multiboot_load(X86Machine *xm, const uint8_t *img, size_t size, X86BootState *bs);
bool x86_linux_load(X86Machine *xm, const uint8_t *img, size_t size, X86BootState *bs);
bool x86_pvh_load(X86Machine *xm, const uint8_t *img, size_t size, X86BootState *bs);

/* Multiboot 1 constants (the Multiboot Specification 0.6.96). */
#define MB_HEADER_MAGIC 0x1badb002u
#define MB_BOOT_MAGIC 0x2badb002u
#define MB_SEARCH 8192
enum { MB_HDR_PAGE_ALIGN = 1, MB_HDR_MEMINFO = 2, MB_HDR_VIDEO = 4, MB_HDR_AOUT_KLUDGE = 1 << 16 };
enum { MBI_MEMORY = 1, MBI_BOOTDEV = 2, MBI_CMDLINE = 4, MBI_MODS = 8, MBI_MMAP = 64,
       MBI_LOADER_NAME = 512 };
enum { MBI_FLAGS = 0, MBI_MEM_LOWER = 4, MBI_MEM_UPPER = 8, MBI_BOOT_DEVICE = 12,
       MBI_CMDLINE_OFF = 16, MBI_MODS_COUNT = 20, MBI_MODS_ADDR = 24, MBI_MMAP_LENGTH = 44,
       MBI_MMAP_ADDR = 48, MBI_LOADER_NAME_OFF = 64, MBI_SIZE = 88 };

#endif
