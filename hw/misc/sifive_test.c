/* SiFive test finisher: 0x5555 = pass (exit 0), 0x3333 | code << 16 = fail, 0x7777 = reset. */
#include "hw/misc/sifive_test.h"
#include "hw/core/fdt_util.h"
#include "trix/machine.h"

uint64_t sifive_test_read(void *opaque, uint64_t offset, unsigned size)
{
    return 0;
}

void sifive_test_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    if (offset != 0 || size < 4) {
        log_mask(LOG_GUEST_ERROR, "sifive_test: write of %u bytes at bad offset %#llx\n",
                 size, (unsigned long long)offset);
        return;
    }
    uint32_t status = val & 0xffff, code = (val >> 16) & 0xffff;
    switch (status) {
    case SIFIVE_TEST_PASS:
        machine_guest_shutdown(0);
        break;
    case SIFIVE_TEST_FAIL:
        machine_guest_shutdown((int)code);
        break;
    case SIFIVE_TEST_RESET:
        machine_guest_reset();
        break;
    default:
        log_mask(LOG_GUEST_ERROR, "sifive_test: unknown status %#x\n", status);
        break;
    }
}

static const MemoryRegionOps sifive_test_ops = {
    .read = sifive_test_read,
    .write = sifive_test_write,
    .min_size = 4,
    .max_size = 4,
};

void sifive_test_create(uint64_t base)
{
    mem_map_mmio("sifive_test", base, SIFIVE_TEST_SIZE, &sifive_test_ops, NULL);
}

static void sifive_test_syscon(void *fdt, const char *name, const char *compat, uint32_t ph,
                               uint32_t value)
{
    int n = dt_node(fdt, 0, name);
    dt_prop_u32(fdt, n, "value", value);
    dt_prop_u32(fdt, n, "offset", 0);
    dt_prop_u32(fdt, n, "regmap", ph);
    dt_prop_str(fdt, n, "compatible", compat);
}

void sifive_test_fdt(void *fdt, const char *parent_path, uint64_t base)
{
    int n = dt_node_fmt(fdt, dt_path(fdt, parent_path), "test@%llx", (unsigned long long)base);
    uint32_t ph = dt_set_phandle(fdt, n);
    uint64_t reg[2] = { base, SIFIVE_TEST_SIZE };
    dt_prop_reg2(fdt, n, reg, 1);
    dt_prop_strs(fdt, n, "compatible", "sifive,test1", "sifive,test0", "syscon", NULL);
    sifive_test_syscon(fdt, "poweroff", "syscon-poweroff", ph, SIFIVE_TEST_PASS);
    sifive_test_syscon(fdt, "reboot", "syscon-reboot", ph, SIFIVE_TEST_RESET);
}
