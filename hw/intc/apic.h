/* Local APIC (xAPIC MMIO and x2APIC MSRs): timer, IPIs, EOI, TPR/PPR; the X86IntcOps of a vCPU. */
#ifndef TRIX_HW_APIC_H
#define TRIX_HW_APIC_H
/*
 * One APICState per vCPU, all on one APICBus (the machine's interrupt-message bus). The bus
 * maps the xAPIC window once; an MMIO access goes to the APIC of current_cpu (each vCPU sees
 * its own APIC at the same address). IOAPIC redirection entries and MSIs arrive on the bus
 * as messages (apic_bus_deliver / apic_bus_msi) and reach every APIC the destination names.
 *
 * A board: bus = apic_bus_create(APIC_DEFAULT_BASE); per vCPU apic_create(bus, cpu, id)
 * (it attaches itself with x86_cpu_attach_intc); the 8259's INTR output to apic_lint(bsp, 0)
 * and its INTA with apic_bus_set_extint(); the IOAPIC registers its EOI listener itself.
 * After a machine reset: apic_bus_reset(bus).
 */
#include "trix/hw.h"
#include "target/x86_64/x86_sys.h"

#define APIC_DEFAULT_BASE 0xfee00000ull
#define APIC_MMIO_SIZE 0x1000ull        /* the registers */
/* The bus maps 1 MiB at base: MSI writes (address 0xfeeDD00x: destination DD in bits 19:12)
 * land there too. Offsets 0x0-0xf of the register page (reserved registers) and everything
 * past it are taken as MSIs, so phys_write(addr, &data, 4) from a device is an MSI. */
#define APIC_WINDOW_SIZE 0x100000ull
#define APIC_BUS_HZ 1000000000ull       /* the timer's input clock before the divider: 1 ns */
#define APIC_MAX 64                     /* APICs on one bus (MACHINE_MAX_CPUS) */
#define APIC_BROADCAST 0xff             /* xAPIC physical broadcast id */

/* Delivery modes (ICR / LVT / redirection entry bits 10:8). */
enum { APIC_DM_FIXED = 0, APIC_DM_LOWEST = 1, APIC_DM_SMI = 2, APIC_DM_NMI = 4,
       APIC_DM_INIT = 5, APIC_DM_STARTUP = 6, APIC_DM_EXTINT = 7 };

/* An interrupt message on the bus (from the IOAPIC, an MSI, or an IPI). */
typedef struct APICMsg {
    uint32_t dest;                      /* APIC id (physical) or logical destination */
    bool logical;                       /* destination mode */
    int delivery;                       /* APIC_DM_* */
    uint8_t vector;
    bool level;                         /* trigger mode: level (sets TMR, EOI is broadcast) */
} APICMsg;

typedef struct APICState APICState;
typedef struct APICBus APICBus;

/* The bus, with the xAPIC/MSI window mapped at base (0: not mapped, for tests). */
APICBus *apic_bus_create(uint64_t base);
/* The local APIC of cpu with the given APIC id (x2APIC id too), attached to cpu. BSP-ness
 * comes from the cpu's configuration (x86_cpu_configure): its LINT0 starts as ExtINT. */
APICState *apic_create(APICBus *bus, X86CPU *cpu, int apic_id);
/* LINT0 / LINT1 input lines (n = 0 / 1): a level from the 8259 (LINT0) or an NMI source. */
IRQ apic_lint(APICState *s, int n);
/* The 8259's INTA, called when a vCPU takes an ExtINT interrupt (LINT0 or an IOAPIC pin in
 * ExtINT mode): returns the vector. Without one, ExtINT interrupts are spurious. */
void apic_bus_set_extint(APICBus *bus, int (*inta)(void *opaque), void *opaque);
/* Called (with the vector) on an EOI of a level-triggered interrupt: the IOAPIC's EOI. */
void apic_bus_add_eoi_listener(APICBus *bus, void (*eoi)(void *opaque, int vector),
                               void *opaque);
/* A message from the IOAPIC / an MSI: delivered to every APIC the destination names. */
void apic_bus_deliver(APICBus *bus, const APICMsg *msg);
/* An MSI write (address 0xfeexxxxx, data) as PCI/virtio devices make it. */
void apic_bus_msi(APICBus *bus, uint64_t addr, uint32_t data);
/* Machine reset of every APIC on the bus (the power-on state; BSP LINT0 = ExtINT). */
void apic_bus_reset(APICBus *bus);
APICState *apic_bus_find(APICBus *bus, int apic_id);    /* NULL if none */

/* The hooks the CPU calls (x86_sys.h), usable directly by tests. */
extern const X86IntcOps apic_intc_ops;
/* xAPIC register access as s's own vCPU would make it (offset within the 4 KiB window). */
uint32_t apic_mmio_read(APICState *s, uint32_t offset);
void apic_mmio_write(APICState *s, uint32_t offset, uint32_t val);
/* The timer's current count (tests, `info lapic`). */
uint32_t apic_timer_current(APICState *s);

#endif
