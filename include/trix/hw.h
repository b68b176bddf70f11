/* Device plumbing: IRQ lines, the device-tree builder hook, character backends, the clock. */
#ifndef TRIX_HW_H
#define TRIX_HW_H

#include "trix/common.h"
#include "trix/memory.h"

/* An interrupt line: the source calls irq_set(); the sink's handler gets (opaque, n, level). */
typedef struct IRQ {
    void (*handler)(void *opaque, int n, int level);
    void *opaque;
    int n;
} IRQ;
static inline void irq_set(IRQ *irq, int level)
{
    if (irq && irq->handler)
        irq->handler(irq->opaque, irq->n, level);
}
static inline IRQ irq_make(void (*h)(void *, int, int), void *opaque, int n)
{
    return (IRQ){ h, opaque, n };
}

/* The device lock: vCPUs hold it while touching devices; the I/O thread holds it while it
 * delivers input or timer events into devices. */
void hw_lock(void);
void hw_unlock(void);

/* Virtual clock in nanoseconds (host monotonic time while running; frozen when stopped). */
int64_t clock_ns(void);
/* Wall-clock time for RTCs, ns since the epoch, as -rtc base=...,clock=host|rt|vm says. */
int64_t clock_rtc_ns(void);
/* One-shot timers on the virtual clock, run by the I/O thread (under hw_lock) or by the vCPU
 * loop when it is about to sleep. */
typedef struct HWTimer HWTimer;
HWTimer *timer_new(void (*cb)(void *opaque), void *opaque);
void timer_mod(HWTimer *t, int64_t expire_ns);      /* absolute clock_ns() time */
void timer_del(HWTimer *t);
int64_t timer_next_deadline(void);                  /* INT64_MAX when none */
void timer_run_expired(void);

/* Interrupts that follow a timer event are taken only once the guest could have seen the
 * event's time: a vCPU that read the time just before (and was then descheduled by the
 * vCPU loop or the host while the deadline passed) first runs on to its next time read.
 * Targets call cpu_time_seen() before computing the value of a guest time read. */
struct CPUState;
void cpu_time_seen(struct CPUState *cpu);
bool cpu_irq_wait(struct CPUState *cpu);            /* exec.c, before taking interrupts */

/* Character backends (-serial stdio|file:|pty|null|tcp:|unix:). A device registers a
 * receive callback; the backend calls it (under hw_lock) with input bytes, after asking
 * `can_receive` how many it can take. */
typedef struct CharBackend CharBackend;
typedef struct CharFrontend {
    int (*can_receive)(void *opaque);
    void (*receive)(void *opaque, const uint8_t *buf, int len);
    void *opaque;
    void (*connected)(void *opaque);    /* optional: a client connected (sockets), or attach */
} CharFrontend;
CharBackend *chr_open(const char *spec);            /* fatal with a clear message on error */
void chr_attach(CharBackend *c, const CharFrontend *fe);
void chr_write(CharBackend *c, const uint8_t *buf, int len);
void chr_poll_input(CharBackend *c);                /* re-offer buffered input */
/* mon:stdio only: fe gets the input while C-a c has switched to the monitor. */
bool chr_attach_mux_monitor(CharBackend *c, const CharFrontend *fe);
/* The -chardev with id=ID (opened on first use; src/chardev_id.c), or NULL if none. */
CharBackend *chr_by_id(const char *id);
void chr_ids_check(void);       /* start-up: each -chardev is valid, ids unique (fatal if not) */

#endif
