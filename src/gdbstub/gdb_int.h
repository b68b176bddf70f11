/* gdb stub internals shared by the packet layer and the command handlers. */
#ifndef GDB_INT_H
#define GDB_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "trix/hw.h"
#include "trix/gdbstub.h"

#define GDB_PACKET_SIZE 4096    /* advertised PacketSize, and the input limit */
#define GDB_MAX_MEM ((GDB_PACKET_SIZE - 8) / 2)
#define GDB_MAX_THREADS 256

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
    CPUState *cpu_g;            /* Hg: registers and memory */
    CPUState *cpu_c;            /* Hc: what s steps (vCont names its own) */
    bool phys_mem;              /* Qqemu.PhyMemMode:1: m/M/X take physical addresses */
    /* User mode (gdb_user.c): no chardev; the stopped guest thread serves the socket. */
    int fd;                     /* the connection when chr is NULL */
    bool resumed;               /* c/s/vCont/D: leave the serving loop */
    bool detached;
    bool (*mem_rw)(uint64_t addr, uint8_t *buf, uint64_t len, bool write);
} GdbStub;

/* gdb_packet.c: framing. Input bytes feed the state machine; whole packets go to
 * gdb_handle_packet (with the NUL-terminated payload and its length: X is binary). */
void gdb_rx_bytes(GdbStub *g, const uint8_t *p, int n);
void gdb_send_packet(GdbStub *g, const char *payload, size_t len);
void gdb_send_str(GdbStub *g, const char *payload);
void gdb_write(GdbStub *g, const void *buf, size_t len);     /* raw bytes to the client */
int gdb_hexval(uint8_t c);               /* a hex digit's value, -1 if not one */
void gdb_hex(char *out, const uint8_t *p, size_t n);    /* 2n digits and a NUL */
bool gdb_unhex(uint8_t *out, const char *s, size_t n);  /* false on a bad or short digit */
/* "ADDR,LEN" (then *rest points after it): false when malformed. */
bool gdb_addr_len(const char *s, uint64_t *addr, uint64_t *len, const char **rest);

/* gdb_threads.c: one gdb thread per CPU, thread id = cpu_index + 1. */
CPUState *gdb_thread_cpu(long tid);             /* NULL: no such thread */
int gdb_thread_id(const CPUState *cpu);
CPUState *gdb_first_cpu(void);
/* Parse a thread-id ("-1" all, "0" any, hex): false when malformed. */
bool gdb_parse_tid(const char *s, long *tid, const char **rest);
void gdb_cmd_set_thread(GdbStub *g, const char *a);     /* H */
void gdb_cmd_thread_alive(GdbStub *g, const char *a);   /* T */
bool gdb_query_threads(GdbStub *g, const char *p);     /* qfThreadInfo, qC, ...; handled? */

/* gdb_data.c: registers and memory of the Hg thread. */
void gdb_cmd_read_regs(GdbStub *g);
void gdb_cmd_write_regs(GdbStub *g, const char *a);
void gdb_cmd_read_reg(GdbStub *g, const char *a);
void gdb_cmd_write_reg(GdbStub *g, const char *a);
void gdb_cmd_read_mem(GdbStub *g, const char *a);
void gdb_cmd_write_mem(GdbStub *g, const char *a);
void gdb_cmd_write_mem_bin(GdbStub *g, const char *a, size_t len);     /* X */

/* gdb_query.c: q and Q packets. */
void gdb_cmd_query(GdbStub *g, const char *p);

/* gdbstub.c */
void gdb_handle_packet(GdbStub *g, char *pkt, size_t len);
/* The stop reply for the last stop (async: the reply to c/s, else to ?). */
void gdb_stop_reply(GdbStub *g, bool async);
void gdb_interrupt(GdbStub *g);         /* 0x03 from the client */

#endif
