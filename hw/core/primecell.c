/* AMBA PrimeCell ID registers and device-tree node, shared by PL011, PL031 and PL061. */
#include "hw/core/primecell.h"
#include "hw/core/fdt_util.h"

uint32_t primecell_id_read(const uint8_t periph_id[4], uint64_t offset)
{
    static const uint8_t pcell_id[4] = { 0x0d, 0xf0, 0x05, 0xb1 };
    if (offset < PRIMECELL_ID_BASE || offset >= PRIMECELL_ID_BASE + 0x20 || (offset & 3))
        return 0;
    unsigned i = (unsigned)(offset - PRIMECELL_ID_BASE) / 4;
    return i < 4 ? periph_id[i] : pcell_id[i - 4];
}

int primecell_fdt(void *fdt, const char *name, const char *compat, uint64_t base, int spi,
                  uint32_t clock_phandle, bool uartclk)
{
    int n = dt_node_fmt(fdt, 0, "%s@%llx", name, (unsigned long long)base);
    dt_prop_strs(fdt, n, "compatible", compat, "arm,primecell", NULL);
    uint64_t reg[2] = { base, PRIMECELL_SIZE };
    dt_prop_reg2(fdt, n, reg, 1);
    uint32_t irq[3] = { 0, (uint32_t)spi, 4 };
    dt_prop_cells(fdt, n, "interrupts", irq, 3);
    uint32_t clk[2] = { clock_phandle, clock_phandle };
    dt_prop_cells(fdt, n, "clocks", clk, uartclk ? 2 : 1);
    if (uartclk)
        dt_prop_strs(fdt, n, "clock-names", "uartclk", "apb_pclk", NULL);
    else
        dt_prop_str(fdt, n, "clock-names", "apb_pclk");
    return n;
}
