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
/* The description for a TargetOps.name, NULL if there is none. */
const GdbArch *gdb_arch_for(const char *target);

/* Listen on spec ("tcp::PORT", "tcp:HOST:PORT" (loopback when HOST is empty),
 * "unix:PATH,server[,wait=off]") for one gdb client. Call before the I/O thread starts; fatal with a clear message on error. */
void gdb_stub_open(const char *spec);

#endif
