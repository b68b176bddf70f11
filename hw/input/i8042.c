/* i8042 keyboard controller: commands, command byte, output port (A20, reset), a minimal keyboard. */
#include "hw/input/i8042.h"
#include "trix/ioport.h"
#include "trix/machine.h"

enum { ST_OBF = 0x01, ST_SYS = 0x04, ST_CMD = 0x08, ST_UNLOCKED = 0x10, ST_AUX_OBF = 0x20 };
enum { CTR_KBD_INT = 0x01, CTR_AUX_INT = 0x02, CTR_SYS = 0x04, CTR_KBD_OFF = 0x10,
       CTR_AUX_OFF = 0x20 };
enum { OUT_RESET = 0x01, OUT_A20 = 0x02 };
#define I8042_QUEUE 16

struct I8042State {
    I8042Outputs out;
    uint8_t ctr, outport, status_sys;
    uint8_t queue[I8042_QUEUE];
    bool queue_aux[I8042_QUEUE];
    int head, count;
    int pending_cmd;                    /* controller command waiting for its data byte, or 0 */
    int kbd_cmd;                        /* keyboard command waiting for its argument, or 0 */
    bool last_was_cmd;
    int kbd_level, aux_level;
};

static void i8042_update(I8042State *s)
{
    bool any = s->count > 0, aux = any && s->queue_aux[s->head];
    int kbd = any && !aux && (s->ctr & CTR_KBD_INT);
    int auxl = any && aux && (s->ctr & CTR_AUX_INT);
    if (kbd != s->kbd_level)
        irq_set(&s->out.kbd_irq, s->kbd_level = kbd);
    if (auxl != s->aux_level)
        irq_set(&s->out.aux_irq, s->aux_level = auxl);
}

static void i8042_push(I8042State *s, uint8_t byte, bool aux)
{
    if (s->count == I8042_QUEUE)
        return;                         /* overrun: the byte is lost, as on hardware */
    int tail = (s->head + s->count) % I8042_QUEUE;
    s->queue[tail] = byte;
    s->queue_aux[tail] = aux;
    s->count++;
    i8042_update(s);
}

void i8042_put_key(I8042State *s, uint8_t scancode)
{
    if (!(s->ctr & CTR_KBD_OFF))
        i8042_push(s, scancode, false);
}

static void i8042_set_outport(I8042State *s, uint8_t val)
{
    uint8_t old = s->outport;
    s->outport = val;
    if ((old ^ val) & OUT_A20)
        irq_set(&s->out.a20, (val & OUT_A20) != 0);
    if (!(val & OUT_RESET)) {
        s->outport |= OUT_RESET;        /* the reset line is released after the pulse */
        if (s->out.reset.handler)
            irq_set(&s->out.reset, 1);
        else
            machine_request_reset();
    }
}

/* A byte the guest sent to the keyboard (port 0x60 outside a controller command). */
static void i8042_kbd_write(I8042State *s, uint8_t val)
{
    if (s->kbd_cmd) {
        int cmd = s->kbd_cmd;
        s->kbd_cmd = 0;
        i8042_push(s, 0xfa, false);
        if (cmd == 0xf0 && val == 0)
            i8042_push(s, 0x02, false); /* the current scan-code set */
        return;
    }
    switch (val) {
    case 0xff:                          /* reset: ACK, then self-test passed */
        i8042_push(s, 0xfa, false);
        i8042_push(s, 0xaa, false);
        break;
    case 0xf2:                          /* identify: an MF2 keyboard */
        i8042_push(s, 0xfa, false);
        i8042_push(s, 0xab, false);
        i8042_push(s, 0x83, false);
        break;
    case 0xee:
        i8042_push(s, 0xee, false);     /* echo */
        break;
    case 0xed: case 0xf0: case 0xf3:    /* LEDs, scan-code set, typematic: an argument next */
        s->kbd_cmd = val;
        i8042_push(s, 0xfa, false);
        break;
    case 0xf4: case 0xf5: case 0xf6: case 0xf7: case 0xf8: case 0xf9: case 0xfa: case 0xfb:
    case 0xfc: case 0xfd:
        i8042_push(s, 0xfa, false);
        break;
    default:
        i8042_push(s, 0xfe, false);     /* resend: not a command we know */
        break;
    }
}

/* A byte for the aux device (command 0xd4): an ACK, reset and identify answered. */
static void i8042_aux_write(I8042State *s, uint8_t val)
{
    i8042_push(s, 0xfa, true);
    if (val == 0xff) {
        i8042_push(s, 0xaa, true);
        i8042_push(s, 0x00, true);
    } else if (val == 0xf2) {
        i8042_push(s, 0x00, true);
    }
}

static void i8042_command(I8042State *s, uint8_t cmd)
{
    switch (cmd) {
    case 0x20: i8042_push(s, s->ctr, false); break;
    case 0x60: case 0xd1: case 0xd2: case 0xd3: case 0xd4: s->pending_cmd = cmd; break;
    case 0xa7: s->ctr |= CTR_AUX_OFF; break;
    case 0xa8: s->ctr &= ~CTR_AUX_OFF; break;
    case 0xa9: i8042_push(s, 0x00, false); break;      /* aux interface test: OK */
    case 0xaa:                                          /* controller self-test */
        s->status_sys = ST_SYS;
        i8042_push(s, 0x55, false);
        break;
    case 0xab: i8042_push(s, 0x00, false); break;      /* keyboard interface test: OK */
    case 0xad: s->ctr |= CTR_KBD_OFF; break;
    case 0xae: s->ctr &= ~CTR_KBD_OFF; break;
    case 0xc0: i8042_push(s, 0x80, false); break;      /* input port: not inhibited */
    case 0xd0: {
        uint8_t v = s->outport;
        if (s->count && !s->queue_aux[s->head])
            v |= 0x10;
        if (s->count && s->queue_aux[s->head])
            v |= 0x20;
        i8042_push(s, v, false);
        break;
    }
    case 0xdd: i8042_set_outport(s, s->outport & ~OUT_A20); break;
    case 0xdf: i8042_set_outport(s, s->outport | OUT_A20); break;
    default:
        if (cmd >= 0xf0) {
            /* pulse the output-port bits whose command bit is 0: bit 0 is the reset line */
            if (!(cmd & 1))
                i8042_set_outport(s, s->outport & ~OUT_RESET);
        } else if (cmd > 0x20 && cmd < 0x40) {
            i8042_push(s, 0, false);                    /* controller RAM: not kept */
        } else if (!(cmd > 0x60 && cmd < 0x80)) {
            log_mask(LOG_UNIMP, "i8042: command %#x\n", cmd);
        }
        break;
    }
    i8042_update(s);
}

static void i8042_data(I8042State *s, uint8_t val)
{
    int cmd = s->pending_cmd;
    s->pending_cmd = 0;
    switch (cmd) {
    case 0x60:
        s->ctr = val;
        s->status_sys = val & CTR_SYS ? ST_SYS : 0;
        break;
    case 0xd1: i8042_set_outport(s, val); break;
    case 0xd2: i8042_push(s, val, false); break;
    case 0xd3: i8042_push(s, val, true); break;
    case 0xd4: i8042_aux_write(s, val); break;
    default:
        s->ctr &= ~CTR_KBD_OFF;         /* writing to the keyboard enables its interface */
        i8042_kbd_write(s, val);
        break;
    }
    i8042_update(s);
}

uint8_t i8042_port_read(I8042State *s, uint32_t port)
{
    if (port == I8042_CMD_PORT) {
        uint8_t st = s->status_sys | ST_UNLOCKED | (s->last_was_cmd ? ST_CMD : 0);
        if (s->count)
            st |= ST_OBF | (s->queue_aux[s->head] ? ST_AUX_OBF : 0);
        return st;
    }
    if (port != I8042_DATA_PORT) {
        log_mask(LOG_GUEST_ERROR, "i8042: read of port %#x\n", port);
        return 0xff;
    }
    if (!s->count)
        return s->queue[(s->head + I8042_QUEUE - 1) % I8042_QUEUE];   /* the last byte again */
    uint8_t v = s->queue[s->head];
    s->head = (s->head + 1) % I8042_QUEUE;
    s->count--;
    i8042_update(s);
    return v;
}

void i8042_port_write(I8042State *s, uint32_t port, uint8_t val)
{
    if (port == I8042_CMD_PORT) {
        s->last_was_cmd = true;
        s->pending_cmd = 0;
        i8042_command(s, val);
    } else if (port == I8042_DATA_PORT) {
        s->last_was_cmd = false;
        i8042_data(s, val);
    } else {
        log_mask(LOG_GUEST_ERROR, "i8042: write of %#x to port %#x\n", val, port);
    }
}

static uint64_t i8042_data_read(void *opaque, uint64_t offset, unsigned size)
{
    return i8042_port_read(opaque, I8042_DATA_PORT);
}

static void i8042_data_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    i8042_port_write(opaque, I8042_DATA_PORT, (uint8_t)val);
}

static uint64_t i8042_cmd_read(void *opaque, uint64_t offset, unsigned size)
{
    return i8042_port_read(opaque, I8042_CMD_PORT);
}

static void i8042_cmd_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    i8042_port_write(opaque, I8042_CMD_PORT, (uint8_t)val);
}

static const MemoryRegionOps i8042_data_ops = {
    .read = i8042_data_read, .write = i8042_data_write, .min_size = 1, .max_size = 1,
};
static const MemoryRegionOps i8042_cmd_ops = {
    .read = i8042_cmd_read, .write = i8042_cmd_write, .min_size = 1, .max_size = 1,
};

void i8042_reset(I8042State *s)
{
    s->head = s->count = 0;
    s->pending_cmd = s->kbd_cmd = 0;
    s->ctr = 0x45;                      /* translate, system flag, keyboard interrupt */
    s->status_sys = ST_SYS;
    s->last_was_cmd = false;
    if (!(s->outport & OUT_A20))
        irq_set(&s->out.a20, 1);
    s->outport = OUT_RESET | OUT_A20;
    i8042_update(s);
}

bool i8042_a20(I8042State *s) { return s->outport & OUT_A20; }

I8042State *i8042_new(const I8042Outputs *out)
{
    I8042State *s = trix_malloc0(sizeof(*s));
    if (out)
        s->out = *out;
    s->outport = OUT_RESET | OUT_A20;
    i8042_reset(s);
    return s;
}

I8042State *i8042_create(const I8042Outputs *out)
{
    I8042State *s = i8042_new(out);
    /* two one-port regions: 0x61-0x63 between them belong to the PIT's port 0x61 */
    io_map("i8042-data", I8042_DATA_PORT, 1, &i8042_data_ops, s);
    io_map("i8042-cmd", I8042_CMD_PORT, 1, &i8042_cmd_ops, s);
    return s;
}
