/* What the x86 boards (microvm, pc) share: RAM around the 4 GiB hole, e820, vCPUs, COM ports, -bios. */
#ifndef TRIX_HW_I386_X86_BOARD_H
#define TRIX_HW_I386_X86_BOARD_H

#include "trix/machine.h"
#include "hw/char/ns16550a.h"

#define X86_4G 0x100000000ull
#define X86_1M 0x100000ull
/* Conventional memory the loaders report as usable (below the EBDA, as firmware does). */
#define X86_LOW_RAM_END 0x9fc00ull
#define X86_BIOS_AREA 0xe0000ull        /* [0xe0000, 1 MiB): the BIOS area / ACPI tables */
#define X86_ISA_BIOS_SIZE 0x20000ull    /* the last 128 KiB of -bios, also below 1 MiB */
#define X86_COM1 0x3f8
#define X86_COM2 0x2f8
#define X86_COM_IRQ1 4                  /* COM1 (and COM3) */
#define X86_COM_IRQ2 3                  /* COM2 */

#define X86_MAX_GSI 48                  /* two IOAPICs of 24 pins */

enum { E820_RAM = 1, E820_RESERVED = 2, E820_ACPI = 3, E820_NVS = 4 };
#define X86_E820_MAX 16

typedef struct X86E820Entry {
    uint64_t addr, size;
    uint32_t type;
} X86E820Entry;

/* The machine as the loaders and the ACPI builder see it. */
typedef struct X86Machine {
    MachineState *ms;
    uint64_t below_4g, above_4g;        /* RAM at [0, below_4g) and [4 GiB, 4 GiB + above_4g) */
    X86E820Entry e820[X86_E820_MAX];
    int ne820;
    const char *bios;                   /* -bios file mapped below 4 GiB, or NULL */
    uint64_t bios_size;
    char *cmdline;                      /* -append plus what the board adds (owned) */
    uint64_t rsdp;                      /* ACPI RSDP address, 0 when there is no ACPI */
    uint64_t mptable;                   /* MP floating pointer address, 0 when none */
    /* The global system interrupts devices raise: routed to the IOAPIC pins (and ISA IRQs
     * 0-15 also to the PIC) by the interrupt wiring; a line without a handler is unwired. */
    IRQ gsi[X86_MAX_GSI];
} X86Machine;

/*
 * Map RAM (split at lowmem_max: the rest goes above 4 GiB) and -bios (ends at 4 GiB, its last
 * 128 KiB also at [1 MiB - 128 KiB, 1 MiB) as the ISA BIOS), and build the e820 map firmware
 * would report: usable low memory, the reserved BIOS area, usable RAM from 1 MiB.
 * default_bios: the board's firmware when neither -bios nor -kernel is given (NULL: none).
 */
void x86_machine_init(X86Machine *xm, MachineState *ms, uint64_t lowmem_max,
                      const char *default_bios);
void x86_e820_add(X86Machine *xm, uint64_t addr, uint64_t size, uint32_t type);
/* Configure every vCPU (APIC id = cpu index, the BSP is vCPU 0). */
void x86_cpus_configure(MachineState *ms);
/* A 16550 at I/O ports [port, port + 8). */
NS16550AState *x86_serial_create(uint32_t port, CharBackend *chr, IRQ irq);
/* Append " text" to the kernel command line. */
void x86_cmdline_append(X86Machine *xm, const char *text);

#endif
