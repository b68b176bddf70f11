/* The 8254 PIT (1.193182 MHz, ports 0x40-0x43) and port 0x61 (channel 2 gate, OUT2, speaker). */
#ifndef TRIX_HW_I8254_H
#define TRIX_HW_I8254_H
/*
 * Three channels in modes 0-5, binary or BCD, LSB/MSB/word access, counter latch and
 * read-back. Channel 0's output is ISA IRQ 0 (`irq`, edge on its rising edge); channel 1
 * is the refresh timer (only counted); channel 2's gate is port 0x61 bit 0 and its output
 * reads back as port 0x61 bit 5 (Linux calibrates the TSC with it). Time is the virtual
 * clock: counts are computed from clock_ns(), channel 0 interrupts from timers.
 */
#include "trix/hw.h"

#define I8254_PORT 0x40
#define I8254_PORT61 0x61
#define I8254_HZ 1193182ull

typedef struct I8254State I8254State;

/* Map ports 0x40-0x43 and 0x61; irq is channel 0's output (ISA IRQ 0). */
I8254State *i8254_create(IRQ irq);
/* The same without port 0x61 (QEMU's microvm has no speaker port: Linux then reads 0xff). */
I8254State *i8254_create_no_port61(IRQ irq);
I8254State *i8254_new(IRQ irq);                     /* unmapped (tests) */
/* Port access by port number (0x40..0x43, 0x61), 1 byte. */
uint8_t i8254_port_read(I8254State *s, uint32_t port);
void i8254_port_write(I8254State *s, uint32_t port, uint8_t val);
/* Machine reset: every channel unprogrammed (output low, no interrupts), gate 2 low. */
void i8254_reset(I8254State *s);
/* A channel's output level now (tests). */
int i8254_out(I8254State *s, int ch);

#endif
