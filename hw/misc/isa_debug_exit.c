/* isa-debug-exit: any write to its ports ends trix with exit status (value << 1) | 1. */
#include "hw/misc/isa_debug_exit.h"
#include "trix/ioport.h"

int isa_debug_exit_status(uint32_t val)
{
    return (int)((val << 1) | 1);       /* the shell sees the low 8 bits, as with QEMU */
}

static uint64_t debug_exit_read(void *opaque, uint64_t offset, unsigned size)
{
    return 0;
}

static void debug_exit_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    machine_request_shutdown(isa_debug_exit_status((uint32_t)val));
}

static const MemoryRegionOps debug_exit_ops = {
    .read = debug_exit_read,
    .write = debug_exit_write,
    .min_size = 1,
    .max_size = 4,
};

void isa_debug_exit_create(uint32_t iobase, uint32_t iosize)
{
    io_map("isa-debug-exit", iobase, iosize, &debug_exit_ops, NULL);
}

/* -device isa-debug-exit,iobase=N,iosize=N */
static void debug_exit_dev_create(MachineState *ms, Opts *o)
{
    uint64_t base = opts_get_num(o, "iobase", ISA_DEBUG_EXIT_IOBASE);
    uint64_t size = opts_get_num(o, "iosize", ISA_DEBUG_EXIT_IOSIZE);
    if (size == 0 || size > 0x10000 || base > 0xffff || base + size > 0x10000)
        trix_fatal("-device isa-debug-exit,iobase=%#llx,iosize=%#llx: the ports must lie in "
                   "0..0xffff", (unsigned long long)base, (unsigned long long)size);
    for (uint64_t port = base; port < base + size; port++)
        if (io_find((uint32_t)port))
            trix_fatal("-device isa-debug-exit,iobase=%#llx,iosize=%#llx: port %#llx is "
                       "taken by '%s'", (unsigned long long)base, (unsigned long long)size,
                       (unsigned long long)port, io_find((uint32_t)port)->name);
    isa_debug_exit_create((uint32_t)base, (uint32_t)size);
}

static const DevProp debug_exit_props[] = {
    { "iobase", "uint32", "first I/O port (default 0x501)" },
    { "iosize", "uint32", "number of ports (default 2)" },
    { NULL, NULL, NULL },
};

const DeviceType devtype_isa_debug_exit = {
    "isa-debug-exit", "ISA", "exits trix with status (value << 1) | 1 on a port write",
    debug_exit_props, "x86_64", debug_exit_dev_create,
};
