/* The Arm GIC (v2 and v3) as the arm virt board uses it: one security state, shared core. */
#ifndef TRIX_HW_ARM_GIC_H
#define TRIX_HW_ARM_GIC_H
/*
 * One interrupt state machine (arm_gic.c) behind two register interfaces: GICv2's
 * distributor + memory-mapped CPU interface (arm_gicv2.c) and GICv3's distributor,
 * redistributors and ICC_* system registers (arm_gicv3.c). Security extensions are absent
 * (GICD_CTLR.DS = 1 on v3): groups are kept as registers but every interrupt is signalled
 * as IRQ. INTIDs 0..15 are SGIs, 16..31 PPIs (banked per CPU), 32.. SPIs.
 */
#include "trix/hw.h"

#define GIC_NR_SPI 224                  /* what QEMU 7.2 virt reports (GICD_TYPER.ITLinesNumber 7) */
#define GIC_NR_IRQ (32 + GIC_NR_SPI)
#define GIC_MAX_CPUS 8                  /* GICv2's limit; v3 boards may go higher */
#define GIC_MAX_CPUS_V3 64
#define GIC_SPURIOUS 1023

typedef struct GICIrq {
    uint8_t prio;
    bool enabled, latch, level, active, dropped, edge, group1;
    uint8_t targets;                    /* v2 ITARGETSR (SPIs) */
    uint64_t route;                     /* v3 IROUTER: Aff3.Aff2.Aff1.Aff0, bit 31 IRM */
} GICIrq;

typedef struct GICCpu {
    GICIrq priv[32];                    /* SGIs and PPIs of this CPU */
    uint8_t sgi_src[16];                /* v2: source CPUs of each pending SGI */
    uint32_t ctlr;                      /* v2 GICC_CTLR / v3 ICC_CTLR_EL1 (EOImode bit) */
    bool enabled;                       /* v2 GICC_CTLR.Enable / v3 ICC_IGRPEN1_EL1 */
    bool eoi_split;                     /* EOImode: EOI drops priority, DIR deactivates */
    uint8_t pmr, bpr;
    uint64_t mpidr;                     /* v3: its affinity */
    uint32_t waker;                     /* v3 GICR_WAKER */
    uint8_t igrpen;                     /* v3: bit 0 ICC_IGRPEN0, bit 1 ICC_IGRPEN1 */
    IRQ out;                            /* the CPU's IRQ input */
    int level;
} GICCpu;

typedef struct GICState {
    int version;                        /* 2 or 3 */
    int ncpu;
    uint32_t dist_ctlr;
    uint8_t prio_mask;                  /* implemented priority bits */
    GICIrq spi[GIC_NR_SPI];
    GICCpu *cpu;                        /* ncpu entries */
} GICState;

GICState *gic_new(int version, int ncpu, const IRQ *cpu_out);
void gic_reset(GICState *s);
/* INTID `id` as CPU `cpu` sees it (private ones are banked). NULL when out of range. */
GICIrq *gic_irq(GICState *s, int cpu, int id);
/* The input line of SPI n (INTID 32 + n). */
IRQ gic_spi_input(GICState *s, int n);
/* The input line of PPI `ppi` (INTID 16..31) of `cpu`, e.g. the generic timer's. */
IRQ gic_ppi_input(GICState *s, int cpu, int ppi);
/* Raise SGI `id` on `target` from `source`. */
void gic_send_sgi(GICState *s, int source, int target, int id);
/* Recompute every CPU's IRQ output. */
void gic_update(GICState *s);
/* The highest-priority pending interrupt the CPU could take now (GIC_SPURIOUS if none). */
int gic_highest_pending(GICState *s, int cpu);
/* Acknowledge (IAR): the interrupt becomes active; returns its INTID (with v2's SGI source
 * CPU in bits 12:10) or GIC_SPURIOUS. */
uint32_t gic_acknowledge(GICState *s, int cpu);
void gic_eoi(GICState *s, int cpu, uint32_t id);        /* EOIR */
void gic_deactivate(GICState *s, int cpu, uint32_t id); /* DIR */
/* Running priority (0xff when idle). */
uint8_t gic_running_prio(GICState *s, int cpu);
/* Whether SPI irq targets cpu (v2 targets / v3 route). */
bool gic_spi_targets(GICState *s, const GICIrq *irq, int cpu);
/* Bit-per-interrupt register helpers for the distributor/redistributor (set/clear-enable,
 * pending, active, group): `first` is the INTID of bit 0. */
enum { GIC_REG_ENABLE, GIC_REG_PENDING, GIC_REG_ACTIVE, GIC_REG_GROUP };
uint32_t gic_bits_read(GICState *s, int cpu, int first, int which);
void gic_bits_write(GICState *s, int cpu, int first, int which, uint32_t val, int mode);
/* ICFGR: 16 interrupts per word, bit 1 of each pair = edge. */
uint32_t gic_cfg_read(GICState *s, int cpu, int first);
void gic_cfg_write(GICState *s, int cpu, int first, uint32_t val);
/* The CPU whose access this is (current_cpu's index; 0 outside a vCPU). */
int gic_current_cpu(GICState *s);
/* The interrupt-controller node: compatible, reg pairs (address, size), phandle returned. */
uint32_t gic_fdt(void *fdt, GICState *s, const uint64_t *reg, int npairs);

#endif
