/* Local APIC registers: IRR/ISR/TMR, TPR/PPR, EOI, LVT, ICR; xAPIC MMIO and x2APIC MSRs. */
#include <string.h>
#include "hw/intc/apic_int.h"
#include "trix/exec.h"

enum {
    APIC_ID = 0x20, APIC_VERSION = 0x30, APIC_TPR = 0x80, APIC_APR = 0x90, APIC_PPR = 0xa0,
    APIC_EOI = 0xb0, APIC_RRD = 0xc0, APIC_LDR = 0xd0, APIC_DFR = 0xe0, APIC_SVR = 0xf0,
    APIC_ISR = 0x100, APIC_TMR = 0x180, APIC_IRR = 0x200, APIC_ESR = 0x280,
    APIC_LVT_CMCI = 0x2f0, APIC_ICR_LO = 0x300, APIC_ICR_HI = 0x310, APIC_LVT_TIMER = 0x320,
    APIC_LVT_ERROR = 0x370, APIC_TIMER_INIT = 0x380, APIC_TIMER_CUR = 0x390,
    APIC_TIMER_DIV = 0x3e0, APIC_SELF_IPI = 0x3f0,      /* x2APIC only */
    MSR_APIC_BASE = 0x1b, MSR_TSC_DEADLINE = 0x6e0, MSR_X2APIC_FIRST = 0x800,
    MSR_X2APIC_LAST = 0x8ff,
};

/* Version 0x14 (integrated APIC), 7 LVT entries (max LVT index 6). */
#define APIC_VERSION_VALUE (0x14u | ((LVT_NUM - 1u) << 16))

/* Writable bits of each LVT entry (vector, delivery mode, polarity, trigger, mask, timer mode). */
static const uint32_t lvt_mask[LVT_NUM] = {
    [LVT_CMCI] = 0x107ff, [LVT_TIMER] = 0x700ff, [LVT_THERMAL] = 0x107ff,
    [LVT_PERF] = 0x107ff, [LVT_LINT0] = 0x1a7ff, [LVT_LINT1] = 0x1a7ff, [LVT_ERROR] = 0x100ff,
};

static int apic_highest(const uint32_t *bits)
{
    for (int i = 7; i >= 0; i--)
        if (bits[i])
            return i * 32 + 31 - __builtin_clz(bits[i]);
    return -1;
}

static bool apic_test(const uint32_t *bits, int v) { return bits[v >> 5] >> (v & 31) & 1; }
static void apic_set(uint32_t *bits, int v) { bits[v >> 5] |= 1u << (v & 31); }
static void apic_clear(uint32_t *bits, int v) { bits[v >> 5] &= ~(1u << (v & 31)); }

static uint32_t apic_ppr(const APICState *s)
{
    int isrv = apic_highest(s->isr);
    uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv & 0xf0;
    return (s->tpr & 0xf0) >= isr_class ? s->tpr & 0xff : isr_class;
}

/* The vector the APIC would give on INTA now, or -1. */
static int apic_deliverable(const APICState *s)
{
    if (!apic_sw_enabled(s))
        return -1;
    int v = apic_highest(s->irr);
    if (v < 0 || ((uint32_t)v & 0xf0) <= (apic_ppr(s) & 0xf0))
        return -1;
    return v;
}

/* LINT0 in ExtINT mode (or the APIC off: LINT0 is the INTR pin) with the 8259's INT high. */
static bool apic_extint_pending(const APICState *s)
{
    if (!apic_hw_enabled(s))
        return s->lint_level[0];
    if (s->extint_msg)
        return true;
    uint32_t l0 = s->lvt[LVT_LINT0];
    return s->lint_level[0] && !(l0 & APIC_LVT_MASKED) && ((l0 >> 8) & 7) == APIC_DM_EXTINT;
}

void apic_update(APICState *s)
{
    bool level = apic_extint_pending(s) || apic_deliverable(s) >= 0;
    if (level != s->intr) {
        s->intr = level;
        if (s->cpu)
            x86_cpu_set_intr(s->cpu, level);
    }
}

void apic_set_irr(APICState *s, int vector, bool level)
{
    if (vector < 16) {
        s->esr_latched |= APIC_ESR_RECV_ILLEGAL;
        apic_local_deliver(s, LVT_ERROR);
        return;
    }
    apic_set(s->irr, vector);
    if (level)
        apic_set(s->tmr, vector);
    else
        apic_clear(s->tmr, vector);
    apic_update(s);
}

void apic_local_deliver(APICState *s, int lvt)
{
    uint32_t e = s->lvt[lvt];
    if (!apic_hw_enabled(s) || (e & APIC_LVT_MASKED))
        return;
    int dm = (e >> 8) & 7;
    if (lvt == LVT_TIMER || lvt == LVT_ERROR)
        dm = APIC_DM_FIXED;
    bool level = (lvt == LVT_LINT0 || lvt == LVT_LINT1) && (e & APIC_LVT_LEVEL);
    if (dm == APIC_DM_FIXED) {
        if (level)
            s->lvt[lvt] |= APIC_LVT_REMOTE_IRR;
        apic_set_irr(s, e & 0xff, level);
    } else if (dm == APIC_DM_EXTINT) {
        apic_update(s);
    } else {
        apic_accept(s, dm, e & 0xff, level);
    }
}

static void apic_lint_set(void *opaque, int n, int level)
{
    APICState *s = opaque;
    int old = s->lint_level[n];
    s->lint_level[n] = level != 0;
    if (!apic_hw_enabled(s)) {
        if (n == 1 && level && !old && s->cpu)
            x86_cpu_nmi(s->cpu);            /* APIC off: LINT1 is the NMI pin */
        apic_update(s);
        return;
    }
    uint32_t e = s->lvt[LVT_LINT0 + n];
    int dm = (e >> 8) & 7;
    if (dm == APIC_DM_EXTINT) {
        apic_update(s);
        return;
    }
    bool edge = !(e & APIC_LVT_LEVEL) || dm != APIC_DM_FIXED;
    if (level && (edge ? !old : !(e & APIC_LVT_REMOTE_IRR)))
        apic_local_deliver(s, LVT_LINT0 + n);
}

IRQ apic_lint(APICState *s, int n)
{
    return irq_make(apic_lint_set, s, n & 1);
}

static void apic_eoi(APICState *s)
{
    int v = apic_highest(s->isr);
    if (v < 0)
        return;
    apic_clear(s->isr, v);
    if (apic_test(s->tmr, v)) {
        apic_clear(s->tmr, v);
        for (int i = 0; i < s->bus->neoi; i++)
            s->bus->eoi[i].fn(s->bus->eoi[i].opaque, v);
        /* a level LINT entry with this vector: its remote IRR goes */
        for (int l = LVT_LINT0; l <= LVT_LINT1; l++)
            if ((s->lvt[l] & 0xff) == (uint32_t)v) {
                s->lvt[l] &= ~APIC_LVT_REMOTE_IRR;
                if (s->lint_level[l - LVT_LINT0] && (s->lvt[l] & APIC_LVT_LEVEL))
                    apic_local_deliver(s, l);
            }
    }
    apic_update(s);
}

static int apic_ack(void *opaque)
{
    APICState *s = opaque;
    int v = -1;
    if (apic_extint_pending(s)) {
        s->extint_msg = false;
        v = s->bus->extint ? s->bus->extint(s->bus->extint_opaque) : -1;
    } else if ((v = apic_deliverable(s)) >= 0) {
        apic_clear(s->irr, v);
        apic_set(s->isr, v);
    }
    apic_update(s);
    return v;
}

void apic_reset_regs(APICState *s)
{
    s->tpr = s->ldr = s->esr = s->esr_latched = 0;
    s->dfr = 0xffffffff;
    s->svr = 0xff;
    memset(s->isr, 0, sizeof(s->isr));
    memset(s->irr, 0, sizeof(s->irr));
    memset(s->tmr, 0, sizeof(s->tmr));
    s->icr_lo = s->icr_hi = 0;
    for (int i = 0; i < LVT_NUM; i++)
        s->lvt[i] = APIC_LVT_MASKED;
    /* As a BIOS leaves it (and QEMU resets it): the BSP's LINT0 passes the 8259 through. */
    if (s->apic_base & APIC_BASE_BSP)
        s->lvt[LVT_LINT0] = APIC_DM_EXTINT << 8;
    s->extint_msg = false;
    apic_timer_reset(s);
    if (apic_x2(s))
        s->ldr = ((s->id >> 4) << 16) | (1u << (s->id & 15));
    apic_update(s);
}

static void apic_send_icr(APICState *s, uint64_t icr)
{
    int dm = (icr >> 8) & 7;
    bool level_assert = (icr >> 14) & 1, level_trig = (icr >> 15) & 1;
    if (dm == APIC_DM_INIT && level_trig && !level_assert)
        return;                             /* INIT level de-assert: nothing on modern CPUs */
    if ((dm == APIC_DM_FIXED || dm == APIC_DM_LOWEST) && (icr & 0xff) < 16) {
        s->esr_latched |= APIC_ESR_SEND_ILLEGAL;
        apic_local_deliver(s, LVT_ERROR);
        return;
    }
    APICMsg m = {
        .dest = apic_x2(s) ? (uint32_t)(icr >> 32) : (uint32_t)(icr >> 56),
        .logical = (icr >> 11) & 1, .delivery = dm, .vector = icr & 0xff,
        .level = false,                     /* IPIs are edge (the TMR is for level sources) */
    };
    apic_bus_send(s->bus, s, (icr >> 18) & 3, &m, apic_x2(s));
}

/* Register read by 16-byte register index (offset >> 4); false: no such register. */
static bool apic_reg_read(APICState *s, unsigned reg, uint64_t *val)
{
    unsigned off = reg << 4;
    apic_timer_sync(s);
    if (off >= APIC_ISR && off < APIC_ISR + 0x80) {
        *val = s->isr[(off - APIC_ISR) >> 4];
    } else if (off >= APIC_TMR && off < APIC_TMR + 0x80) {
        *val = s->tmr[(off - APIC_TMR) >> 4];
    } else if (off >= APIC_IRR && off < APIC_IRR + 0x80) {
        *val = s->irr[(off - APIC_IRR) >> 4];
    } else if (off >= APIC_LVT_TIMER && off <= APIC_LVT_ERROR) {
        *val = s->lvt[LVT_TIMER + ((off - APIC_LVT_TIMER) >> 4)];
    } else {
        switch (off) {
        case APIC_ID:      *val = apic_x2(s) ? s->id : s->id << 24; break;
        case APIC_VERSION: *val = APIC_VERSION_VALUE; break;
        case APIC_TPR:     *val = s->tpr; break;
        case APIC_APR:     *val = 0; break;
        case APIC_PPR:     *val = apic_ppr(s); break;
        case APIC_LDR:     *val = s->ldr; break;
        case APIC_DFR:     if (apic_x2(s)) return false;
                           *val = s->dfr; break;
        case APIC_SVR:     *val = s->svr; break;
        case APIC_ESR:     *val = s->esr; break;
        case APIC_LVT_CMCI: *val = s->lvt[LVT_CMCI]; break;
        case APIC_ICR_LO:  *val = s->icr_lo | (apic_x2(s) ? (uint64_t)s->icr_hi << 32 : 0);
                           break;
        case APIC_ICR_HI:  if (apic_x2(s)) return false;
                           *val = s->icr_hi; break;
        case APIC_TIMER_INIT: *val = s->timer_initial; break;
        case APIC_TIMER_CUR:  *val = apic_timer_current(s); break;
        case APIC_TIMER_DIV:  *val = s->timer_divide; break;
        default:           return false;
        }
    }
    return true;
}

static void apic_write_svr(APICState *s, uint32_t val)
{
    s->svr = val & 0x1ff;       /* no EOI-broadcast suppression, no focus checking */
    if (!apic_sw_enabled(s)) {
        for (int i = 0; i < LVT_NUM; i++)
            s->lvt[i] |= APIC_LVT_MASKED;
    }
    apic_update(s);
}

static void apic_write_lvt(APICState *s, int lvt, uint32_t val)
{
    uint32_t keep = s->lvt[lvt] & (APIC_LVT_REMOTE_IRR | APIC_LVT_PENDING);
    val &= lvt_mask[lvt];
    if (!apic_sw_enabled(s))
        val |= APIC_LVT_MASKED;     /* SDM 10.4.7.2: masks stay set while software-disabled */
    if (lvt == LVT_TIMER) {
        apic_timer_write_lvt(s, val);
        return;
    }
    s->lvt[lvt] = val | keep;
    if (lvt == LVT_LINT0 || lvt == LVT_LINT1) {
        int n = lvt - LVT_LINT0;
        if (s->lint_level[n] && (val & APIC_LVT_LEVEL) && !(val & APIC_LVT_MASKED) &&
            !(s->lvt[lvt] & APIC_LVT_REMOTE_IRR))
            apic_local_deliver(s, lvt);
    }
    apic_update(s);
}

/* Register write by index; false: no such register or not writable in this mode. */
static bool apic_reg_write(APICState *s, unsigned reg, uint64_t val)
{
    unsigned off = reg << 4;
    bool x2 = apic_x2(s);
    if (off >= APIC_LVT_TIMER && off <= APIC_LVT_ERROR) {
        apic_write_lvt(s, LVT_TIMER + ((off - APIC_LVT_TIMER) >> 4), (uint32_t)val);
        return true;
    }
    switch (off) {
    case APIC_ID:
        if (x2)
            return false;                   /* read-only in x2APIC mode */
        s->id = (uint32_t)val >> 24;
        break;
    case APIC_TPR:
        s->tpr = val & 0xff;
        apic_update(s);
        break;
    case APIC_EOI:
        if (x2 && val)
            return false;
        apic_eoi(s);
        break;
    case APIC_LDR:
        if (x2)
            return false;
        s->ldr = (uint32_t)val & 0xff000000;
        break;
    case APIC_DFR:
        if (x2)
            return false;
        s->dfr = (uint32_t)val | 0x0fffffff;
        break;
    case APIC_SVR:
        apic_write_svr(s, (uint32_t)val);
        break;
    case APIC_ESR:
        if (x2 && val)
            return false;
        s->esr = s->esr_latched;
        s->esr_latched = 0;
        break;
    case APIC_LVT_CMCI:
        apic_write_lvt(s, LVT_CMCI, (uint32_t)val);
        break;
    case APIC_ICR_LO:
        if (x2) {
            s->icr_lo = (uint32_t)val & ~(uint32_t)APIC_LVT_PENDING;
            s->icr_hi = (uint32_t)(val >> 32);
            apic_send_icr(s, val);
        } else {
            s->icr_lo = (uint32_t)val & ~(uint32_t)APIC_LVT_PENDING;
            apic_send_icr(s, (uint64_t)s->icr_hi << 32 | s->icr_lo);
        }
        break;
    case APIC_ICR_HI:
        if (x2)
            return false;
        s->icr_hi = (uint32_t)val & 0xff000000;
        break;
    case APIC_TIMER_INIT:
        apic_timer_write_initial(s, (uint32_t)val);
        break;
    case APIC_TIMER_DIV:
        apic_timer_write_divide(s, (uint32_t)val);
        break;
    case APIC_SELF_IPI:
        if (!x2)
            return false;
        apic_set_irr(s, val & 0xff, false);
        break;
    default:
        return false;                       /* read-only or reserved */
    }
    return true;
}

uint32_t apic_mmio_read(APICState *s, uint32_t offset)
{
    uint64_t v = 0;
    if (apic_x2(s) || !apic_hw_enabled(s) || (offset & 0xf) ||
        !apic_reg_read(s, offset >> 4, &v)) {
        log_mask(LOG_GUEST_ERROR, "apic %u: read of %#x %s\n", s->id, offset,
                 apic_x2(s) ? "in x2APIC mode" : "(no such register)");
        return 0;
    }
    return (uint32_t)v;
}

void apic_mmio_write(APICState *s, uint32_t offset, uint32_t val)
{
    if (apic_x2(s) || !apic_hw_enabled(s) || (offset & 0xf) || offset == APIC_SELF_IPI ||
        !apic_reg_write(s, offset >> 4, val))
        log_mask(LOG_GUEST_ERROR, "apic %u: write of %#x to %#x dropped\n", s->id, val, offset);
}

static bool apic_write_base(APICState *s, uint64_t val)
{
    uint64_t old = s->apic_base;
    if (val & ~(0xfffff000ull | APIC_BASE_EXTD | APIC_BASE_EN | APIC_BASE_BSP))
        return false;                       /* reserved bits (36-bit physical base here) */
    bool en = val & APIC_BASE_EN, x2 = val & APIC_BASE_EXTD;
    if (x2 && !en)
        return false;                       /* invalid state */
    if ((old & APIC_BASE_EXTD) && en && !x2)
        return false;                       /* x2APIC -> xAPIC only through disabled */
    if (!(old & APIC_BASE_EN) && x2)
        return false;                       /* disabled -> x2APIC only through xAPIC */
    if ((val & 0xfffff000ull) != s->bus->base && s->bus->base)
        log_mask(LOG_UNIMP, "apic %u: relocation to %#llx not supported\n", s->id,
                 (unsigned long long)(val & 0xfffff000ull));
    s->apic_base = (val & ~APIC_BASE_BSP) | (old & APIC_BASE_BSP);
    if (!en && (old & APIC_BASE_EN)) {
        apic_reset_regs(s);                 /* SDM 10.4.3: disabling resets the state */
    } else if (x2 && !(old & APIC_BASE_EXTD)) {
        s->ldr = ((s->id >> 4) << 16) | (1u << (s->id & 15));
        s->dfr = 0xffffffff;
    }
    apic_update(s);
    return true;
}

static bool apic_rdmsr(void *opaque, uint32_t msr, uint64_t *val)
{
    APICState *s = opaque;
    if (msr == MSR_APIC_BASE) {
        *val = s->apic_base;
        return true;
    }
    if (msr == MSR_TSC_DEADLINE) {
        *val = apic_timer_read_deadline(s);
        return true;
    }
    if (msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST || !apic_x2(s))
        return false;
    unsigned reg = msr - MSR_X2APIC_FIRST;
    if ((reg << 4) == APIC_EOI || (reg << 4) == APIC_SELF_IPI)
        return false;                       /* write-only */
    return apic_reg_read(s, reg, val);
}

static bool apic_wrmsr(void *opaque, uint32_t msr, uint64_t val)
{
    APICState *s = opaque;
    if (msr == MSR_APIC_BASE)
        return apic_write_base(s, val);
    if (msr == MSR_TSC_DEADLINE) {
        apic_timer_write_deadline(s, val);
        return true;
    }
    if (msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST || !apic_x2(s))
        return false;
    unsigned reg = msr - MSR_X2APIC_FIRST;
    if ((reg << 4) != APIC_ICR_LO && (val >> 32))
        return false;                       /* reserved upper half */
    return apic_reg_write(s, reg, val);
}

static uint8_t apic_get_tpr(void *opaque)
{
    APICState *s = opaque;
    return s->tpr >> 4;
}

static void apic_set_tpr(void *opaque, uint8_t cr8)
{
    APICState *s = opaque;
    s->tpr = (uint32_t)(cr8 & 15) << 4;
    apic_update(s);
}

const X86IntcOps apic_intc_ops = {
    .ack = apic_ack, .rdmsr = apic_rdmsr, .wrmsr = apic_wrmsr,
    .get_tpr = apic_get_tpr, .set_tpr = apic_set_tpr,
};

APICState *apic_create(APICBus *bus, X86CPU *cpu, int apic_id)
{
    if (bus->n >= APIC_MAX)
        trix_fatal("apic: more than %d local APICs", APIC_MAX);
    APICState *s = trix_malloc0(sizeof(*s));
    s->bus = bus;
    s->cpu = cpu;
    s->id = (uint32_t)apic_id;
    s->apic_base = (bus->base ? bus->base : APIC_DEFAULT_BASE) | APIC_BASE_EN |
                   (cpu && cpu->sys.bsp ? APIC_BASE_BSP : 0);
    apic_timer_init(s);
    apic_reset_regs(s);
    bus->apic[bus->n++] = s;
    if (cpu)
        x86_cpu_attach_intc(cpu, &apic_intc_ops, s);
    return s;
}

void apic_bus_reset(APICBus *bus)
{
    for (int i = 0; i < bus->n; i++) {
        APICState *s = bus->apic[i];
        s->apic_base = (bus->base ? bus->base : APIC_DEFAULT_BASE) | APIC_BASE_EN |
                       (s->cpu && s->cpu->sys.bsp ? APIC_BASE_BSP : 0);
        s->intr = true;                     /* force the CPU's INTR down */
        apic_reset_regs(s);
    }
}
