/* GICv3: distributor, redistributors and the ICC_* system-register CPU interface (arm_gic.h core). */
#ifndef TRIX_HW_ARM_GICV3_H
#define TRIX_HW_ARM_GICV3_H

#include "hw/intc/arm_gic.h"
#include "target/arm64/a64_sys.h"

#define GICV3_DIST_SIZE 0x10000ull
#define GICV3_REDIST_STRIDE 0x20000ull  /* RD_base frame + SGI_base frame per CPU */

/* Map the distributor and ncpu redistributors (the last with GICR_TYPER.Last); mpidr[i] is
 * CPU i's affinity (GICR_TYPER, IROUTER matching); cpu_out[i] its IRQ input. */
GICState *gicv3_create(uint64_t dist_base, uint64_t redist_base, int ncpu, const IRQ *cpu_out,
                       const uint64_t *mpidr);
/* The ICC_*_EL1 registers for a64_cpu_add_dev_sysregs, with CPU i's opaque. */
extern const A64DevSysReg gicv3_icc_regs[];
extern const int gicv3_icc_nregs;
void *gicv3_icc_opaque(GICState *s, int cpu);
/* Register access as the current CPU would make it (unit tests). */
uint64_t gicv3_dist_access(GICState *s, uint64_t off, uint64_t val, unsigned size, bool write);
uint64_t gicv3_redist_access(GICState *s, uint64_t off, uint64_t val, unsigned size, bool write);

#endif
