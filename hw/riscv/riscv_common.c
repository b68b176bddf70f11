/* Shared RISC-V board pieces: hart IRQ lines; root, /cpus, /memory and /soc nodes. */
#include "hw/riscv/riscv_common.h"
#include "hw/intc/aclint.h"
#include "hw/core/fdt_util.h"

IRQ rv_cpu_irq(RVCPU *env, int irq)
{
    return irq_make(rv_cpu_irq_handler, env, irq);
}

void riscv_fdt_root(void *fdt, const char *compatible, const char *model)
{
    dt_prop_u32(fdt, 0, "#address-cells", 2);
    dt_prop_u32(fdt, 0, "#size-cells", 2);
    dt_prop_str(fdt, 0, "compatible", compatible);
    dt_prop_str(fdt, 0, "model", model);
}

static uint32_t riscv_fdt_cpu(void *fdt, int hart, uint32_t *intc)
{
    int n = dt_node_fmt(fdt, dt_path(fdt, "/cpus"), "cpu@%d", hart);
    uint32_t ph = dt_set_phandle(fdt, n);
    dt_prop_str(fdt, n, "device_type", "cpu");
    dt_prop_u32(fdt, n, "reg", (uint32_t)hart);
    dt_prop_str(fdt, n, "status", "okay");
    dt_prop_str(fdt, n, "compatible", "riscv");
    char isa[128];
    rv_isa_string(isa, sizeof(isa), rv_ext_config);     /* follows -cpu rv64,zba=off, ... */
    dt_prop_str(fdt, n, "riscv,isa", isa);
    dt_prop_str(fdt, n, "mmu-type", RISCV_MMU_TYPE);
    int ic = dt_node(fdt, n, "interrupt-controller");
    *intc = dt_set_phandle(fdt, ic);
    dt_prop_u32(fdt, ic, "#address-cells", 0);
    dt_prop_u32(fdt, ic, "#interrupt-cells", 1);
    dt_prop_empty(fdt, ic, "interrupt-controller");
    dt_prop_str(fdt, ic, "compatible", "riscv,cpu-intc");
    return ph;
}

void riscv_fdt_cpus(void *fdt, int nharts, uint32_t *intc)
{
    int cpus = dt_node(fdt, 0, "cpus");
    dt_prop_u32(fdt, cpus, "#address-cells", 1);
    dt_prop_u32(fdt, cpus, "#size-cells", 0);
    dt_prop_u32(fdt, cpus, "timebase-frequency", ACLINT_TIMEBASE_HZ);
    uint32_t cpu_ph[256];
    ASSERT(nharts <= (int)ARRAY_SIZE(cpu_ph));
    /* libfdt puts a new child first: create in reverse so the tree lists cpu@0 first. */
    for (int i = nharts - 1; i >= 0; i--)
        cpu_ph[i] = riscv_fdt_cpu(fdt, i, &intc[i]);
    int map = dt_node(fdt, dt_path(fdt, "/cpus"), "cpu-map");
    dt_node(fdt, map, "cluster0");
    for (int i = nharts - 1; i >= 0; i--) {
        int core = dt_node_fmt(fdt, dt_path(fdt, "/cpus/cpu-map/cluster0"), "core%d", i);
        dt_prop_u32(fdt, core, "cpu", cpu_ph[i]);
    }
}

void riscv_fdt_memory(void *fdt, uint64_t base, uint64_t size)
{
    int n = dt_node_fmt(fdt, 0, "memory@%llx", (unsigned long long)base);
    uint64_t reg[2] = { base, size };
    dt_prop_reg2(fdt, n, reg, 1);
    dt_prop_str(fdt, n, "device_type", "memory");
}

void riscv_fdt_soc(void *fdt)
{
    int n = dt_node(fdt, 0, "soc");
    dt_prop_u32(fdt, n, "#address-cells", 2);
    dt_prop_u32(fdt, n, "#size-cells", 2);
    dt_prop_str(fdt, n, "compatible", "simple-bus");
    dt_prop_empty(fdt, n, "ranges");
}
