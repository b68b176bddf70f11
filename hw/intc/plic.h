/* SiFive PLIC: level-triggered sources with priorities, per-context enables, claim/complete. */
#ifndef TRIX_HW_PLIC_H
#define TRIX_HW_PLIC_H

#include "trix/hw.h"

#define PLIC_NUM_SOURCES 96             /* IDs 0..95; 0 means "no interrupt" */
#define PLIC_WORDS ((PLIC_NUM_SOURCES + 31) / 32)
#define PLIC_MAX_PRIORITY 7
#define PLIC_SIZE 0x600000              /* QEMU virt's window: room for 1024 contexts */
#define PLIC_MAX_CONTEXTS 1024

typedef struct PLICContext {
    IRQ out;                            /* to the hart's mip.MEIP or mip.SEIP */
    int level;
    uint32_t enable[PLIC_WORDS];
    uint32_t threshold;
} PLICContext;

typedef struct PLICState {
    int ncontexts;
    uint32_t priority[PLIC_NUM_SOURCES];
    uint32_t pending[PLIC_WORDS];
    uint32_t claimed[PLIC_WORDS];       /* in service: claimed and not yet completed */
    uint32_t line[PLIC_WORDS];          /* current input levels */
    PLICContext *ctx;
} PLICState;

/* Map the PLIC at base; ctx_out[c] is context c's output (two per hart: M then S). */
PLICState *plic_create(uint64_t base, int ncontexts, const IRQ *ctx_out);
PLICState *plic_new(int ncontexts, const IRQ *ctx_out);      /* unmapped (tests) */
uint64_t plic_read(void *opaque, uint64_t offset, unsigned size);
void plic_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);
/* Machine reset: priorities, enables, thresholds and claims cleared (input levels kept). */
void plic_reset(PLICState *s);
/* The input line for source n (1..PLIC_NUM_SOURCES-1). */
IRQ plic_input(PLICState *s, int n);
/* Node under parent_path with hart_intc[i] the phandle of hart i's interrupt controller;
 * returns the PLIC's phandle (the interrupt-parent of the devices). */
uint32_t plic_fdt(void *fdt, const char *parent_path, uint64_t base, int nharts,
                  const uint32_t *hart_intc);

#endif
