/* microvm ACPI tables: DSDT (COM1, RTC, GED with _EVT -> PWRB, virtio-mmio LNRO0005 slots, \_S5), FADT, MADT. */
#include "hw/i386/microvm_acpi.h"
#include "hw/acpi/acpi_tables.h"
#include "hw/acpi/ged.h"

static void dsdt_com1(Aml *sb)
{
    Aml *d = aml_new(), *r = aml_new();
    aml_name_eisaid(d, "_HID", "PNP0501");
    aml_name_int(d, "_UID", 1);
    aml_res_io(r, X86_COM1, 8);
    aml_res_irq_noflags(r, X86_COM_IRQ1);
    aml_crs(d, r);
    aml_device(sb, "COM1", d);
}

static void dsdt_rtc(Aml *sb)
{
    Aml *d = aml_new(), *r = aml_new();
    aml_name_eisaid(d, "_HID", "PNP0B00");
    aml_res_io(r, 0x70, 8);
    aml_res_irq_noflags(r, 8);
    aml_crs(d, r);
    aml_device(sb, "RTC", d);
}

/* The GED: its GSI, the event selector field, and _EVT turning the power-down bit into a
 * Notify of the power button. */
static void dsdt_ged(Aml *sb, const MicrovmAcpiConfig *c)
{
    Aml *d = aml_new(), *r = aml_new(), *m = aml_new();
    aml_name_str(d, "_HID", "ACPI0013");
    aml_name_int(d, "_UID", 0);
    aml_res_interrupt(r, (uint32_t)c->ged_gsi, false);
    aml_crs(d, r);
    aml_opregion(d, "EREG", AML_SYSTEM_MEMORY, c->ged_base, 4);
    static const char *const fields[] = { "ESEL" };
    aml_field_dwords(d, "EREG", fields, 1);
    aml_store_name_local(m, "ESEL", AML_LOCAL0);
    aml_if_bits_notify(m, AML_LOCAL0, GED_EVT_PWR_DOWN, "\\_SB_.PWRB", 0x80);
    aml_method(d, "_EVT", 1, true, m);
    aml_device(sb, "GED", d);
    Aml *p = aml_new();
    aml_name_str(p, "_HID", "PNP0C0C");
    aml_name_int(p, "_UID", 0);
    aml_device(sb, "PWRB", p);
}

static void dsdt_virtio(Aml *sb, const MicrovmAcpiConfig *c)
{
    for (int i = 0; i < c->virtio_count; i++) {
        Aml *d = aml_new(), *r = aml_new();
        aml_name_str(d, "_HID", "LNRO0005");
        aml_name_int(d, "_UID", (uint64_t)i);
        aml_name_int(d, "_CCA", 1);                 /* cache coherent DMA */
        aml_res_mem32_fixed(r, (uint32_t)(c->virtio_base + c->virtio_stride * i),
                            (uint32_t)c->virtio_stride, true);
        aml_res_interrupt(r, (uint32_t)(c->virtio_gsi + i), true);
        aml_crs(d, r);
        char name[16];
        snprintf(name, sizeof(name), "VR%02d", i);
        aml_device(sb, name, d);
    }
}

static Aml *microvm_dsdt(const MicrovmAcpiConfig *c)
{
    Aml *dsdt = aml_new(), *sb = aml_new();
    if (c->isa_serial)
        dsdt_com1(sb);
    if (c->rtc)
        dsdt_rtc(sb);
    dsdt_ged(sb, c);
    dsdt_virtio(sb, c);
    aml_scope(dsdt, "\\_SB_", sb);
    Aml *s5 = aml_new(), *pkg = aml_new();
    aml_int(s5, GED_SLP_TYP_S5);
    aml_int(s5, 0);
    aml_int(s5, 0);
    aml_int(s5, 0);
    aml_package(pkg, s5, 4);
    aml_name_decl(dsdt, "\\_S5_", pkg);
    return dsdt;
}

void microvm_acpi_build(X86Machine *xm, const MicrovmAcpiConfig *c)
{
    AcpiBuild b;
    acpi_build_init(&b, X86_BIOS_AREA, X86_1M - X86_BIOS_AREA);
    uint64_t dsdt = acpi_add_table(&b, "DSDT", 2, microvm_dsdt(c), false);
    AcpiFadtConfig f = {
        .dsdt = dsdt, .hw_reduced = true,
        .sleep_ctl = c->ged_base + GED_REGS + GED_SLEEP_CTL,
        .sleep_sts = c->ged_base + GED_REGS + GED_SLEEP_STS,
        .reset_reg = c->ged_base + GED_REGS + GED_RESET, .reset_value = GED_RESET_VALUE,
        .rtc = c->rtc,
    };
    acpi_add_table(&b, "FACP", 5, acpi_fadt(&f), true);
    AcpiMadtConfig m = { .ncpus = xm->ms->smp, .nioapic = c->nioapic, .ioapic_id = 0,
                         .pcat_compat = c->pic, .irq0_override = c->pit };
    acpi_add_table(&b, "APIC", 3, acpi_madt(&m), true);
    xm->rsdp = acpi_finish(&b);
}
