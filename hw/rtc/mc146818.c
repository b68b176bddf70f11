/* MC146818 RTC: clock registers from clock_rtc_ns(), update/alarm/periodic flags and IRQ 8, CMOS RAM. */
#include <string.h>
#include <time.h>
#include "hw/rtc/mc146818.h"
#include "trix/exec.h"
#include "trix/ioport.h"

enum {
    RTC_SEC = 0, RTC_SEC_ALARM = 1, RTC_MIN = 2, RTC_MIN_ALARM = 3, RTC_HOUR = 4,
    RTC_HOUR_ALARM = 5, RTC_WDAY = 6, RTC_MDAY = 7, RTC_MON = 8, RTC_YEAR = 9,
    RTC_REG_A = 0x0a, RTC_REG_B = 0x0b, RTC_REG_C = 0x0c, RTC_REG_D = 0x0d,
    RTC_CENTURY = 0x32,
};
enum { A_UIP = 0x80, B_SET = 0x80, B_PIE = 0x40, B_AIE = 0x20, B_UIE = 0x10, B_DM_BIN = 0x04,
       B_24H = 0x02, C_IRQF = 0x80, C_PF = 0x40, C_AF = 0x20, C_UF = 0x10 };
#define UIP_NS 244000                   /* UIP is high this long before each update */
#define NS 1000000000ll

struct MC146818State {
    IRQ irq;
    uint8_t cmos[MC146818_CMOS_SIZE];
    uint8_t index;
    int64_t offset_s;                   /* guest time = rtc_now_ns() + offset_s seconds */
    int64_t anchor_rtc, anchor_vm;      /* rtc_now_ns(): clock_rtc_ns() refined by clock_ns() */
    bool anchored;
    int64_t a_sec;                      /* the second of the last register A read */
    bool a_read, a_uip;                 /* ... whether there was one, and its UIP */
    int64_t last_sec;                   /* guest second at the last flag scan */
    int64_t last_periodic;              /* periodic period index at the last flag scan */
    HWTimer *timer;
};

#define RTC_MAX_TIME 253402300799ll        /* 9999-12-31T23:59:59: what the registers hold */

#define RTC_REANCHOR_NS 50000000ll      /* follow clock_rtc_ns() when it strays this far */

static int64_t rtc_floor_sec(int64_t ns) { return ns >= 0 ? ns / NS : (ns - NS + 1) / NS; }

/*
 * The chip's time base: clock_rtc_ns(), but advanced by the virtual clock between reads.
 * A host's CLOCK_REALTIME may tick coarsely (1 ms steps were seen), and a 244 us UIP window
 * at the end of a second would then never be seen; the virtual clock is fine-grained. Host
 * time jumps (and -rtc clock=host while paused) re-anchor it.
 */
static int64_t rtc_now_ns(MC146818State *s)
{
    int64_t rtc = clock_rtc_ns(), vm = clock_ns();
    int64_t t = s->anchor_rtc + (vm - s->anchor_vm);
    if (!s->anchored || t - rtc > RTC_REANCHOR_NS || rtc - t > RTC_REANCHOR_NS) {
        s->anchor_rtc = rtc;
        s->anchor_vm = vm;
        s->anchored = true;
        t = rtc;
    }
    return t;
}

/* Nanoseconds into the current second (the divider chain's phase). */
static int64_t rtc_phase_ns(MC146818State *s) { return ((rtc_now_ns(s) % NS) + NS) % NS; }

int64_t mc146818_time(MC146818State *s)
{
    return rtc_floor_sec(rtc_now_ns(s)) + s->offset_s;
}

/* Make the guest time `want` seconds (kept inside what the registers can show). */
static void rtc_set_time(MC146818State *s, int64_t want)
{
    if (want < 0)
        want = 0;
    if (want > RTC_MAX_TIME)
        want = RTC_MAX_TIME;
    s->offset_s = want - rtc_floor_sec(rtc_now_ns(s));
    s->last_sec = want;
}

static bool rtc_bin(MC146818State *s) { return s->cmos[RTC_REG_B] & B_DM_BIN; }
static uint8_t rtc_enc(MC146818State *s, int v) { return rtc_bin(s) ? v : (v / 10) << 4 | v % 10; }
static int rtc_dec(MC146818State *s, uint8_t v) { return rtc_bin(s) ? v : (v >> 4) * 10 + (v & 15); }

static uint8_t rtc_enc_hour(MC146818State *s, int h)
{
    if (s->cmos[RTC_REG_B] & B_24H)
        return rtc_enc(s, h);
    int h12 = h % 12 ? h % 12 : 12;
    return rtc_enc(s, h12) | (h >= 12 ? 0x80 : 0);
}

static int rtc_dec_hour(MC146818State *s, uint8_t v)
{
    if (s->cmos[RTC_REG_B] & B_24H)
        return rtc_dec(s, v);
    int h = rtc_dec(s, v & 0x7f) % 12;
    return (v & 0x80) ? h + 12 : h;
}

/* Write the guest time into the clock registers (and the century byte). */
static void rtc_fill_regs(MC146818State *s, int64_t sec)
{
    time_t t = (time_t)(sec < 0 ? 0 : sec > RTC_MAX_TIME ? RTC_MAX_TIME : sec);
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return;
    s->cmos[RTC_SEC] = rtc_enc(s, tm.tm_sec);
    s->cmos[RTC_MIN] = rtc_enc(s, tm.tm_min);
    s->cmos[RTC_HOUR] = rtc_enc_hour(s, tm.tm_hour);
    s->cmos[RTC_WDAY] = rtc_enc(s, tm.tm_wday + 1);
    s->cmos[RTC_MDAY] = rtc_enc(s, tm.tm_mday);
    s->cmos[RTC_MON] = rtc_enc(s, tm.tm_mon + 1);
    s->cmos[RTC_YEAR] = rtc_enc(s, (tm.tm_year + 1900) % 100);
    s->cmos[RTC_CENTURY] = (uint8_t)((tm.tm_year + 1900) / 100 / 10 << 4 |
                                     (tm.tm_year + 1900) / 100 % 10);
}

/* The time the clock registers say, in seconds since the epoch. */
static int64_t rtc_regs_time(MC146818State *s)
{
    uint8_t c = s->cmos[RTC_CENTURY];
    struct tm tm = {
        .tm_sec = rtc_dec(s, s->cmos[RTC_SEC]), .tm_min = rtc_dec(s, s->cmos[RTC_MIN]),
        .tm_hour = rtc_dec_hour(s, s->cmos[RTC_HOUR]), .tm_mday = rtc_dec(s, s->cmos[RTC_MDAY]),
        .tm_mon = rtc_dec(s, s->cmos[RTC_MON]) - 1,
        .tm_year = ((c >> 4) * 10 + (c & 15)) * 100 + rtc_dec(s, s->cmos[RTC_YEAR]) - 1900,
    };
    return (int64_t)timegm(&tm);
}

static bool rtc_alarm_field(MC146818State *s, int reg, int value, bool hour)
{
    uint8_t a = s->cmos[reg];
    if ((a & 0xc0) == 0xc0)
        return true;                    /* "don't care" */
    return (hour ? rtc_dec_hour(s, a) : rtc_dec(s, a)) == value;
}

static bool rtc_alarm_at(MC146818State *s, int64_t sec)
{
    time_t t = (time_t)sec;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return false;
    return rtc_alarm_field(s, RTC_SEC_ALARM, tm.tm_sec, false) &&
           rtc_alarm_field(s, RTC_MIN_ALARM, tm.tm_min, false) &&
           rtc_alarm_field(s, RTC_HOUR_ALARM, tm.tm_hour, true);
}

/* Periodic rate from register A in ns, 0 for none (32.768 kHz time base). */
static int64_t rtc_period_ns(MC146818State *s)
{
    int rs = s->cmos[RTC_REG_A] & 15;
    if (!rs)
        return 0;
    int64_t ticks = rs <= 2 ? 1 << (rs + 6) : 1 << (rs - 1);
    return ticks * NS / 32768;
}

/* Set the flags of register C for what happened since the last scan; IRQ if enabled. */
static void rtc_scan(MC146818State *s)
{
    uint8_t b = s->cmos[RTC_REG_B], flags = 0;
    int64_t sec = mc146818_time(s);
    if (!(b & B_SET) && sec > s->last_sec) {
        flags |= C_UF;
        int64_t from = sec - s->last_sec > 86400 ? sec - 86400 : s->last_sec + 1;
        for (int64_t t = from; t <= sec; t++)
            if (rtc_alarm_at(s, t)) {
                flags |= C_AF;
                break;
            }
    }
    s->last_sec = sec;
    int64_t p = rtc_period_ns(s);
    if (p) {
        int64_t idx = clock_ns() / p;
        if (idx > s->last_periodic)
            flags |= C_PF;
        s->last_periodic = idx;
    }
    s->cmos[RTC_REG_C] |= flags;
    if (s->cmos[RTC_REG_C] & b & (C_PF | C_AF | C_UF) && !(s->cmos[RTC_REG_C] & C_IRQF)) {
        s->cmos[RTC_REG_C] |= C_IRQF;
        irq_set(&s->irq, 1);
    }
}

/* Arm the timer for the next event an enabled interrupt needs. */
static void rtc_arm(MC146818State *s)
{
    uint8_t b = s->cmos[RTC_REG_B];
    int64_t next = INT64_MAX, now = clock_ns();
    int64_t p = rtc_period_ns(s);
    if ((b & B_PIE) && p)
        next = (now / p + 1) * p;
    if ((b & (B_AIE | B_UIE)) && !(b & B_SET)) {
        int64_t t = now + (NS - rtc_phase_ns(s));
        if (t < next)
            next = t;
    }
    if (next == INT64_MAX)
        timer_del(s->timer);
    else
        timer_mod(s->timer, next);
}

static void rtc_timer_cb(void *opaque)
{
    MC146818State *s = opaque;
    rtc_scan(s);
    rtc_arm(s);
}

static uint8_t rtc_read(MC146818State *s, int idx)
{
    uint8_t v;
    switch (idx) {
    case RTC_SEC: case RTC_MIN: case RTC_HOUR: case RTC_WDAY: case RTC_MDAY: case RTC_MON:
    case RTC_YEAR: case RTC_CENTURY:
        if (!(s->cmos[RTC_REG_B] & B_SET))
            rtc_fill_regs(s, mc146818_time(s));
        return s->cmos[idx];
    case RTC_REG_A: {
        int64_t now = rtc_now_ns(s), into = ((now % NS) + NS) % NS, sec = rtc_floor_sec(now);
        bool running = !(s->cmos[RTC_REG_B] & B_SET);
        bool uip = running && into >= NS - UIP_NS;
        /* A poller that read A in the previous second and missed the 244 us window (its
         * vCPU was descheduled across it) sees UIP once now: no update goes unnoticed. */
        if (running && !uip && s->a_read && sec == s->a_sec + 1 && !s->a_uip)
            uip = true;
        s->a_read = true;
        s->a_sec = sec;
        s->a_uip = uip;
        return (s->cmos[RTC_REG_A] & 0x7f) | (uip ? A_UIP : 0);
    }
    case RTC_REG_C:
        rtc_scan(s);
        v = s->cmos[RTC_REG_C];
        s->cmos[RTC_REG_C] = 0;
        if (v & C_IRQF)
            irq_set(&s->irq, 0);
        rtc_arm(s);
        return v;
    default:
        return s->cmos[idx];
    }
}

static void rtc_write(MC146818State *s, int idx, uint8_t val)
{
    uint8_t b = s->cmos[RTC_REG_B];
    switch (idx) {
    case RTC_SEC: case RTC_MIN: case RTC_HOUR: case RTC_WDAY: case RTC_MDAY: case RTC_MON:
    case RTC_YEAR: case RTC_CENTURY:
        if (!(b & B_SET))
            rtc_fill_regs(s, mc146818_time(s));
        s->cmos[idx] = val;
        if (!(b & B_SET))               /* a running clock takes the new value at once */
            rtc_set_time(s, rtc_regs_time(s));
        break;
    case RTC_REG_A:
        s->cmos[RTC_REG_A] = val & 0x7f;
        s->last_periodic = rtc_period_ns(s) ? clock_ns() / rtc_period_ns(s) : 0;
        rtc_arm(s);
        break;
    case RTC_REG_B:
        if ((b & B_SET) && !(val & B_SET)) {    /* the clock starts from the registers */
            rtc_set_time(s, rtc_regs_time(s));     /* whole seconds: the phase stays */
        } else if (!(b & B_SET) && (val & B_SET)) {
            rtc_fill_regs(s, mc146818_time(s)); /* freeze what the clock shows */
        }
        if ((val ^ b) & (B_DM_BIN | B_24H) && !(val & B_SET) && !(b & B_SET)) {
            s->cmos[RTC_REG_B] = val;
            rtc_fill_regs(s, mc146818_time(s));
        }
        s->cmos[RTC_REG_B] = val & (val & B_SET ? ~B_UIE : 0xff);     /* SET clears UIE */
        rtc_scan(s);
        rtc_arm(s);
        break;
    case RTC_REG_C: case RTC_REG_D:
        log_mask(LOG_GUEST_ERROR, "mc146818: write of %#x to read-only register %#x\n", val, idx);
        break;
    default:
        s->cmos[idx] = val;
        break;
    }
}

uint8_t mc146818_port_read(MC146818State *s, uint32_t offset)
{
    if ((offset & 1) == 0)
        return 0xff;                    /* the index register is write-only */
    cpu_time_seen(current_cpu);
    return rtc_read(s, s->index);
}

void mc146818_port_write(MC146818State *s, uint32_t offset, uint8_t val)
{
    if ((offset & 1) == 0)
        s->index = val & 0x7f;          /* bit 7: NMI disable (kept by the chipset, unused) */
    else
        rtc_write(s, s->index, val);
}

static uint64_t rtc_io_read(void *opaque, uint64_t offset, unsigned size)
{
    return mc146818_port_read(opaque, (uint32_t)offset);
}

static void rtc_io_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    mc146818_port_write(opaque, (uint32_t)offset, (uint8_t)val);
}

static const MemoryRegionOps rtc_ops = {
    .read = rtc_io_read, .write = rtc_io_write, .min_size = 1, .max_size = 1,
};

/* The standard checksum over 0x10-0x2d, at 0x2e (high) / 0x2f (low). */
static void rtc_checksum(MC146818State *s)
{
    unsigned sum = 0;
    for (int i = 0x10; i <= 0x2d; i++)
        sum += s->cmos[i];
    s->cmos[0x2e] = (uint8_t)(sum >> 8);
    s->cmos[0x2f] = (uint8_t)sum;
}

void mc146818_set_cmos(MC146818State *s, int index, uint8_t val)
{
    if (index <= RTC_REG_D || index >= MC146818_CMOS_SIZE || index == RTC_CENTURY)
        trix_fatal("mc146818: CMOS byte %#x is not board-settable", index);
    s->cmos[index] = val;
    if (index >= 0x10 && index <= 0x2d)
        rtc_checksum(s);
}

uint8_t mc146818_get_cmos(MC146818State *s, int index)
{
    return index >= 0 && index < MC146818_CMOS_SIZE ? rtc_read(s, index) : 0;
}

void mc146818_set_memory(MC146818State *s, uint64_t below_4g, uint64_t above_4g, int ncpus)
{
    uint64_t ext = below_4g > (1u << 20) ? (below_4g - (1u << 20)) >> 10 : 0;
    uint64_t hi = below_4g > (16u << 20) ? (below_4g - (16u << 20)) >> 16 : 0;
    uint64_t top = above_4g >> 16;
    if (ext > 0xffff)
        ext = 0xffff;
    if (hi > 0xffff)
        hi = 0xffff;
    s->cmos[0x15] = 640 & 0xff;
    s->cmos[0x16] = 640 >> 8;
    s->cmos[0x17] = s->cmos[0x30] = (uint8_t)ext;
    s->cmos[0x18] = s->cmos[0x31] = (uint8_t)(ext >> 8);
    s->cmos[0x34] = (uint8_t)hi;
    s->cmos[0x35] = (uint8_t)(hi >> 8);
    s->cmos[0x5b] = (uint8_t)top;
    s->cmos[0x5c] = (uint8_t)(top >> 8);
    s->cmos[0x5d] = (uint8_t)(top >> 16);
    s->cmos[0x5f] = (uint8_t)(ncpus > 0 ? ncpus - 1 : 0);
    rtc_checksum(s);
}

void mc146818_reset(MC146818State *s)
{
    s->cmos[RTC_REG_B] &= ~(B_PIE | B_AIE | B_UIE | 0x08);   /* and SQWE */
    s->cmos[RTC_REG_C] = 0;
    irq_set(&s->irq, 0);
    s->last_sec = mc146818_time(s);
    timer_del(s->timer);
}

MC146818State *mc146818_new(IRQ irq)
{
    MC146818State *s = trix_malloc0(sizeof(*s));
    s->irq = irq;
    s->timer = timer_new(rtc_timer_cb, s);
    s->cmos[RTC_REG_A] = 0x26;          /* 32.768 kHz time base, 1024 Hz periodic rate */
    s->cmos[RTC_REG_B] = B_24H;         /* BCD, 24 hours, as QEMU's and PC BIOSes' */
    s->cmos[RTC_REG_D] = 0x80;          /* valid RAM and time */
    s->last_sec = mc146818_time(s);
    s->last_periodic = clock_ns() / rtc_period_ns(s);
    rtc_fill_regs(s, s->last_sec);
    return s;
}

MC146818State *mc146818_create(uint32_t base, IRQ irq)
{
    MC146818State *s = mc146818_new(irq);
    io_map("rtc", base, 2, &rtc_ops, s);
    return s;
}
