/* Guest memory map for user mode: page flags, the host reservation, mmap/munmap/mprotect/brk. */
/*
 * All guest memory lives in one host reservation of guest_addr_max bytes at guest_base, mapped
 * PROT_NONE where the guest has nothing, so a stray access always faults inside it and host
 * syscalls given an unmapped guest pointer fail with EFAULT instead of touching host memory.
 * Host protections mirror the guest's (exec implies read), except that pages holding translated
 * code are made read-only on the host while the guest still sees them writable (PAGE_WRITE_ORG):
 * the first write faults, invalidates the page's blocks and unprotects it.
 * Everything here runs under the global lock.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "trix/guest_mem.h"
#include "user.h"

#define PG_BITS 12
#define PG_SIZE ((uint64_t)1 << PG_BITS)
#define PG_MASK (PG_SIZE - 1)
#define L2_BITS 13
#define L2_SIZE ((uint64_t)1 << L2_BITS)

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

bool tb_page_has_code(uint64_t page_addr);      /* src/tb_cache.c */

static uint8_t **page_l1;
static uint64_t page_l1_size;
static uint64_t mmap_next_hint;                 /* top of the mmap area */
static uint64_t mmap_cache;                     /* next top-down search starts here */
static uint64_t brk_start, brk_cur, brk_end;    /* brk_end: page-aligned mapped end */
uint64_t mmap_stack_top;
uint64_t user_sigtramp_addr;
static uint64_t mmap_guest_top;                 /* the guest's reach: the trampoline is above */

static inline uint64_t pg_align(uint64_t a) { return (a + PG_MASK) & ~PG_MASK; }

static uint8_t *page_slot(uint64_t addr, bool alloc)
{
    uint64_t pn = addr >> PG_BITS;
    uint64_t i1 = pn >> L2_BITS;
    if (i1 >= page_l1_size)
        return NULL;
    if (!page_l1[i1]) {
        if (!alloc)
            return NULL;
        page_l1[i1] = trix_malloc0(L2_SIZE);
    }
    return &page_l1[i1][pn & (L2_SIZE - 1)];
}

int page_get_flags(uint64_t addr)
{
    uint8_t *p = page_slot(addr, false);
    return p ? *p : 0;
}

void page_set_flags(uint64_t start, uint64_t end, int flags)
{
    for (uint64_t a = start & ~PG_MASK; a < end; a += PG_SIZE) {
        uint8_t *p = page_slot(a, flags != 0);
        if (p)
            *p = (uint8_t)flags;
    }
}

bool page_check_range(uint64_t addr, uint64_t len, int flags)
{
    if (len == 0)
        return true;
    if (!guest_range_valid(addr, len))
        return false;
    for (uint64_t a = addr & ~PG_MASK; a < addr + len; a += PG_SIZE) {
        int f = page_get_flags(a);
        if (f & PAGE_WRITE_ORG)
            f |= PAGE_WRITE;
        if (!(f & PAGE_VALID) || (f & flags) != flags)
            return false;
    }
    return true;
}

static int host_prot(int pflags)
{
    int p = 0;
    if (pflags & (PAGE_READ | PAGE_EXEC))
        p |= PROT_READ;
    if (pflags & PAGE_WRITE)
        p |= PROT_READ | PROT_WRITE;
    return p;
}

static int prot_to_pflags(int prot)
{
    return PAGE_VALID | ((prot & PROT_READ) ? PAGE_READ : 0) |
           ((prot & PROT_WRITE) ? PAGE_WRITE : 0) | ((prot & PROT_EXEC) ? PAGE_EXEC : 0);
}

/* A page received translated code: write-protect it on the host. */
static void mmap_code_page_added(uint64_t page)
{
    int f = page_get_flags(page);
    if (!(f & PAGE_WRITE))
        return;
    mprotect(g2h(page), PG_SIZE, PROT_READ);
    page_set_flags(page, page + PG_SIZE, (f & ~PAGE_WRITE) | PAGE_WRITE_ORG);
}

bool mmap_unprotect_page(uint64_t addr)
{
    uint64_t page = addr & ~PG_MASK;
    int f = page_get_flags(page);
    if (!(f & PAGE_WRITE_ORG))
        return false;
    tb_invalidate_range(page, page + PG_SIZE);
    page_set_flags(page, page + PG_SIZE, (f & ~PAGE_WRITE_ORG) | PAGE_WRITE);
    mprotect(g2h(page), PG_SIZE, PROT_READ | PROT_WRITE);
    return true;
}

/* Before a syscall writes guest memory: unprotect code pages in the range. */
void mmap_make_writable(uint64_t addr, uint64_t len)
{
    if (!len || !guest_range_valid(addr, len))
        return;
    for (uint64_t a = addr & ~PG_MASK; a < addr + len; a += PG_SIZE)
        if (page_get_flags(a) & PAGE_WRITE_ORG)
            mmap_unprotect_page(a);
}

bool user_translator_fetch(CPUState *cpu, uint64_t pc, void *dst, int size)
{
    if (!guest_range_valid(pc, (uint64_t)size))
        return false;
    if (!(page_get_flags(pc) & PAGE_EXEC) || !(page_get_flags(pc + size - 1) & PAGE_EXEC))
        return false;
    memcpy(dst, g2h(pc), (size_t)size);
    return true;
}

/* Host transparent huge pages: guest_base is aligned to them, so that guest memory aligned
 * to 2 MiB is host memory aligned to 2 MiB. */
#define HUGE_SIZE (2ull << 20)

/* Writable private anonymous guest memory of 2 MiB or more is advised as huge pages (fewer
 * host TLB misses on big heaps and arrays, as QEMU advises for system-mode RAM; the kernel
 * may ignore it). TRIX_THP=0 turns it off. */
static void mmap_advise_huge(void *p, uint64_t len, int prot, int flags)
{
    static int on = -1;
    if (on < 0) {
        const char *e = getenv("TRIX_THP");
        on = !(e && e[0] == '0');
    }
    if (on && len >= HUGE_SIZE && (flags & MAP_ANONYMOUS) && (flags & MAP_TYPE) == MAP_PRIVATE &&
        (prot & PROT_WRITE))
        madvise(p, len, MADV_HUGEPAGE);
}

void mmap_init(uint64_t addr_space)
{
    guest_addr_max = addr_space;
    uint8_t *p = mmap(NULL, addr_space + HUGE_SIZE, PROT_NONE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        trix_fatal_errno("cannot reserve %llu bytes for the guest address space",
                         (unsigned long long)addr_space);
    uint8_t *base = (uint8_t *)(((uintptr_t)p + HUGE_SIZE - 1) & ~(uintptr_t)(HUGE_SIZE - 1));
    if (base > p)
        munmap(p, (size_t)(base - p));
    if (p + HUGE_SIZE > base)
        munmap(base + addr_space, (size_t)(p + HUGE_SIZE - base));
    guest_base = (uintptr_t)base;
    page_l1_size = ((addr_space >> PG_BITS) + L2_SIZE - 1) >> L2_BITS;
    page_l1 = trix_malloc0(page_l1_size * sizeof(*page_l1));
    /* Linux-like layout: stack at the top, mmap area below it with a 128 MiB gap. */
    mmap_guest_top = addr_space - PG_SIZE;
    mmap_stack_top = mmap_guest_top;
    mmap_next_hint = mmap_stack_top - (8ull << 20) - (128ull << 20);
    mmap_cache = mmap_next_hint;
    tb_page_added_hook = mmap_code_page_added;
}

/* Like Linux's vDSO the trampoline is there from the start, but above the range that mmap,
 * munmap, mprotect, mremap and madvise accept, so a guest cannot unmap or replace it. */
void mmap_init_sigtramp(const void *code, size_t size)
{
    uint64_t a = mmap_guest_top;
    if (mmap(g2h(a), PG_SIZE, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS,
             -1, 0) == MAP_FAILED)
        trix_fatal_errno("cannot map the signal trampoline");
    memcpy(g2h(a), code, size);
    mprotect(g2h(a), PG_SIZE, PROT_READ);
    page_set_flags(a, a + PG_SIZE, PAGE_VALID | PAGE_READ | PAGE_EXEC);
    user_sigtramp_addr = a;
}

bool mmap_range_ok(uint64_t addr, uint64_t len)
{
    return len <= mmap_guest_top && addr <= mmap_guest_top - len;
}

static bool range_free(uint64_t addr, uint64_t len)
{
    for (uint64_t a = addr; a < addr + len; a += PG_SIZE) {
        uint8_t *p = page_slot(a, false);
        if (!p) {       /* whole level-2 table absent: skip to its end */
            a = ((a >> (PG_BITS + L2_BITS)) + 1) << (PG_BITS + L2_BITS);
            a -= PG_SIZE;
            continue;
        }
        if (*p)
            return false;
    }
    return true;
}

/* Highest used page in [a, a + len), or -1 when the range is free. */
static uint64_t highest_busy(uint64_t a, uint64_t len)
{
    for (uint64_t b = a + len; b > a; b -= PG_SIZE)
        if (page_get_flags(b - PG_SIZE))
            return b - PG_SIZE;
    return (uint64_t)-1;
}

/* Highest free page-aligned range of len bytes ending at or below top (0 if none). */
static uint64_t find_free_below(uint64_t top, uint64_t len)
{
    const uint64_t floor = 0x10000;
    if (top < len + floor)
        return 0;
    uint64_t a = top - len;
    for (;;) {
        uint64_t busy = highest_busy(a, len);
        if (busy == (uint64_t)-1)
            return a;
        if (busy < len + floor)
            return 0;
        a = busy - len;
    }
}

uint64_t mmap_find_free(uint64_t len)
{
    len = pg_align(len);
    if (!len)
        return 0;
    uint64_t a = find_free_below(mmap_cache, len);
    if (!a)
        a = find_free_below(mmap_next_hint, len);
    if (!a)
        a = find_free_below(mmap_stack_top - (8ull << 20), len);
    if (a && a < mmap_next_hint)
        mmap_cache = a;
    return a;
}

static void reserve_again(uint64_t addr, uint64_t len)
{
    mmap(g2h(addr), len, PROT_NONE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
         -1, 0);
}

static uint64_t mmap_pick_addr(uint64_t addr, uint64_t len, int flags, long *err)
{
    *err = 0;
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (addr & PG_MASK) {
            *err = -EINVAL;
        } else if (!mmap_range_ok(addr, len)) {
            *err = -ENOMEM;
        } else if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) &&
                   !range_free(addr, len)) {
            *err = -EEXIST;
        }
        return addr;
    }
    addr &= ~PG_MASK;
    if (addr && mmap_range_ok(addr, len) && addr >= 0x10000 && range_free(addr, len))
        return addr;
    uint64_t a = mmap_find_free(len);
    if (!a)
        *err = -ENOMEM;
    return a;
}

long user_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off)
{
    if (!len || (off & PG_MASK) || len > guest_addr_max)
        return -EINVAL;
    len = pg_align(len);
    long err;
    uint64_t a = mmap_pick_addr(addr, len, flags, &err);
    if (err)
        return err;
    int hflags = MAP_FIXED | (flags & (MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS |
                                       MAP_NORESERVE | MAP_POPULATE | MAP_LOCKED));
    if ((flags & MAP_TYPE) == MAP_SHARED_VALIDATE)
        hflags = (hflags & ~MAP_TYPE) | MAP_SHARED;
    int pf = prot_to_pflags(prot);
    void *p = mmap(g2h(a), len, host_prot(pf), hflags,
                   (flags & MAP_ANONYMOUS) ? -1 : fd, (off_t)off);
    if (p == MAP_FAILED) {
        long e = -errno;
        return e;
    }
    mmap_advise_huge(p, len, prot, flags);
    tb_invalidate_range(a, a + len);
    page_set_flags(a, a + len, pf);
    return (long)a;
}

long user_munmap(uint64_t addr, uint64_t len)
{
    if ((addr & PG_MASK) || !len)
        return -EINVAL;
    len = pg_align(len);
    if (!mmap_range_ok(addr, len))
        return -EINVAL;
    reserve_again(addr, len);
    tb_invalidate_range(addr, addr + len);
    page_set_flags(addr, addr + len, 0);
    if (addr + len > mmap_cache && addr + len <= mmap_next_hint)
        mmap_cache = addr + len;        /* let the next search reuse the hole */
    return 0;
}

static void mprotect_page(uint64_t a, int pf)
{
    int old = page_get_flags(a);
    if ((old & PAGE_EXEC) && !(pf & PAGE_EXEC))
        tb_invalidate_range(a, a + PG_SIZE);
    if ((pf & PAGE_WRITE) && tb_page_has_code(a))
        pf = (pf & ~PAGE_WRITE) | PAGE_WRITE_ORG;
    page_set_flags(a, a + PG_SIZE, pf);
}

long user_mprotect(uint64_t addr, uint64_t len, int prot)
{
    if (addr & PG_MASK)
        return -EINVAL;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
        return -EINVAL;
    len = pg_align(len);
    if (!mmap_range_ok(addr, len))
        return -ENOMEM;
    for (uint64_t a = addr; a < addr + len; a += PG_SIZE)
        if (!(page_get_flags(a) & PAGE_VALID))
            return -ENOMEM;
    int pf = prot_to_pflags(prot);
    if (len && mprotect(g2h(addr), len, host_prot(pf)) != 0)
        return -errno;
    for (uint64_t a = addr; a < addr + len; a += PG_SIZE) {
        mprotect_page(a, pf);
        if (page_get_flags(a) & PAGE_WRITE_ORG)
            mprotect(g2h(a), PG_SIZE, PROT_READ);
    }
    return 0;
}

static long mremap_move(uint64_t old, uint64_t old_len, uint64_t new_len, uint64_t dst)
{
    int pf = page_get_flags(old) & ~PAGE_WRITE_ORG;
    if (page_get_flags(old) & PAGE_WRITE_ORG)
        pf |= PAGE_WRITE;
    mmap_make_writable(old, old_len);
    void *p = mremap(g2h(old), old_len, new_len, MREMAP_MAYMOVE | MREMAP_FIXED, g2h(dst));
    if (p == MAP_FAILED)
        return -errno;
    reserve_again(old, old_len);
    tb_invalidate_range(old, old + old_len);
    tb_invalidate_range(dst, dst + new_len);
    page_set_flags(old, old + old_len, 0);
    page_set_flags(dst, dst + new_len, pf);
    return (long)dst;
}

static long mremap_grow_in_place(uint64_t old, uint64_t old_len, uint64_t new_len)
{
    int pf = page_get_flags(old);
    /* Punch a hole in the reservation so that the host can extend the mapping into it. */
    munmap(g2h(old + old_len), new_len - old_len);
    void *p = mremap(g2h(old), old_len, new_len, 0);
    if (p == MAP_FAILED) {
        long e = -errno;
        reserve_again(old + old_len, new_len - old_len);
        return e;
    }
    if (pf & PAGE_WRITE_ORG)
        pf = (pf & ~PAGE_WRITE_ORG) | PAGE_WRITE;
    page_set_flags(old + old_len, old + new_len, pf);
    return (long)old;
}

long user_mremap(uint64_t old, uint64_t old_len, uint64_t new_len, int flags, uint64_t new_addr)
{
    if ((old & PG_MASK) || !new_len || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | 4)))
        return -EINVAL;
    if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
        return -EINVAL;
    old_len = pg_align(old_len);
    new_len = pg_align(new_len);
    if (!mmap_range_ok(old, old_len) || !page_check_range(old, old_len ? old_len : 1, 0))
        return -EFAULT;
    if (flags & MREMAP_FIXED) {
        if ((new_addr & PG_MASK) || !mmap_range_ok(new_addr, new_len))
            return -EINVAL;
        user_munmap(new_addr, new_len);
        return mremap_move(old, old_len, new_len, new_addr);
    }
    if (new_len <= old_len) {
        if (new_len < old_len)
            user_munmap(old + new_len, old_len - new_len);
        return (long)old;
    }
    if (mmap_range_ok(old, new_len) && range_free(old + old_len, new_len - old_len))
        return mremap_grow_in_place(old, old_len, new_len);
    if (!(flags & MREMAP_MAYMOVE))
        return -ENOMEM;
    uint64_t dst = mmap_find_free(new_len);
    if (!dst)
        return -ENOMEM;
    return mremap_move(old, old_len, new_len, dst);
}

void mmap_set_brk(uint64_t brk)
{
    brk_start = brk_cur = brk;
    brk_end = pg_align(brk);
}

long user_brk(uint64_t brk)
{
    if (!brk || brk < brk_start || brk >= mmap_stack_top)
        return (long)brk_cur;
    uint64_t new_end = pg_align(brk);
    if (new_end > brk_end) {
        if (!range_free(brk_end, new_end - brk_end))
            return (long)brk_cur;
        long r = user_mmap(brk_end, new_end - brk_end, PROT_READ | PROT_WRITE,
                           MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (r < 0)
            return (long)brk_cur;
    } else if (new_end < brk_end) {
        user_munmap(new_end, brk_end - new_end);
    }
    brk_end = new_end;
    brk_cur = brk;
    return (long)brk_cur;
}
