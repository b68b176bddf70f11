/* Goldfish RTC: wall-clock time registers (low read latches high), alarm, interrupt. */
#include "hw/rtc/goldfish_rtc.h"
#include "hw/core/fdt_util.h"

enum {
    RTC_TIME_LOW = 0x00, RTC_TIME_HIGH = 0x04, RTC_ALARM_LOW = 0x08, RTC_ALARM_HIGH = 0x0c,
    RTC_IRQ_ENABLED = 0x10, RTC_CLEAR_ALARM = 0x14, RTC_ALARM_STATUS = 0x18,
    RTC_CLEAR_INTERRUPT = 0x1c,
};

/* The board-wide RTC clock (-rtc); with clock=vm and -icount it is deterministic. */
static int64_t rtc_host_ns(void)
{
    return clock_rtc_ns();
}

uint64_t goldfish_rtc_now(GoldfishRTCState *s)
{
    return (uint64_t)(rtc_host_ns() + s->offset_ns);
}

static void rtc_update_irq(GoldfishRTCState *s)
{
    irq_set(&s->irq, s->irq_pending && s->irq_enabled);
}

static void rtc_alarm_fire(GoldfishRTCState *s)
{
    s->alarm_armed = false;
    s->irq_pending = 1;
    rtc_update_irq(s);
}

/* Arm the virtual-clock timer for the alarm, or fire now if it is already due. */
static void rtc_arm(GoldfishRTCState *s)
{
    uint64_t now = goldfish_rtc_now(s);
    if (s->alarm_ns <= now) {
        timer_del(s->timer);
        rtc_alarm_fire(s);
        return;
    }
    uint64_t delta = s->alarm_ns - now;
    int64_t clk = clock_ns();
    timer_mod(s->timer, delta > (uint64_t)(INT64_MAX - clk) ? INT64_MAX : clk + (int64_t)delta);
}

static void rtc_timer_cb(void *opaque)
{
    GoldfishRTCState *s = opaque;
    if (s->alarm_armed)
        rtc_arm(s);
}

uint64_t goldfish_rtc_read(void *opaque, uint64_t offset, unsigned size)
{
    GoldfishRTCState *s = opaque;
    uint64_t now;
    switch (offset) {
    case RTC_TIME_LOW:
        now = goldfish_rtc_now(s);
        s->time_high_latch = (uint32_t)(now >> 32);
        return (uint32_t)now;
    case RTC_TIME_HIGH:
        return s->time_high_latch;
    case RTC_ALARM_LOW:
        return (uint32_t)s->alarm_ns;
    case RTC_ALARM_HIGH:
        return (uint32_t)(s->alarm_ns >> 32);
    case RTC_IRQ_ENABLED:
        return s->irq_enabled;
    case RTC_ALARM_STATUS:
        return s->alarm_armed;
    default:
        log_mask(LOG_GUEST_ERROR, "goldfish_rtc: read of %u bytes at bad offset %#llx\n",
                 size, (unsigned long long)offset);
        return 0;
    }
}

void goldfish_rtc_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    GoldfishRTCState *s = opaque;
    uint32_t v = (uint32_t)val;
    switch (offset) {
    case RTC_TIME_LOW:      /* setting the time: TIME_HIGH first, then TIME_LOW */
        s->offset_ns = (int64_t)(((uint64_t)s->time_high_write << 32) | v) - rtc_host_ns();
        if (s->alarm_armed)
            rtc_arm(s);
        break;
    case RTC_TIME_HIGH:
        s->time_high_write = v;
        break;
    case RTC_ALARM_LOW:
        s->alarm_ns = ((uint64_t)s->alarm_high << 32) | v;
        s->alarm_armed = true;
        rtc_arm(s);
        break;
    case RTC_ALARM_HIGH:
        s->alarm_high = v;
        break;
    case RTC_IRQ_ENABLED:
        s->irq_enabled = v & 1;
        rtc_update_irq(s);
        break;
    case RTC_CLEAR_ALARM:
        s->alarm_armed = false;
        timer_del(s->timer);
        break;
    case RTC_CLEAR_INTERRUPT:
        s->irq_pending = 0;
        rtc_update_irq(s);
        break;
    default:
        log_mask(LOG_GUEST_ERROR, "goldfish_rtc: write of %u bytes at bad offset %#llx\n",
                 size, (unsigned long long)offset);
        break;
    }
}

static const MemoryRegionOps goldfish_rtc_ops = {
    .read = goldfish_rtc_read,
    .write = goldfish_rtc_write,
    .min_size = 4,
    .max_size = 4,
};

GoldfishRTCState *goldfish_rtc_new(IRQ irq)
{
    GoldfishRTCState *s = trix_malloc0(sizeof(*s));
    s->irq = irq;
    s->timer = timer_new(rtc_timer_cb, s);
    return s;
}

GoldfishRTCState *goldfish_rtc_create(uint64_t base, IRQ irq)
{
    GoldfishRTCState *s = goldfish_rtc_new(irq);
    mem_map_mmio("goldfish_rtc", base, GOLDFISH_RTC_SIZE, &goldfish_rtc_ops, s);
    return s;
}

void goldfish_rtc_fdt(void *fdt, const char *parent_path, uint64_t base, uint32_t intc_phandle,
                      int irq_num)
{
    int n = dt_node_fmt(fdt, dt_path(fdt, parent_path), "rtc@%llx", (unsigned long long)base);
    dt_prop_u32(fdt, n, "interrupts", (uint32_t)irq_num);
    dt_prop_u32(fdt, n, "interrupt-parent", intc_phandle);
    uint64_t reg[2] = { base, GOLDFISH_RTC_SIZE };
    dt_prop_reg2(fdt, n, reg, 1);
    dt_prop_str(fdt, n, "compatible", "google,goldfish-rtc");
}
