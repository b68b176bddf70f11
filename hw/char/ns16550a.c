/* NS16550A UART: 8250/16550 registers, 16-byte receive FIFO, interrupt priorities, loopback. */
#include <stdlib.h>
#include "hw/char/ns16550a.h"
#include "hw/core/fdt_util.h"

enum {
    UART_RBR = 0, UART_IER = 1, UART_IIR = 2, UART_LCR = 3,
    UART_MCR = 4, UART_LSR = 5, UART_MSR = 6, UART_SCR = 7,
    UART_NREGS = 8, UART_MMIO_SIZE = 0x100,
};
enum { IER_RDI = 1, IER_THRI = 2, IER_RLSI = 4, IER_MSI = 8 };
enum {
    IIR_NONE = 0x01, IIR_MSI = 0x00, IIR_THRI = 0x02, IIR_RDI = 0x04, IIR_RLSI = 0x06,
    IIR_TIMEOUT = 0x0c, IIR_FIFO_ON = 0xc0,
};
enum { FCR_ENABLE = 1, FCR_CLEAR_RX = 2, FCR_CLEAR_TX = 4, FCR_TRIGGER_SHIFT = 6 };
enum { LCR_DLAB = 0x80 };
enum { MCR_DTR = 1, MCR_RTS = 2, MCR_OUT1 = 4, MCR_OUT2 = 8, MCR_LOOP = 16 };
enum {
    LSR_DR = 1, LSR_OE = 2, LSR_PE = 4, LSR_FE = 8, LSR_BI = 16, LSR_THRE = 32, LSR_TEMT = 64,
    LSR_FIFO_ERR = 128, LSR_ERRORS = LSR_OE | LSR_PE | LSR_FE | LSR_BI | LSR_FIFO_ERR,
};
enum { MSR_DELTAS = 0x0f, MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40, MSR_DCD = 0x80 };

static bool uart_fifo_mode(const NS16550AState *s) { return s->fcr & FCR_ENABLE; }

static int uart_rx_capacity(const NS16550AState *s)
{
    return uart_fifo_mode(s) ? UART_FIFO_SIZE : 1;
}

static int uart_rx_trigger(const NS16550AState *s)
{
    static const int levels[4] = { 1, 4, 8, 14 };
    return uart_fifo_mode(s) ? levels[s->fcr >> FCR_TRIGGER_SHIFT] : 1;
}

/* The highest-priority pending interrupt, as IIR's low nibble. */
static uint8_t uart_iir_source(const NS16550AState *s)
{
    if ((s->ier & IER_RLSI) && (s->lsr & (LSR_OE | LSR_PE | LSR_FE | LSR_BI)))
        return IIR_RLSI;
    if ((s->ier & IER_RDI) && s->rx.count > 0) {
        /* Below the trigger level the FIFO reports a character timeout; the four idle
         * character times are taken as already elapsed. */
        return s->rx.count >= uart_rx_trigger(s) ? IIR_RDI : IIR_TIMEOUT;
    }
    if ((s->ier & IER_THRI) && s->thr_ipending)
        return IIR_THRI;
    if ((s->ier & IER_MSI) && (s->msr & MSR_DELTAS))
        return IIR_MSI;
    return IIR_NONE;
}

static void uart_update_irq(NS16550AState *s)
{
    int level = uart_iir_source(s) != IIR_NONE;
    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set(&s->irq, level);
    }
}

static void uart_rx_clear(NS16550AState *s)
{
    s->rx.head = s->rx.count = 0;
    s->lsr &= ~LSR_DR;
}

static void uart_rx_push(NS16550AState *s, uint8_t c)
{
    if (s->rx.count >= uart_rx_capacity(s)) {
        s->lsr |= LSR_OE;           /* the new character is lost */
        return;
    }
    s->rx.buf[(s->rx.head + s->rx.count) % UART_FIFO_SIZE] = c;
    s->rx.count++;
    s->lsr |= LSR_DR;
}

static uint8_t uart_rx_pop(NS16550AState *s)
{
    if (s->rx.count == 0)
        return 0;
    uint8_t c = s->rx.buf[s->rx.head];
    s->rx.head = (s->rx.head + 1) % UART_FIFO_SIZE;
    if (--s->rx.count == 0)
        s->lsr &= ~LSR_DR;
    return c;
}

/* Modem status inputs: wired back from MCR in loopback, else a connected host. */
static uint8_t uart_modem_inputs(const NS16550AState *s)
{
    if (!(s->mcr & MCR_LOOP))
        return MSR_CTS | MSR_DSR | MSR_DCD;
    uint8_t m = 0;
    if (s->mcr & MCR_RTS) m |= MSR_CTS;
    if (s->mcr & MCR_DTR) m |= MSR_DSR;
    if (s->mcr & MCR_OUT1) m |= MSR_RI;
    if (s->mcr & MCR_OUT2) m |= MSR_DCD;
    return m;
}

/* Latch new modem inputs into MSR, setting the delta bits for changes. */
static void uart_update_msr(NS16550AState *s)
{
    uint8_t now = uart_modem_inputs(s), old = s->msr & 0xf0;
    uint8_t delta = 0;
    if ((now ^ old) & MSR_CTS) delta |= 1;
    if ((now ^ old) & MSR_DSR) delta |= 2;
    if ((old & MSR_RI) && !(now & MSR_RI)) delta |= 4;      /* trailing edge of RI */
    if ((now ^ old) & MSR_DCD) delta |= 8;
    s->msr = now | (s->msr & MSR_DELTAS) | delta;
}

static void uart_transmit(NS16550AState *s, uint8_t c)
{
    if (s->mcr & MCR_LOOP) {
        uart_rx_push(s, c);
    } else if (s->chr) {
        chr_write(s->chr, &c, 1);
    }
    /* Transmission is instantaneous: the holding register is empty again at once. */
    s->lsr |= LSR_THRE | LSR_TEMT;
    s->thr_ipending = true;
}

static uint8_t uart_read_iir(NS16550AState *s)
{
    uint8_t src = uart_iir_source(s);
    if (src == IIR_THRI)
        s->thr_ipending = false;    /* reading IIR acknowledges the THRE interrupt */
    return src | (uart_fifo_mode(s) ? IIR_FIFO_ON : 0);
}

static uint8_t uart_read_reg(NS16550AState *s, unsigned reg)
{
    uint8_t v;
    switch (reg) {
    case UART_RBR:
        if (s->lcr & LCR_DLAB)
            return s->dll;
        v = uart_rx_pop(s);
        if (s->chr && !(s->mcr & MCR_LOOP))
            chr_poll_input(s->chr);
        return v;
    case UART_IER:
        return (s->lcr & LCR_DLAB) ? s->dlm : s->ier;
    case UART_IIR:
        return uart_read_iir(s);
    case UART_LCR:
        return s->lcr;
    case UART_MCR:
        return s->mcr;
    case UART_LSR:
        v = s->lsr;
        s->lsr &= ~LSR_ERRORS;
        return v;
    case UART_MSR:
        v = s->msr;
        s->msr &= ~MSR_DELTAS;
        return v;
    default:
        return s->scr;
    }
}

static void uart_write_fcr(NS16550AState *s, uint8_t v)
{
    if ((v ^ s->fcr) & FCR_ENABLE)
        uart_rx_clear(s);           /* switching FIFO mode resets both FIFOs */
    if (v & FCR_CLEAR_RX)
        uart_rx_clear(s);
    s->fcr = v & (FCR_ENABLE | 0xc0);
}

static void uart_write_ier(NS16550AState *s, uint8_t v)
{
    uint8_t old = s->ier;
    s->ier = v & 0x0f;
    if ((s->ier & IER_THRI) && !(old & IER_THRI) && (s->lsr & LSR_THRE))
        s->thr_ipending = true;     /* enabling THRE with an empty holding register */
}

static void uart_write_reg(NS16550AState *s, unsigned reg, uint8_t v)
{
    switch (reg) {
    case UART_RBR:
        if (s->lcr & LCR_DLAB)
            s->dll = v;
        else
            uart_transmit(s, v);
        break;
    case UART_IER:
        if (s->lcr & LCR_DLAB)
            s->dlm = v;
        else
            uart_write_ier(s, v);
        break;
    case UART_IIR:
        uart_write_fcr(s, v);
        break;
    case UART_LCR:
        s->lcr = v;
        break;
    case UART_MCR:
        s->mcr = v & 0x1f;
        uart_update_msr(s);
        break;
    case UART_LSR:
    case UART_MSR:
        log_mask(LOG_GUEST_ERROR, "ns16550a: write %#x to read-only register %u\n", v, reg);
        break;
    default:
        s->scr = v;
        break;
    }
}

uint64_t ns16550a_read(void *opaque, uint64_t offset, unsigned size)
{
    NS16550AState *s = opaque;
    if (offset >= UART_NREGS) {
        log_mask(LOG_GUEST_ERROR, "ns16550a: read of %u bytes at bad offset %#llx\n",
                 size, (unsigned long long)offset);
        return 0;
    }
    uint8_t v = uart_read_reg(s, (unsigned)offset);
    uart_update_irq(s);
    return v;
}

void ns16550a_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    NS16550AState *s = opaque;
    if (offset >= UART_NREGS) {
        log_mask(LOG_GUEST_ERROR, "ns16550a: write of %u bytes at bad offset %#llx\n",
                 size, (unsigned long long)offset);
        return;
    }
    uart_write_reg(s, (unsigned)offset, (uint8_t)val);
    uart_update_irq(s);
}

int ns16550a_can_receive(void *opaque)
{
    NS16550AState *s = opaque;
    if (s->mcr & MCR_LOOP)
        return 0;                   /* loopback disconnects the serial input */
    return uart_rx_capacity(s) - s->rx.count;
}

void ns16550a_receive(void *opaque, const uint8_t *buf, int len)
{
    NS16550AState *s = opaque;
    for (int i = 0; i < len; i++)
        uart_rx_push(s, buf[i]);
    uart_update_irq(s);
}

static const MemoryRegionOps ns16550a_ops = {
    .read = ns16550a_read,
    .write = ns16550a_write,
    .min_size = 1,
    .max_size = 8,
};

void ns16550a_reset(NS16550AState *s)
{
    CharBackend *chr = s->chr;
    IRQ irq = s->irq;
    int level = s->irq_level;
    *s = (NS16550AState){ .chr = chr, .irq = irq, .irq_level = level };
    s->lsr = LSR_THRE | LSR_TEMT;
    s->msr = uart_modem_inputs(s);
    uart_update_irq(s);
}

void ns16550a_init(NS16550AState *s, CharBackend *chr, IRQ irq)
{
    *s = (NS16550AState){ .chr = chr, .irq = irq };
    ns16550a_reset(s);
    if (chr) {
        CharFrontend fe = {
            .can_receive = ns16550a_can_receive,
            .receive = ns16550a_receive,
            .opaque = s,
        };
        chr_attach(chr, &fe);
    }
}

NS16550AState *ns16550a_create(uint64_t base, CharBackend *chr, IRQ irq)
{
    NS16550AState *s = trix_malloc0(sizeof(*s));
    ns16550a_init(s, chr, irq);
    mem_map_mmio("ns16550a", base, UART_MMIO_SIZE, &ns16550a_ops, s);
    return s;
}

void ns16550a_fdt(void *fdt, const char *parent_path, uint64_t base, uint32_t intc_phandle,
                  int irq_num)
{
    int n = dt_node_fmt(fdt, dt_path(fdt, parent_path), "serial@%llx", (unsigned long long)base);
    uint64_t reg[2] = { base, UART_MMIO_SIZE };
    dt_prop_reg2(fdt, n, reg, 1);
    dt_prop_str(fdt, n, "compatible", "ns16550a");
    dt_prop_u32(fdt, n, "clock-frequency", UART_CLOCK_HZ);
    dt_prop_u32(fdt, n, "interrupt-parent", intc_phandle);
    dt_prop_u32(fdt, n, "interrupts", (uint32_t)irq_num);
}
