/* isa-debug-exit: a port that ends trix with status (value << 1) | 1, as QEMU's device. */
#ifndef TRIX_HW_ISA_DEBUG_EXIT_H
#define TRIX_HW_ISA_DEBUG_EXIT_H

#include "trix/devtype.h"

#define ISA_DEBUG_EXIT_IOBASE 0x501     /* QEMU's defaults */
#define ISA_DEBUG_EXIT_IOSIZE 2

/* Map the device at ports [iobase, iobase + iosize). */
void isa_debug_exit_create(uint32_t iobase, uint32_t iosize);
/* The exit status a guest write of val asks for. */
int isa_debug_exit_status(uint32_t val);

extern const DeviceType devtype_isa_debug_exit;

#endif
