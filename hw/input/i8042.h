/* i8042 keyboard controller at 0x60/0x64: self-test, command byte, output port (A20, reset). */
#ifndef TRIX_HW_I8042_H
#define TRIX_HW_I8042_H
/*
 * Enough for Linux's i8042 driver and its reboot paths: controller commands (0x20/0x60
 * command byte, 0xaa self-test -> 0x55, 0xab/0xa9 interface tests, 0xad/0xae/0xa7/0xa8
 * port disable/enable, 0xd0/0xd1 output port, 0xd2-0xd4 write to the output buffer / aux,
 * 0xdd/0xdf A20, 0xf0-0xff output-port pulse: bit 0 = the reset line) and a keyboard that
 * answers reset (0xff -> 0xfa 0xaa), identify, scan-code set and LED commands with an ACK.
 * No mouse behind the aux port beyond an ACK. Output bytes raise IRQ 1 (or IRQ 12 for aux)
 * when the command byte enables it.
 */
#include "trix/hw.h"

#define I8042_DATA_PORT 0x60
#define I8042_CMD_PORT 0x64

typedef struct I8042State I8042State;

/* Outputs: the keyboard (ISA IRQ 1) and aux (ISA IRQ 12) interrupts, the A20 gate (level =
 * enabled; handler may be NULL) and the reset line (pulsed: level 1; a NULL handler means
 * machine_request_reset()). */
typedef struct I8042Outputs {
    IRQ kbd_irq, aux_irq, a20, reset;
} I8042Outputs;

/* Map ports 0x60 and 0x64. */
I8042State *i8042_create(const I8042Outputs *out);
I8042State *i8042_new(const I8042Outputs *out);     /* unmapped (tests) */
/* Port access by port number (0x60, 0x64), 1 byte. */
uint8_t i8042_port_read(I8042State *s, uint32_t port);
void i8042_port_write(I8042State *s, uint32_t port, uint8_t val);
/* A scan code from a host keyboard (queued, IRQ 1). */
void i8042_put_key(I8042State *s, uint8_t scancode);
/* Machine reset: empty buffers, command byte 0x45 (as after the BIOS), A20 on. */
void i8042_reset(I8042State *s);
bool i8042_a20(I8042State *s);                      /* tests */

#endif
