/* Arm PL011 UART: data/flag registers, RX FIFO, interrupt mask/raw/clear, PrimeCell IDs. */
#include "hw/char/pl011.h"
#include "hw/core/primecell.h"

enum {
    UARTDR = 0x000, UARTRSR = 0x004, UARTFR = 0x018, UARTILPR = 0x020, UARTIBRD = 0x024,
    UARTFBRD = 0x028, UARTLCR_H = 0x02c, UARTCR = 0x030, UARTIFLS = 0x034, UARTIMSC = 0x038,
    UARTRIS = 0x03c, UARTMIS = 0x040, UARTICR = 0x044, UARTDMACR = 0x048,
};
enum { FR_BUSY = 1 << 3, FR_RXFE = 1 << 4, FR_TXFF = 1 << 5, FR_RXFF = 1 << 6, FR_TXFE = 1 << 7 };
enum { INT_RX = 1 << 4, INT_TX = 1 << 5, INT_RT = 1 << 6, INT_ALL = 0x7ff };
#define LCR_FEN (1u << 4)
#define CR_LBE (1u << 7)

static const uint8_t pl011_id[4] = { 0x11, 0x10, 0x14, 0x00 };

static int pl011_depth(PL011State *s)
{
    return (s->lcr_h & LCR_FEN) ? PL011_FIFO_SIZE : 1;
}

static void pl011_update(PL011State *s)
{
    /* RX and receive-timeout are level: raised while the FIFO holds data. */
    uint32_t ris = s->ris & ~(uint32_t)(INT_RX | INT_RT);
    if (s->rx_count)
        ris |= INT_RX | INT_RT;
    s->ris = ris;
    int level = (s->ris & s->imsc) != 0;
    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set(&s->irq, level);
    }
}

static void pl011_rx_push(PL011State *s, uint8_t c)
{
    if (s->rx_count >= pl011_depth(s))
        return;                         /* overrun: dropped */
    s->rx[(s->rx_head + s->rx_count) % PL011_FIFO_SIZE] = c;
    s->rx_count++;
}

static uint32_t pl011_rx_pop(PL011State *s)
{
    if (!s->rx_count)
        return 0;
    uint8_t c = s->rx[s->rx_head];
    s->rx_head = (s->rx_head + 1) % PL011_FIFO_SIZE;
    s->rx_count--;
    return c;
}

uint64_t pl011_read(void *opaque, uint64_t off, unsigned size)
{
    PL011State *s = opaque;
    uint32_t v;
    switch (off) {
    case UARTDR:
        v = pl011_rx_pop(s);
        pl011_update(s);
        if (s->chr)
            chr_poll_input(s->chr);
        return v;
    case UARTRSR: return 0;
    case UARTFR:
        return FR_TXFE | (s->rx_count ? 0 : FR_RXFE) |
               (s->rx_count >= pl011_depth(s) ? FR_RXFF : 0);
    case UARTILPR: return s->ilpr;
    case UARTIBRD: return s->ibrd;
    case UARTFBRD: return s->fbrd;
    case UARTLCR_H: return s->lcr_h;
    case UARTCR: return s->cr;
    case UARTIFLS: return s->ifls;
    case UARTIMSC: return s->imsc;
    case UARTRIS: return s->ris;
    case UARTMIS: return s->ris & s->imsc;
    case UARTDMACR: return s->dmacr;
    default: return primecell_id_read(pl011_id, off);
    }
}

static void pl011_transmit(PL011State *s, uint8_t c)
{
    if (s->cr & CR_LBE)
        pl011_rx_push(s, c);
    else if (s->chr)
        chr_write(s->chr, &c, 1);
    s->ris |= INT_TX;                   /* the FIFO drained at once */
}

void pl011_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    PL011State *s = opaque;
    uint32_t v = (uint32_t)val;
    switch (off) {
    case UARTDR: pl011_transmit(s, (uint8_t)v); break;
    case UARTRSR: break;
    case UARTILPR: s->ilpr = v & 0xff; break;
    case UARTIBRD: s->ibrd = v & 0xffff; break;
    case UARTFBRD: s->fbrd = v & 0x3f; break;
    case UARTLCR_H:
        if ((v ^ s->lcr_h) & LCR_FEN)
            s->rx_count = 0;            /* changing FEN flushes the FIFO */
        s->lcr_h = v & 0xff;
        break;
    case UARTCR: s->cr = v & 0xff87; break;
    case UARTIFLS: s->ifls = v & 0x3f; break;
    case UARTIMSC: s->imsc = v & INT_ALL; break;
    case UARTICR: s->ris &= ~v; break;
    case UARTDMACR: s->dmacr = v & 7; break;
    default: return;
    }
    pl011_update(s);
}

int pl011_can_receive(void *opaque)
{
    PL011State *s = opaque;
    return pl011_depth(s) - s->rx_count;
}

void pl011_receive(void *opaque, const uint8_t *buf, int len)
{
    PL011State *s = opaque;
    for (int i = 0; i < len; i++)
        pl011_rx_push(s, buf[i]);
    pl011_update(s);
}

void pl011_reset(PL011State *s)
{
    s->cr = 0x300;                      /* TXE, RXE */
    s->lcr_h = s->ibrd = s->fbrd = s->imsc = s->ris = s->dmacr = s->ilpr = 0;
    s->ifls = 0x12;
    s->rx_head = s->rx_count = 0;
    pl011_update(s);
}

static const MemoryRegionOps pl011_ops = {
    .read = pl011_read, .write = pl011_write, .min_size = 1, .max_size = 4,
};

void pl011_init(PL011State *s, CharBackend *chr, IRQ irq)
{
    *s = (PL011State){ .chr = chr, .irq = irq };
    pl011_reset(s);
    if (chr) {
        CharFrontend fe = { .can_receive = pl011_can_receive, .receive = pl011_receive,
                            .opaque = s };
        chr_attach(chr, &fe);
    }
}

PL011State *pl011_create(uint64_t base, CharBackend *chr, IRQ irq)
{
    PL011State *s = trix_malloc0(sizeof(*s));
    pl011_init(s, chr, irq);
    mem_map_mmio("pl011", base, PRIMECELL_SIZE, &pl011_ops, s);
    return s;
}
