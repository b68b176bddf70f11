/* HTIF (Berkeley host-target interface): tohost/fromhost words for console, exit, syscalls. */
#ifndef TRIX_HW_HTIF_H
#define TRIX_HW_HTIF_H

#include "trix/hw.h"

/* Where a firmware without tohost/fromhost symbols finds HTIF (named in the tree's reg). */
#define HTIF_DEFAULT_BASE 0x1000000ull

typedef struct HTIFState {
    uint64_t tohost_addr, fromhost_addr;
    uint64_t tohost, fromhost;
    CharBackend *chr;
    bool read_pending;              /* the console asked for a character */
} HTIFState;

/* Map two 8-byte MMIO windows for the tohost and fromhost words (RAM must leave them free). */
HTIFState *htif_create(uint64_t tohost_addr, uint64_t fromhost_addr, CharBackend *chr);
HTIFState *htif_new(uint64_t tohost_addr, uint64_t fromhost_addr, CharBackend *chr);
uint64_t htif_read(void *opaque, uint64_t offset, unsigned size);       /* offset: tohost+0, */
void htif_write(void *opaque, uint64_t offset, uint64_t val, unsigned size); /* fromhost+8 */
/* /htif; with_reg names the addresses (firmware that has no symbols of its own). */
void htif_fdt(void *fdt, const HTIFState *s, bool with_reg);

#endif
