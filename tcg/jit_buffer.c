/* The JIT code buffer: one memfd mapped writable and executable at two addresses (W^X). */
/*
 * @fileoverview
 * Generated code is never writable and executable through the same mapping: the memfd is
 * mapped once PROT_READ|PROT_WRITE (where the emitters write) and once PROT_READ|PROT_EXEC
 * (where the code runs), so a stray guest-controlled write cannot produce executable bytes at
 * a known address, and hardened kernels that refuse RWX pages still run the JIT.
 *
 * Allocation is a bump pointer. A translation reserves all the free space, writes its block
 * and commits only what it used (64-byte aligned), or aborts and leaves nothing behind. When a
 * reservation is too small the JIT flushes every block (tb_flush_all), resets the buffer to
 * its permanent prefix (the prologue and constants emitted first) and tries again.
 *
 * Patching (goto_tb links) writes one aligned 32-bit word through the writable view; x86
 * keeps instruction fetch coherent with data stores, so no cache maintenance is needed.
 *
 * The executable view is placed near the emulator's own text when the kernel allows, so
 * that calls to C helpers fit a rel32. Shared mappings would be shared with a forked child,
 * so fork copies the contents into a fresh memfd that the child maps at the same two
 * addresses.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "jit.h"

#ifdef CONFIG_JIT
bool jit_enabled = true;        /* the default tier wherever a host backend exists */
#else
bool jit_enabled;
#endif
size_t jit_tb_size;

/* Reservations start at this alignment: a cache line, which also keeps the performance of
 * branchy code from depending on where earlier blocks happened to end. */
#define CBUF_ALIGN 64

static struct {
    uint8_t *rw, *rx;
    size_t size, used;
    bool reserved;
} cbuf;

static int cbuf_memfd(size_t size)
{
    int fd = memfd_create("trix-jit", MFD_CLOEXEC);
    if (fd < 0)
        return -1;
    if (ftruncate(fd, (off_t)size) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* A hint within rel32 reach of our text, below it (heaps grow above). */
static void *cbuf_exec_hint(size_t size)
{
    uintptr_t text = (uintptr_t)&cbuf_init;
    uintptr_t want = (text & ~(uintptr_t)0xfffff) - size - (64u << 20);
    return want < text ? (void *)want : NULL;
}

static bool cbuf_map(int fd, size_t size, void *rw_at, void *rx_at)
{
    int fixed = rw_at ? MAP_FIXED : 0;
    void *rx = mmap(rx_at ? rx_at : cbuf_exec_hint(size), size, PROT_READ | PROT_EXEC,
                    MAP_SHARED | fixed, fd, 0);
    if (rx == MAP_FAILED)
        return false;
    void *rw = mmap(rw_at, size, PROT_READ | PROT_WRITE, MAP_SHARED | fixed, fd, 0);
    if (rw == MAP_FAILED) {
        munmap(rx, size);
        return false;
    }
    cbuf.rw = rw;
    cbuf.rx = rx;
    return true;
}

bool cbuf_init(size_t size)
{
    size = (size + 0xfff) & ~(size_t)0xfff;
    int fd = cbuf_memfd(size);
    if (fd < 0)
        return false;
    bool ok = cbuf_map(fd, size, NULL, NULL);
    close(fd);
    if (!ok)
        return false;
    cbuf.size = size;
    cbuf.used = 0;
    return true;
}

bool cbuf_ready(void) { return cbuf.rw != NULL; }

uint8_t *cbuf_reserve(size_t *avail)
{
    ASSERT(!cbuf.reserved);
    cbuf.reserved = true;
    *avail = cbuf.size - cbuf.used;
    return cbuf.rw + cbuf.used;
}

void cbuf_commit(size_t used)
{
    ASSERT(cbuf.reserved && used <= cbuf.size - cbuf.used);
    cbuf.used = (cbuf.used + used + CBUF_ALIGN - 1) & ~(size_t)(CBUF_ALIGN - 1);
    if (cbuf.used > cbuf.size)
        cbuf.used = cbuf.size;
    cbuf.reserved = false;
}

void cbuf_abort(void)
{
    cbuf.reserved = false;
}

void cbuf_reset(size_t keep)
{
    ASSERT(!cbuf.reserved && keep <= cbuf.size);
    cbuf.used = (keep + CBUF_ALIGN - 1) & ~(size_t)(CBUF_ALIGN - 1);
}

intptr_t cbuf_exec_delta(void) { return (intptr_t)(cbuf.rx - cbuf.rw); }
size_t cbuf_used(void) { return cbuf.used; }

uint8_t *cbuf_rw(const void *exec_addr)
{
    return (uint8_t *)exec_addr - cbuf_exec_delta();
}

void cbuf_patch32(const void *exec_addr, uint32_t v)
{
    uint32_t *p = (uint32_t *)cbuf_rw(exec_addr);
    ASSERT(((uintptr_t)p & 3) == 0);
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

int jit_fork_prepare(void)
{
    return cbuf_fork_copy();
}

void jit_fork_finish(int fd, bool child)
{
    cbuf_fork_finish(fd, child);
}

/* A copy of the buffer taken in the parent before fork, while no thread can change it (the
 * caller holds the user-mode lock): copying in the child instead would race with the parent,
 * which goes on translating and patching links in the shared mapping. */
int cbuf_fork_copy(void)
{
    if (!cbuf.rw)
        return -1;
    int fd = cbuf_memfd(cbuf.size);
    if (fd < 0 || pwrite(fd, cbuf.rw, cbuf.used, 0) != (ssize_t)cbuf.used)
        trix_fatal_errno("cannot copy the JIT code buffer for fork");
    return fd;
}

void cbuf_fork_finish(int fd, bool child)
{
    if (fd < 0)
        return;
    if (child && !cbuf_map(fd, cbuf.size, cbuf.rw, cbuf.rx))
        trix_fatal_errno("cannot remap the JIT code buffer after fork");
    close(fd);
}
