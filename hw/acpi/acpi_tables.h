/* ACPI tables in guest memory: headers and checksums, RSDP/RSDT/XSDT, MADT, FADT, FACS, HPET. */
#ifndef TRIX_HW_ACPI_TABLES_H
#define TRIX_HW_ACPI_TABLES_H

#include "hw/acpi/aml.h"

#define ACPI_OEM_ID "TRIX  "
#define ACPI_OEM_TABLE "TRIXVM  "

/* Tables are laid out in [base, base + size): the RSDP first, then each table 16-aligned. */
typedef struct AcpiBuild {
    uint64_t base, size, next;
    uint64_t xsdt[16];
    int n;
} AcpiBuild;

void acpi_build_init(AcpiBuild *b, uint64_t base, uint64_t size);
/* A table with the standard header (signature, revision, OEM fields, checksum); listed in
 * the XSDT when listed. Returns its address. */
uint64_t acpi_add_table(AcpiBuild *b, const char *sig, uint8_t rev, Aml *body, bool listed);
uint64_t acpi_add_facs(AcpiBuild *b);
/* The XSDT and RSDT of the listed tables, then the RSDP (revision 2) at base: its address. */
uint64_t acpi_finish(AcpiBuild *b);

/* ---- bodies (after the 36-byte header) ---- */
typedef struct AcpiMadtConfig {
    int ncpus;
    int nioapic;
    int ioapic_id;
    bool pcat_compat;                   /* an 8259 pair is present */
    bool irq0_override;                 /* ISA IRQ 0 -> GSI 2 (a PIT is present) */
    uint16_t level_irqs;                /* ISA IRQs overridden as level, active high */
} AcpiMadtConfig;
Aml *acpi_madt(const AcpiMadtConfig *c);

typedef struct AcpiFadtConfig {
    uint64_t dsdt, facs;                /* facs 0: none (hardware-reduced) */
    bool hw_reduced;
    /* hardware-reduced: the GED's sleep control/status and reset registers (MMIO) */
    uint64_t sleep_ctl, sleep_sts;
    /* with PM1: its ports and the SCI */
    uint16_t pm1_evt, pm1_cnt, pm_tmr;
    int sci;
    /* the reset register: MMIO (hw_reduced) or a port, and its value; 0: none */
    uint64_t reset_reg;
    uint8_t reset_value;
    bool reset_io;
    bool rtc, i8042, vga;               /* what IAPC_BOOT_ARCH says is present */
} AcpiFadtConfig;
Aml *acpi_fadt(const AcpiFadtConfig *c);
Aml *acpi_hpet(uint64_t base);

#endif
