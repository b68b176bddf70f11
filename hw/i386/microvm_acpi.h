/* microvm's ACPI: hardware-reduced FADT with the GED, MADT, and a DSDT with COM1, RTC, GED, power button, virtio-mmio. */
#ifndef TRIX_HW_I386_MICROVM_ACPI_H
#define TRIX_HW_I386_MICROVM_ACPI_H

#include "hw/i386/x86_board.h"

typedef struct MicrovmAcpiConfig {
    int nioapic;
    bool pic, pit, rtc, isa_serial;
    uint64_t ged_base;
    int ged_gsi;
    uint64_t virtio_base, virtio_stride;
    int virtio_count, virtio_gsi;
} MicrovmAcpiConfig;

/* Write the tables into the BIOS area and set xm->rsdp. */
void microvm_acpi_build(X86Machine *xm, const MicrovmAcpiConfig *c);

#endif
