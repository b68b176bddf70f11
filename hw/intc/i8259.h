/* The 8259A PIC pair (master 0x20, slave 0xa0 on IRQ 2) and the ELCR at 0x4d0/0x4d1. */
#ifndef TRIX_HW_I8259_H
#define TRIX_HW_I8259_H
/*
 * ICW1-4 initialisation, OCW1 mask, OCW2 (non-specific/specific EOI, rotation), OCW3
 * (IRR/ISR read, poll, special mask), auto-EOI, edge or level (ELCR) inputs. The master's
 * INT output drives `intr` (a board: the BSP's LINT0, apic_lint(bsp, 0)); the CPU's INTA
 * comes back through i8259_inta (give it to apic_bus_set_extint).
 */
#include "trix/hw.h"

#define I8259_MASTER_PORT 0x20
#define I8259_SLAVE_PORT 0xa0
#define I8259_ELCR_PORT 0x4d0

typedef struct I8259State I8259State;

/* Both chips with their ports (0x20-0x21, 0xa0-0xa1, 0x4d0-0x4d1) mapped. */
I8259State *i8259_create(IRQ intr);
I8259State *i8259_new(IRQ intr);                    /* unmapped (tests) */
/* ISA IRQ n (0..15) input line; n = 2 is the cascade and ignored as an input. */
IRQ i8259_input(I8259State *s, int n);
/* INTA: the vector of the highest-priority request (spurious IRQ 7/15 if none). */
int i8259_inta(void *opaque);
/* Port access with the port number (0x20, 0x21, 0xa0, 0xa1, 0x4d0, 0x4d1), 1 byte. */
uint8_t i8259_port_read(I8259State *s, uint32_t port);
void i8259_port_write(I8259State *s, uint32_t port, uint8_t val);
/* Machine reset: both chips as after power-on (IMR 0, no requests, not initialised),
 * ELCR back to what i8259_set_elcr last set. */
void i8259_reset(I8259State *s);
/* ELCR bits the board sets (edge 0 / level 1 per IRQ; 0, 1, 2, 8, 13 stay edge). */
void i8259_set_elcr(I8259State *s, uint16_t elcr);
/* Whether the master's INT output is asserted (tests). */
bool i8259_intr_level(I8259State *s);

#endif
