/* GICv2: distributor and memory-mapped CPU interface over the shared GIC core (arm_gic.h). */
#ifndef TRIX_HW_ARM_GICV2_H
#define TRIX_HW_ARM_GICV2_H

#include "hw/intc/arm_gic.h"

#define GICV2_DIST_SIZE 0x10000ull
#define GICV2_CPU_SIZE 0x10000ull       /* GICC_DIR at 0x1000 */

/* Map both frames; cpu_out[i] drives CPU i's IRQ input. At most GIC_MAX_CPUS CPUs. */
GICState *gicv2_create(uint64_t dist_base, uint64_t cpu_base, int ncpu, const IRQ *cpu_out);
/* Register access as the current CPU would make it (unit tests; no mapping needed). */
uint64_t gicv2_dist_access(GICState *s, uint64_t off, uint64_t val, unsigned size, bool write);
uint64_t gicv2_cpu_access(GICState *s, uint64_t off, uint64_t val, bool write);

#endif
