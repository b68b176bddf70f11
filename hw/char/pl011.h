/* Arm PL011 UART (PrimeCell): 32-entry RX FIFO, instant TX, masked interrupt, ID registers. */
#ifndef TRIX_HW_PL011_H
#define TRIX_HW_PL011_H

#include "trix/hw.h"

#define PL011_FIFO_SIZE 32

typedef struct PL011State {
    CharBackend *chr;
    IRQ irq;
    int irq_level;
    uint32_t cr, lcr_h, ibrd, fbrd, ifls, imsc, ris, dmacr, ilpr;
    uint8_t rx[PL011_FIFO_SIZE];
    int rx_head, rx_count;
} PL011State;

PL011State *pl011_create(uint64_t base, CharBackend *chr, IRQ irq);
void pl011_init(PL011State *s, CharBackend *chr, IRQ irq);     /* unmapped (tests) */
void pl011_reset(PL011State *s);
uint64_t pl011_read(void *opaque, uint64_t offset, unsigned size);
void pl011_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);
int pl011_can_receive(void *opaque);
void pl011_receive(void *opaque, const uint8_t *buf, int len);

#endif
