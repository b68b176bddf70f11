/* Pieces shared by the RISC-V boards: hart interrupt lines and the common device-tree nodes. */
#ifndef TRIX_HW_RISCV_COMMON_H
#define TRIX_HW_RISCV_COMMON_H

#include "trix/hw.h"
#include "target/riscv64/cpu.h"

#define RISCV_MMU_TYPE "riscv,sv57"

/* An IRQ line driving mip bit `irq` (RV_IRQ_*) of env. */
IRQ rv_cpu_irq(RVCPU *env, int irq);

/* Root properties (#address-cells = #size-cells = 2, compatible, model). */
void riscv_fdt_root(void *fdt, const char *compatible, const char *model);
/* /cpus with nharts cpu@N nodes; intc[i] receives hart i's interrupt-controller phandle. */
void riscv_fdt_cpus(void *fdt, int nharts, uint32_t *intc);
void riscv_fdt_memory(void *fdt, uint64_t base, uint64_t size);
void riscv_fdt_soc(void *fdt);         /* empty /soc simple-bus */

#endif
