/* The arm `virt` board's device-tree nodes that depend only on the board configuration. */
#ifndef TRIX_HW_ARM_VIRT_FDT_H
#define TRIX_HW_ARM_VIRT_FDT_H

#include "trix/common.h"

/* PPIs of the generic timer (INTIDs 29, 30, 27, 26) as the DT's PPI numbers (INTID - 16). */
enum { VIRT_PPI_SEC = 13, VIRT_PPI_PHYS = 14, VIRT_PPI_VIRT = 11, VIRT_PPI_HYP = 10 };

#define VIRT_FIRST_PHANDLE 0x8000

typedef struct VirtFdtConfig {
    int ncpu, gic_version;
    const char *cpu_compatible;         /* "arm,cortex-a57" */
    const uint64_t *mpidr;
    bool psci_smc;                      /* method "smc" (virtualization=on) else "hvc" */
} VirtFdtConfig;

/* Root properties, /psci, /cpus (with cpu-map), /timer, /apb-pclk (returns its phandle). */
void virt_fdt_root(void *fdt, uint32_t gic_phandle);
void virt_fdt_psci(void *fdt, bool smc);
void virt_fdt_cpus(void *fdt, const VirtFdtConfig *c);
void virt_fdt_timer(void *fdt, const VirtFdtConfig *c);
uint32_t virt_fdt_clock(void *fdt);
/* /flash@0: two cfi-flash banks. */
void virt_fdt_flash(void *fdt, uint64_t base, uint64_t bank_size);
/* /gpio-keys with the power key on line `line` of the GPIO controller gpio_phandle. */
void virt_fdt_gpio_keys(void *fdt, uint32_t gpio_phandle, int line);

#endif
