/* gdb remote protocol framing: $payload#xx with checksums, +/- acks, 0x03 interrupts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "gdb_int.h"

void gdb_write(GdbStub *g, const void *buf, size_t len)
{
    if (g->chr) {
        chr_write(g->chr, buf, (int)len);
        return;
    }
    const char *p = buf;
    while (len > 0 && g->fd >= 0) {
        ssize_t n = write(g->fd, p, len);
        if (n <= 0)
            return;             /* the client is gone: the read side notices */
        p += n;
        len -= (size_t)n;
    }
}

int gdb_hexval(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void gdb_hex(char *out, const uint8_t *p, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hx[p[i] >> 4];
        out[2 * i + 1] = hx[p[i] & 15];
    }
    out[2 * n] = 0;
}

bool gdb_unhex(uint8_t *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = gdb_hexval((uint8_t)s[2 * i]), lo = hi < 0 ? -1 : gdb_hexval((uint8_t)s[2 * i + 1]);
        if (lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

/* strtoull, but only hex digits (no sign, no spaces, no 0x) and no overflow. */
static bool gdb_hex_num(const char *s, uint64_t *v, const char **end)
{
    uint64_t x = 0;
    const char *p = s;
    for (int h; (h = gdb_hexval((uint8_t)*p)) >= 0; p++) {
        if (x >> 60)
            return false;
        x = x << 4 | (uint64_t)h;
    }
    *v = x;
    *end = p;
    return p != s;
}

bool gdb_addr_len(const char *s, uint64_t *addr, uint64_t *len, const char **rest)
{
    const char *end;
    if (!gdb_hex_num(s, addr, &end) || *end != ',')
        return false;
    return gdb_hex_num(end + 1, len, rest);
}

static void gdb_ack(GdbStub *g, char c)
{
    if (!g->no_ack)
        gdb_write(g, &c, 1);
}

static void gdb_rx_done(GdbStub *g)
{
    g->rx = GDB_RX_IDLE;
    if (g->overflow || g->sum != g->csum) {
        gdb_ack(g, '-');
        return;
    }
    gdb_ack(g, '+');
    g->buf[g->len] = 0;
    gdb_handle_packet(g, g->buf, g->len);
}

static void gdb_rx_idle(GdbStub *g, uint8_t c)
{
    if (c == 0x03) {
        gdb_interrupt(g);
    } else if (c == '$') {
        g->rx = GDB_RX_DATA;
        g->len = 0;
        g->sum = 0;
        g->overflow = false;
    }
    /* '+', '-' and garbage between packets are ignored (we never resend). */
}

static void gdb_rx_byte(GdbStub *g, uint8_t c)
{
    int h;
    switch (g->rx) {
    case GDB_RX_IDLE:
        gdb_rx_idle(g, c);
        break;
    case GDB_RX_DATA:
        if (c == '#') {
            g->rx = GDB_RX_CSUM1;
            break;
        }
        if (c == '$') {                 /* a new packet restarts a broken one */
            gdb_rx_idle(g, c);
            break;
        }
        g->sum += c;
        if (g->len < GDB_PACKET_SIZE)
            g->buf[g->len++] = (char)c;
        else
            g->overflow = true;
        break;
    case GDB_RX_CSUM1:
    case GDB_RX_CSUM2:
        h = gdb_hexval(c);
        if (h < 0) {
            g->rx = GDB_RX_IDLE;
            gdb_ack(g, '-');
            break;
        }
        if (g->rx == GDB_RX_CSUM1) {
            g->csum = (uint8_t)(h << 4);
            g->rx = GDB_RX_CSUM2;
        } else {
            g->csum |= (uint8_t)h;
            gdb_rx_done(g);
        }
        break;
    }
}

void gdb_rx_bytes(GdbStub *g, const uint8_t *p, int n)
{
    for (int i = 0; i < n; i++)
        gdb_rx_byte(g, p[i]);
}

/* Payloads are sent as is: the handlers never produce '$', '#' or '}' in replies. */
void gdb_send_packet(GdbStub *g, const char *payload, size_t len)
{
    static char out[2 * GDB_PACKET_SIZE + 8];
    uint8_t sum = 0;
    if (len > sizeof(out) - 4)
        len = sizeof(out) - 4;
    out[0] = '$';
    for (size_t i = 0; i < len; i++) {
        out[1 + i] = payload[i];
        sum += (uint8_t)payload[i];
    }
    snprintf(out + 1 + len, 4, "#%02x", sum);
    gdb_write(g, out, len + 4);
}

void gdb_send_str(GdbStub *g, const char *payload)
{
    gdb_send_packet(g, payload, strlen(payload));
}
