/* pc ACPI tables: DSDT (PCI0 with bus/IO/memory windows and a GSI _PRT, COM1/COM2, RTC, i8042, HPET, \_S5), FADT, FACS, MADT, HPET. */
#include "hw/i386/pc_acpi.h"
#include "hw/i386/pc_pci.h"
#include "hw/acpi/acpi_tables.h"
#include "hw/acpi/acpi_pm.h"
#include "hw/timer/hpet.h"

/* A device with an EISA _HID, optional _UID, and IO/IRQ/memory resources. */
static void pc_dev(Aml *sb, const char *name, const char *hid, int uid, const uint16_t *io,
                   const uint8_t *iolen, int nio, int irq, uint64_t mem, uint32_t memlen)
{
    Aml *d = aml_new(), *r = aml_new();
    aml_name_eisaid(d, "_HID", hid);
    if (uid >= 0)
        aml_name_int(d, "_UID", (uint64_t)uid);
    for (int i = 0; i < nio; i++)
        aml_res_io(r, io[i], iolen[i]);
    if (mem)
        aml_res_mem32_fixed(r, (uint32_t)mem, memlen, false);
    if (irq >= 0)
        aml_res_irq_noflags(r, irq);
    aml_crs(d, r);
    aml_device(sb, name, d);
}

static void pc_dsdt_isa(Aml *sb, const PcAcpiConfig *c)
{
    pc_dev(sb, "COM1", "PNP0501", 1, (uint16_t[]){ X86_COM1 }, (uint8_t[]){ 8 }, 1,
           X86_COM_IRQ1, 0, 0);
    if (c->com2)
        pc_dev(sb, "COM2", "PNP0501", 2, (uint16_t[]){ X86_COM2 }, (uint8_t[]){ 8 }, 1,
               X86_COM_IRQ2, 0, 0);
    pc_dev(sb, "RTC", "PNP0B00", -1, (uint16_t[]){ 0x70 }, (uint8_t[]){ 8 }, 1, 8, 0, 0);
    pc_dev(sb, "KBD", "PNP0303", -1, (uint16_t[]){ 0x60, 0x64 }, (uint8_t[]){ 1, 1 }, 2, 1,
           0, 0);
    pc_dev(sb, "MOU", "PNP0F13", -1, NULL, NULL, 0, 12, 0, 0);
    pc_dev(sb, "HPET", "PNP0103", 0, NULL, NULL, 0, -1, HPET_DEFAULT_BASE, HPET_MMIO_SIZE);
}

/* _PRT: slot s pin p -> GSI 16 + ((s + p) & 3), the host's swizzle. */
static void pc_prt(Aml *pci)
{
    Aml *entries = aml_new();
    for (int slot = 0; slot < 32; slot++) {
        for (int pin = 0; pin < 4; pin++) {
            Aml *e = aml_new();
            aml_int(e, ((uint64_t)slot << 16) | 0xffff);
            aml_int(e, (uint64_t)pin);
            aml_int(e, 0);
            aml_int(e, (uint64_t)(PC_PCI_GSI + ((slot + pin) & 3)));
            aml_package(entries, e, 4);
        }
    }
    Aml *pkg = aml_new();
    aml_package(pkg, entries, 128);
    aml_name_decl(pci, "_PRT", pkg);
}

static void pc_dsdt_pci(Aml *sb)
{
    Aml *pci = aml_new(), *r = aml_new();
    aml_name_eisaid(pci, "_HID", "PNP0A03");
    aml_name_int(pci, "_ADR", 0);
    aml_name_int(pci, "_UID", 0);
    aml_res_word_bus(r, 0, 0xff);
    aml_res_io(r, 0xcf8, 8);
    aml_res_word_io(r, 0, 0xcf7);
    aml_res_word_io(r, PC_PCI_PIO, PC_PCI_PIO + PC_PCI_PIO_SIZE - 1);
    aml_res_dword_mem(r, 0xa0000, 0xbffff);
    aml_res_dword_mem(r, (uint32_t)PC_PCI_MMIO, (uint32_t)(PC_PCI_MMIO_END - 1));
    aml_crs(pci, r);
    pc_prt(pci);
    aml_device(sb, "PCI0", pci);
}

static Aml *pc_dsdt(const PcAcpiConfig *c)
{
    Aml *dsdt = aml_new(), *sb = aml_new();
    pc_dsdt_pci(sb);
    pc_dsdt_isa(sb, c);
    aml_scope(dsdt, "\\_SB_", sb);
    Aml *s5 = aml_new(), *pkg = aml_new();
    for (int i = 0; i < 4; i++)
        aml_int(s5, ACPI_PM_SLP_TYP_S5);
    aml_package(pkg, s5, 4);
    aml_name_decl(dsdt, "\\_S5_", pkg);
    return dsdt;
}

void pc_acpi_build(X86Machine *xm, const PcAcpiConfig *c)
{
    AcpiBuild b;
    acpi_build_init(&b, X86_BIOS_AREA, X86_1M - X86_BIOS_AREA);
    uint64_t facs = acpi_add_facs(&b);
    uint64_t dsdt = acpi_add_table(&b, "DSDT", 2, pc_dsdt(c), false);
    AcpiFadtConfig f = {
        .dsdt = dsdt, .facs = facs, .sci = c->sci,
        .pm1_evt = ACPI_PM1_EVT, .pm1_cnt = ACPI_PM1_CNT, .pm_tmr = ACPI_PM_TMR,
        .reset_reg = 0xcf9, .reset_value = 0x06, .reset_io = true,
        .rtc = true, .i8042 = true,
    };
    acpi_add_table(&b, "FACP", 5, acpi_fadt(&f), true);
    AcpiMadtConfig m = { .ncpus = xm->ms->smp, .nioapic = 1, .ioapic_id = 0,
                         .pcat_compat = true, .irq0_override = true,
                         .level_irqs = (uint16_t)(1u << c->sci) };
    acpi_add_table(&b, "APIC", 3, acpi_madt(&m), true);
    acpi_add_table(&b, "HPET", 1, acpi_hpet(HPET_DEFAULT_BASE), true);
    xm->rsdp = acpi_finish(&b);
}
