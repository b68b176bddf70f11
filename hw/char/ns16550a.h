/* NS16550A UART (8250 register set with 16-byte FIFOs) on MMIO with byte-spaced registers. */
#ifndef TRIX_HW_NS16550A_H
#define TRIX_HW_NS16550A_H

#include "trix/hw.h"

#define UART_FIFO_SIZE 16
#define UART_CLOCK_HZ 3686400

typedef struct UARTFifo {
    uint8_t buf[UART_FIFO_SIZE];
    int head, count;
} UARTFifo;

typedef struct NS16550AState {
    CharBackend *chr;
    IRQ irq;
    int irq_level;
    uint8_t ier, lcr, mcr, lsr, msr, scr, fcr;
    uint8_t dll, dlm;
    bool thr_ipending;          /* THRE interrupt raised and not yet acknowledged */
    UARTFifo rx;
} NS16550AState;

/* Map the UART at base (size 0x100) with output to chr (may be NULL) and its interrupt. */
NS16550AState *ns16550a_create(uint64_t base, CharBackend *chr, IRQ irq);
/* Without mapping (unit tests), then the register interface directly. */
void ns16550a_init(NS16550AState *s, CharBackend *chr, IRQ irq);
/* Machine reset: registers to their power-on values, FIFO emptied (backend kept). */
void ns16550a_reset(NS16550AState *s);
uint64_t ns16550a_read(void *opaque, uint64_t offset, unsigned size);
void ns16550a_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);
/* Character frontend side: room for input and input delivery. */
int ns16550a_can_receive(void *opaque);
void ns16550a_receive(void *opaque, const uint8_t *buf, int len);
/* Write its node under parent_path ("/soc"): interrupt-parent is the given phandle. */
void ns16550a_fdt(void *fdt, const char *parent_path, uint64_t base, uint32_t intc_phandle,
                  int irq_num);

#endif
