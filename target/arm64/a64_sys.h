/* The arm64 CPU's system-mode interface to boards and interrupt controllers (issue 12). */
#ifndef TRIX_ARM64_A64_SYS_H
#define TRIX_ARM64_A64_SYS_H
/*
 * The contract between target/arm64/ (exception levels, MMU, system registers, the generic
 * timer, PSCI) and hw/ (the `virt` board, GICv2/v3, PL011, ...). target/arm64/ implements
 * every function declared here; hw/ only calls them. Nothing in target/arm64/ names a device.
 *
 * Order for a board's init: a64_cpu_configure, then the wiring (a64_cpu_irq into the
 * interrupt controller's outputs, a64_cpu_set_timer_out, a64_cpu_add_dev_sysregs), then
 * a64_cpu_set_boot. The CPU keeps its boot state: a machine reset (cpu_init) puts every vCPU
 * back into it, so a board's reset hook need not call a64_cpu_set_boot again (it may).
 * Without a64_cpu_configure (the -M none test machine) a vCPU starts at EL1 with PSCI on HVC,
 * MPIDR.Aff0 = its index, and its timers drive its IRQ input directly.
 * What the CPU side implements and what it does not yet: docs/arm64-system.md.
 */
#include "trix/hw.h"
#include "target/arm64/cpu.h"

/* Interrupt inputs of a vCPU, level-sensitive (the GIC drives them). */
enum { A64_IRQ_IRQ, A64_IRQ_FIQ, A64_IRQ_VIRQ, A64_IRQ_VFIQ, A64_IRQ_COUNT };
IRQ a64_cpu_irq(A64CPU *env, int line);         /* line out of range: a line that is ignored */

/* Generic timer outputs (level). The board wires each to the GIC PPI its device tree names
 * (virt: phys 30, virt 27, hyp 26, sec 29). Unwired outputs are ignored. */
enum { A64_GT_PHYS, A64_GT_VIRT, A64_GT_HYP, A64_GT_SEC, A64_GT_COUNT };
void a64_cpu_set_timer_out(A64CPU *env, int timer, IRQ out);
/* CNTFRQ_EL0 as the timer counts (virt: 62.5 MHz as QEMU 7.2). */
#define A64_GT_FREQ_HZ 62500000ull

/* System registers supplied by a device (the GICv3 CPU interface ICC_*_EL1/EL2): the CPU's
 * MRS/MSR of (op0, op1, CRn, CRm, op2) on this vCPU call read/write with the device's opaque.
 * Accesses are made with hw_lock held. */
typedef struct A64DevSysReg {
    const char *name;
    uint8_t op0, op1, crn, crm, op2;
    uint64_t (*read)(void *opaque, A64CPU *env);
    void (*write)(void *opaque, A64CPU *env, uint64_t value);
} A64DevSysReg;
void a64_cpu_add_dev_sysregs(A64CPU *env, const A64DevSysReg *regs, int n, void *opaque);

/* Boot state: the board sets each vCPU's reset entry (pc, x0..x3, the EL it starts in, with
 * MMU off, DAIF masked) before the machine runs; secondary vCPUs start powered off and are
 * started by PSCI CPU_ON. */
typedef struct A64BootState {
    uint64_t pc;
    uint64_t x[4];
    int el;                     /* 1, or 2 with virtualization=on */
    bool powered_off;
} A64BootState;
void a64_cpu_set_boot(A64CPU *env, const A64BootState *bs);

/* The CPU configuration the board chose (-cpu, -M virt,virtualization=on, gic-version=3). */
typedef struct A64CpuConfig {
    bool has_el2;
    bool gicv3_sysregs;         /* advertise ID_AA64PFR0.GIC and accept ICC_* via the hook */
    int psci_conduit;           /* 0 none, 1 hvc, 2 smc */
    uint64_t mpidr;             /* affinity fields (Aff0 = cpu index within the cluster) */
} A64CpuConfig;
void a64_cpu_configure(A64CPU *env, const A64CpuConfig *cfg);

#endif
