/* ACPI PM1 event/control and the 24-bit PM timer on ports 0x600-0x60b: S5 poweroff, the fixed power button on the SCI. */
#include "hw/acpi/acpi_pm.h"
#include "trix/ioport.h"
#include "trix/machine.h"

struct ACPIPMState {
    IRQ sci;
    uint16_t sts, en, cnt;
};

static void pm_update_sci(ACPIPMState *s)
{
    irq_set(&s->sci, (s->sts & s->en & PM1_PWRBTN_STS) ? 1 : 0);
}

static uint32_t pm_timer(void)
{
    unsigned __int128 t = (unsigned __int128)(uint64_t)clock_ns() * ACPI_PM_TIMER_HZ;
    return (uint32_t)(t / 1000000000u) & 0xffffff;
}

/* The 16-bit register at offset (0 sts, 2 en, 4 cnt) of the block. */
static uint16_t pm_reg(ACPIPMState *s, uint32_t off)
{
    return off == 0 ? s->sts : off == 2 ? s->en : off == 4 ? s->cnt : 0;
}

uint32_t acpi_pm_read(ACPIPMState *s, uint32_t offset, unsigned size)
{
    if (offset >= 8) {
        uint32_t t = pm_timer();
        return (t >> (8 * (offset - 8))) & (size == 4 ? ~0u : (1u << (8 * size)) - 1);
    }
    uint32_t v = pm_reg(s, offset & ~1u) | (uint32_t)pm_reg(s, (offset & ~1u) + 2) << 16;
    v >>= 8 * (offset & 1);
    return size == 4 ? v : v & ((1u << (8 * size)) - 1);
}

static void pm_write16(ACPIPMState *s, uint32_t off, uint16_t val)
{
    if (off == 0) {
        s->sts &= (uint16_t)~val;                   /* write 1 to clear */
    } else if (off == 2) {
        s->en = val & PM1_EN_BITS;
    } else if (off == 4) {
        s->cnt = (val & ~PM1_SLP_EN) | PM1_SCI_EN;
        int typ = (val >> 10) & 7;
        if ((val & PM1_SLP_EN) && typ == ACPI_PM_SLP_TYP_S5)
            machine_guest_shutdown(0);
        else if (val & PM1_SLP_EN)
            log_mask(LOG_UNIMP, "acpi-pm: sleep type %d not supported (only S5)\n", typ);
    }
    pm_update_sci(s);
}

void acpi_pm_write(ACPIPMState *s, uint32_t offset, uint32_t val, unsigned size)
{
    if (offset >= 8)
        return;                                     /* the timer is read-only */
    if (size == 4) {
        pm_write16(s, offset, (uint16_t)val);
        pm_write16(s, offset + 2, (uint16_t)(val >> 16));
    } else if (size == 2 && !(offset & 1)) {
        pm_write16(s, offset, (uint16_t)val);
    } else {
        uint32_t off = offset & ~1u;
        uint16_t cur = off == 0 ? 0 : pm_reg(s, off);   /* status: only the written bits */
        int sh = 8 * (offset & 1);
        cur = (uint16_t)((cur & ~(0xff << sh)) | ((val & 0xff) << sh));
        pm_write16(s, off, cur);
    }
}

static uint64_t pm_io_read(void *opaque, uint64_t off, unsigned size)
{
    return acpi_pm_read(opaque, (uint32_t)off, size);
}

static void pm_io_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    acpi_pm_write(opaque, (uint32_t)off, (uint32_t)val, size);
}

static const MemoryRegionOps pm_ops = {
    .read = pm_io_read, .write = pm_io_write, .min_size = 1, .max_size = 4,
};

ACPIPMState *acpi_pm_create(IRQ sci)
{
    ACPIPMState *s = trix_malloc0(sizeof(*s));
    s->sci = sci;
    acpi_pm_reset(s);
    io_map("acpi-pm", ACPI_PM_BASE, ACPI_PM_SIZE, &pm_ops, s);
    return s;
}

void acpi_pm_power_button(ACPIPMState *s)
{
    s->sts |= PM1_PWRBTN_STS;
    pm_update_sci(s);
}

void acpi_pm_reset(ACPIPMState *s)
{
    s->sts = s->en = 0;
    s->cnt = PM1_SCI_EN;                            /* no SMI_CMD: always in ACPI mode */
    pm_update_sci(s);
}
