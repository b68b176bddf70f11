/* gdb stub internals shared by the packet layer and the command handlers. */
#ifndef GDB_INT_H
#define GDB_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "trix/hw.h"
#include "trix/gdbstub.h"

#define GDB_PACKET_SIZE 4096    /* advertised PacketSize, and the input limit */

typedef enum GdbRxState { GDB_RX_IDLE, GDB_RX_DATA, GDB_RX_CSUM1, GDB_RX_CSUM2 } GdbRxState;

typedef struct GdbStub {
    CharBackend *chr;
    const GdbArch *arch;
    GdbRxState rx;
    char buf[GDB_PACKET_SIZE + 1];
    size_t len;
    bool overflow;              /* this packet was longer than the buffer: nak it */
    uint8_t sum, csum;
    bool no_ack;                /* after QStartNoAckMode */
    bool waiting_stop;          /* c or s sent: reply when the machine stops */
} GdbStub;

/* gdb_packet.c: framing. Input bytes feed the state machine; whole packets go to
 * gdb_handle_packet (with the NUL-terminated payload). */
void gdb_rx_bytes(GdbStub *g, const uint8_t *p, int n);
void gdb_send_packet(GdbStub *g, const char *payload, size_t len);
void gdb_send_str(GdbStub *g, const char *payload);
int gdb_hexval(uint8_t c);               /* a hex digit's value, -1 if not one */

/* gdbstub.c */
void gdb_handle_packet(GdbStub *g, char *pkt, size_t len);
void gdb_interrupt(GdbStub *g);         /* 0x03 from the client */

#endif
