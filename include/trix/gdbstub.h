/* The gdb remote stub: per-arch register hooks and the entry point system mode calls. */
#ifndef TRIX_GDBSTUB_H
#define TRIX_GDBSTUB_H

#include "trix/exec.h"

/* What a target provides (target/<arch>/gdbstub.c); registers are in target-XML order. */
typedef struct GdbArch {
    const char *target;         /* TargetOps.name it serves */
    const char *xml;            /* target.xml for qXfer:features:read */
    int num_regs;
    /* Little-endian bytes of register n into buf; returns its size, 0 if no such register. */
    int (*read_reg)(CPUState *cpu, int n, uint8_t *buf);
    /* Set register n from buf; returns its size, 0 if no such register. */
    int (*write_reg)(CPUState *cpu, int n, const uint8_t *buf);
} GdbArch;

extern const GdbArch gdb_arch_riscv64;
extern const GdbArch gdb_arch_aarch64;
extern const GdbArch gdb_arch_x86_64;

/* For the arch hooks: size bytes of v little-endian into buf, and back. */
static inline void gdb_put_le(uint8_t *buf, uint64_t v, int size)
{
    for (int i = 0; i < size; i++)
        buf[i] = (uint8_t)(v >> (8 * i));
}

static inline uint64_t gdb_get_le(const uint8_t *buf, int size)
{
    uint64_t v = 0;
    for (int i = 0; i < size; i++)
        v |= (uint64_t)buf[i] << (8 * i);
    return v;
}
/* The description for a TargetOps.name, NULL if there is none. */
const GdbArch *gdb_arch_for(const char *target);

/* Listen on spec ("tcp::PORT", "tcp:HOST:PORT" (loopback when HOST is empty),
 * "unix:PATH,server[,wait=off]") for one gdb client. Call before the I/O thread starts; fatal with a clear message on error. */
void gdb_stub_open(const char *spec);

/* User mode (-g PORT): wait for gdb on loopback PORT and serve it until it resumes, before
 * cpu's first instruction. gdb_user_stopped: cpu left cpu_exec with EXCP_DEBUG; false when
 * no gdb is attached (the guest gets SIGTRAP then). gdb_user_exit: the process exits. */
void gdb_user_start(const char *port, CPUState *cpu);
bool gdb_user_stopped(CPUState *cpu);
void gdb_user_exit(int status);

#endif
