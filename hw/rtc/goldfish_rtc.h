/* Goldfish RTC: nanoseconds since the epoch from the host clock, one alarm with an IRQ. */
#ifndef TRIX_HW_GOLDFISH_RTC_H
#define TRIX_HW_GOLDFISH_RTC_H

#include "trix/hw.h"

#define GOLDFISH_RTC_SIZE 0x1000

typedef struct GoldfishRTCState {
    IRQ irq;
    int64_t offset_ns;              /* guest time = host wall clock + offset_ns */
    uint32_t time_high_latch;       /* TIME_HIGH as of the last TIME_LOW read */
    uint32_t time_high_write;       /* staged by a TIME_HIGH write */
    uint32_t alarm_high;
    uint64_t alarm_ns;
    bool alarm_armed;
    uint32_t irq_enabled;
    uint32_t irq_pending;
    HWTimer *timer;
} GoldfishRTCState;

GoldfishRTCState *goldfish_rtc_create(uint64_t base, IRQ irq);
GoldfishRTCState *goldfish_rtc_new(IRQ irq);     /* unmapped (tests) */
uint64_t goldfish_rtc_read(void *opaque, uint64_t offset, unsigned size);
void goldfish_rtc_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);
uint64_t goldfish_rtc_now(GoldfishRTCState *s);  /* guest time in ns */
void goldfish_rtc_fdt(void *fdt, const char *parent_path, uint64_t base, uint32_t intc_phandle,
                      int irq_num);

#endif
