/* Local APIC internals shared by apic.c (registers), apic_bus.c (messages) and apic_timer.c. */
#ifndef TRIX_HW_APIC_INT_H
#define TRIX_HW_APIC_INT_H

#include "hw/intc/apic.h"

/* IA32_APIC_BASE bits. */
#define APIC_BASE_BSP (1ull << 8)
#define APIC_BASE_EXTD (1ull << 10)
#define APIC_BASE_EN (1ull << 11)

#define APIC_LVT_MASKED (1u << 16)
#define APIC_LVT_LEVEL (1u << 15)       /* trigger mode (LINT0/1 only) */
#define APIC_LVT_REMOTE_IRR (1u << 14)
#define APIC_LVT_PENDING (1u << 12)     /* delivery status */
#define APIC_SVR_ENABLE (1u << 8)

/* LVT entries in register order except CMCI (0x2f0), which comes first here. */
enum { LVT_CMCI, LVT_TIMER, LVT_THERMAL, LVT_PERF, LVT_LINT0, LVT_LINT1, LVT_ERROR, LVT_NUM };

/* Timer modes (LVT timer bits 18:17). */
enum { APIC_TIMER_ONESHOT = 0, APIC_TIMER_PERIODIC = 1, APIC_TIMER_TSC_DEADLINE = 2 };

/* ESR bits. */
enum { APIC_ESR_SEND_ILLEGAL = 1u << 5, APIC_ESR_RECV_ILLEGAL = 1u << 6,
       APIC_ESR_ILLEGAL_REG = 1u << 7 };

struct APICState {
    APICBus *bus;
    X86CPU *cpu;
    uint32_t id;                        /* the APIC id (x2APIC: 32 bits) */
    uint64_t apic_base;                 /* IA32_APIC_BASE */
    uint32_t tpr, ldr, dfr, svr, esr, esr_latched;
    uint32_t isr[8], irr[8], tmr[8];
    uint32_t icr_lo, icr_hi;
    uint32_t lvt[LVT_NUM];
    uint32_t timer_initial, timer_divide;
    int timer_shift;                    /* log2 of the divider */
    int64_t timer_start;                /* clock_ns() when the count was loaded */
    uint64_t tsc_deadline;              /* 0: disarmed */
    int64_t timer_due;                  /* clock_ns() of the next timer event, 0: none */
    HWTimer *timer;
    int lint_level[2];
    bool extint_msg;                    /* an ExtINT message waits for INTA */
    bool intr;                          /* the INTR level last given to the CPU */
};

struct APICBus {
    uint64_t base;
    int n;
    APICState *apic[APIC_MAX];
    int (*extint)(void *opaque);
    void *extint_opaque;
    struct { void (*fn)(void *opaque, int vector); void *opaque; } eoi[4];
    int neoi;
};

static inline bool apic_x2(const APICState *s) { return s->apic_base & APIC_BASE_EXTD; }
static inline bool apic_hw_enabled(const APICState *s) { return s->apic_base & APIC_BASE_EN; }
static inline bool apic_sw_enabled(const APICState *s) { return s->svr & APIC_SVR_ENABLE; }

/* apic.c */
void apic_update(APICState *s);                 /* re-evaluate the INTR level */
void apic_set_irr(APICState *s, int vector, bool level);
void apic_local_deliver(APICState *s, int lvt); /* an LVT source fired */
void apic_reset_regs(APICState *s);             /* power-on / INIT state (id, base kept) */
/* apic_bus.c */
void apic_accept(APICState *s, int delivery, uint8_t vector, bool level);
/* Deliver to the destination; wide: a 32-bit x2APIC destination (else 8-bit). `self` is the
 * sender (for the shorthands), NULL for IOAPIC messages and MSIs. */
void apic_bus_send(APICBus *bus, APICState *self, int shorthand, const APICMsg *msg, bool wide);
/* apic_timer.c */
void apic_timer_init(APICState *s);
/* Deliver a timer event that is due but whose HWTimer has not run yet (before a register
 * read, so the guest never sees the count at 0 without the interrupt pending). */
void apic_timer_sync(APICState *s);
void apic_timer_reset(APICState *s);
void apic_timer_write_lvt(APICState *s, uint32_t val);
void apic_timer_write_initial(APICState *s, uint32_t val);
void apic_timer_write_divide(APICState *s, uint32_t val);
void apic_timer_write_deadline(APICState *s, uint64_t tsc);
uint64_t apic_timer_read_deadline(APICState *s);

#endif
