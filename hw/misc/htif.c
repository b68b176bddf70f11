/* HTIF: guest writes to tohost run a command (exit, console, syscall proxy); replies in fromhost. */
#include <errno.h>
#include "hw/misc/htif.h"
#include "hw/core/fdt_util.h"
#include "trix/machine.h"

/* Offsets in the device's combined view: two 8-byte words. */
enum { HTIF_TOHOST = 0, HTIF_FROMHOST = 8 };
enum { HTIF_DEV_SYSTEM = 0, HTIF_DEV_CONSOLE = 1 };
enum { HTIF_CONSOLE_GETC = 0, HTIF_CONSOLE_PUTC = 1 };
enum { HTIF_SYS_WRITE = 64, HTIF_SYS_EXIT = 93 };
#define HTIF_PAYLOAD_MASK ((1ull << 48) - 1)

static uint64_t htif_reply(unsigned dev, unsigned cmd, uint64_t data)
{
    return ((uint64_t)dev << 56) | ((uint64_t)cmd << 48) | (data & HTIF_PAYLOAD_MASK);
}

static void htif_out(HTIFState *s, const uint8_t *buf, int len)
{
    if (s->chr)
        chr_write(s->chr, buf, len);    /* no console (-serial none): dropped, like a UART */
}

/* sys_write(fd, buf, len) from a proxied syscall: console output for fd 1 and 2. */
static int64_t htif_sys_write(HTIFState *s, uint64_t fd, uint64_t addr, uint64_t len)
{
    if (fd != 1 && fd != 2)
        return -EBADF;
    uint8_t chunk[256];
    for (uint64_t done = 0; done < len;) {
        int n = len - done > sizeof(chunk) ? (int)sizeof(chunk) : (int)(len - done);
        if (!phys_read(addr + done, chunk, n))
            return done ? (int64_t)done : -EFAULT;
        htif_out(s, chunk, n);
        done += n;
    }
    return (int64_t)len;
}

/* The riscv-tests syscall proxy: payload points at magic_mem[8] = { number, args... }. */
static void htif_syscall(HTIFState *s, uint64_t addr)
{
    uint64_t m[8];
    if (!phys_read(addr, m, sizeof(m))) {
        log_mask(LOG_GUEST_ERROR, "htif: syscall block at bad address %#llx\n",
                 (unsigned long long)addr);
        return;
    }
    int64_t ret;
    if (m[0] == HTIF_SYS_WRITE) {
        ret = htif_sys_write(s, m[1], m[2], m[3]);
    } else if (m[0] == HTIF_SYS_EXIT) {
        machine_guest_shutdown((int)m[1]);
        return;
    } else {
        log_mask(LOG_UNIMP, "htif: unimplemented proxied syscall %llu\n",
                 (unsigned long long)m[0]);
        ret = -ENOSYS;
    }
    uint64_t r = (uint64_t)ret;
    phys_write(addr, &r, sizeof(r));
    s->fromhost = 1;
}

static void htif_system(HTIFState *s, unsigned cmd, uint64_t payload)
{
    if (cmd != 0) {
        log_mask(LOG_UNIMP, "htif: system device command %u\n", cmd);
    } else if (payload & 1) {
        machine_guest_shutdown((int)(payload >> 1));
    } else {
        htif_syscall(s, payload);
    }
}

static void htif_console(HTIFState *s, unsigned cmd, uint64_t payload)
{
    if (cmd == HTIF_CONSOLE_PUTC) {
        uint8_t c = (uint8_t)payload;
        htif_out(s, &c, 1);
        s->fromhost = htif_reply(HTIF_DEV_CONSOLE, HTIF_CONSOLE_PUTC, 0);
    } else if (cmd == HTIF_CONSOLE_GETC) {
        s->read_pending = true;     /* answered when input arrives (htif_receive) */
        if (s->chr)
            chr_poll_input(s->chr);
    } else {
        log_mask(LOG_UNIMP, "htif: console command %u\n", cmd);
    }
}

static void htif_command(HTIFState *s)
{
    uint64_t v = s->tohost;
    s->tohost = 0;                  /* taken: the guest may post the next command */
    unsigned dev = v >> 56, cmd = (v >> 48) & 0xff;
    uint64_t payload = v & HTIF_PAYLOAD_MASK;
    if (dev == HTIF_DEV_SYSTEM)
        htif_system(s, cmd, payload);
    else if (dev == HTIF_DEV_CONSOLE)
        htif_console(s, cmd, payload);
    else
        log_mask(LOG_UNIMP, "htif: unknown device %u (command %u)\n", dev, cmd);
}

static uint64_t htif_merge(uint64_t old, unsigned sub, uint64_t val, unsigned size)
{
    if (size == 8)
        return val;
    uint64_t mask = (size == 4 ? 0xffffffffull : (1ull << (8 * size)) - 1) << (8 * sub);
    return (old & ~mask) | ((val << (8 * sub)) & mask);
}

uint64_t htif_read(void *opaque, uint64_t offset, unsigned size)
{
    HTIFState *s = opaque;
    uint64_t word = offset < HTIF_FROMHOST ? s->tohost : s->fromhost;
    unsigned sub = offset & 7;
    if (sub + size > 8)
        return 0;
    return size == 8 ? word : (word >> (8 * sub)) & ((1ull << (8 * size)) - 1);
}

static int htif_can_receive(void *opaque)
{
    HTIFState *s = opaque;
    return s->read_pending && s->fromhost == 0;
}

static void htif_receive(void *opaque, const uint8_t *buf, int len)
{
    HTIFState *s = opaque;
    if (len > 0 && htif_can_receive(s)) {
        s->read_pending = false;
        s->fromhost = htif_reply(HTIF_DEV_CONSOLE, HTIF_CONSOLE_GETC, 0x100 | buf[0]);
    }
}

void htif_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    HTIFState *s = opaque;
    unsigned sub = offset & 7;
    if (sub + size > 8) {
        log_mask(LOG_GUEST_ERROR, "htif: write of %u bytes at bad offset %#llx\n",
                 size, (unsigned long long)offset);
        return;
    }
    if (offset >= HTIF_FROMHOST) {
        s->fromhost = htif_merge(s->fromhost, sub, val, size);
        if (s->fromhost == 0 && s->read_pending && s->chr)
            chr_poll_input(s->chr);
        return;
    }
    s->tohost = htif_merge(s->tohost, sub, val, size);
    /* A command is complete once its upper word is written (RV32 stores low, then high). */
    if (sub + size == 8 && s->tohost != 0)
        htif_command(s);
}

static uint64_t htif_read_to(void *o, uint64_t off, unsigned size)
{
    return htif_read(o, HTIF_TOHOST + off, size);
}
static void htif_write_to(void *o, uint64_t off, uint64_t v, unsigned size)
{
    htif_write(o, HTIF_TOHOST + off, v, size);
}
static uint64_t htif_read_from(void *o, uint64_t off, unsigned size)
{
    return htif_read(o, HTIF_FROMHOST + off, size);
}
static void htif_write_from(void *o, uint64_t off, uint64_t v, unsigned size)
{
    htif_write(o, HTIF_FROMHOST + off, v, size);
}

static const MemoryRegionOps htif_tohost_ops = {
    .read = htif_read_to, .write = htif_write_to, .min_size = 1, .max_size = 8,
};
static const MemoryRegionOps htif_fromhost_ops = {
    .read = htif_read_from, .write = htif_write_from, .min_size = 1, .max_size = 8,
};

HTIFState *htif_new(uint64_t tohost_addr, uint64_t fromhost_addr, CharBackend *chr)
{
    HTIFState *s = trix_malloc0(sizeof(*s));
    s->tohost_addr = tohost_addr;
    s->fromhost_addr = fromhost_addr;
    s->chr = chr;
    if (chr) {
        CharFrontend fe = { .can_receive = htif_can_receive, .receive = htif_receive,
                            .opaque = s };
        chr_attach(chr, &fe);
    }
    return s;
}

HTIFState *htif_create(uint64_t tohost_addr, uint64_t fromhost_addr, CharBackend *chr)
{
    HTIFState *s = htif_new(tohost_addr, fromhost_addr, chr);
    mem_map_mmio("htif.tohost", tohost_addr, 8, &htif_tohost_ops, s);
    mem_map_mmio("htif.fromhost", fromhost_addr, 8, &htif_fromhost_ops, s);
    return s;
}

void htif_fdt(void *fdt, const HTIFState *s, bool with_reg)
{
    int n = dt_node(fdt, 0, "htif");
    dt_prop_str(fdt, n, "compatible", "ucb,htif0");
    if (with_reg) {
        uint64_t reg[4] = { s->fromhost_addr, 8, s->tohost_addr, 8 };
        dt_prop_reg2(fdt, n, reg, 2);
    }
}
