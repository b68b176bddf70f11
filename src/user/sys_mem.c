/* Memory syscalls: mmap family and brk on top of mmap.c, plus the advisory calls. */
#include <sys/mman.h>
#include "syscall_util.h"

static long sys_mmap(const uint64_t *a)
{
    return user_mmap(a[0], a[1], (int)a[2], (int)a[3], (int)a[4], a[5]);
}

static long sys_munmap(const uint64_t *a) { return user_munmap(a[0], a[1]); }
static long sys_mprotect(const uint64_t *a) { return user_mprotect(a[0], a[1], (int)a[2]); }

static long sys_mremap(const uint64_t *a)
{
    return user_mremap(a[0], a[1], a[2], (int)a[3], a[4]);
}

static long sys_brk(const uint64_t *a) { return user_brk(a[0]); }

/* The advice values Linux knows (0-4, 8-25, the two memory-failure ones). */
static bool madvise_known(int advice)
{
    return (advice >= 0 && advice <= 4) || (advice >= 8 && advice <= 25) || advice == 100 ||
           advice == 101;
}

static long sys_madvise(const uint64_t *a)
{
    int advice = (int)a[2];
    if ((a[0] & 4095) || !madvise_known(advice))
        return -EINVAL;
    if (!mmap_range_ok(a[0], a[1]))
        return -ENOMEM;
    /* Only advice that changes contents must reach the host; the rest is a hint. */
    if (advice == MADV_DONTNEED || advice == MADV_REMOVE || advice == MADV_WIPEONFORK ||
        advice == MADV_DONTFORK || advice == MADV_DOFORK || advice == MADV_KEEPONFORK) {
        if (!page_check_range(a[0], a[1], 0))
            return -ENOMEM;
        return HRET(madvise(g2h(a[0]), a[1], advice));
    }
    return 0;
}

static long sys_msync(const uint64_t *a)
{
    if (!page_check_range(a[0], a[1], 0))
        return -ENOMEM;
    return HRET(msync(g2h(a[0]), a[1], (int)a[2]));
}

static long sys_mlock(const uint64_t *a) { return 0; }
static long sys_munlock(const uint64_t *a) { return 0; }
static long sys_mlockall(const uint64_t *a) { return 0; }
static long sys_munlockall(const uint64_t *a) { return 0; }

static long sys_mincore(const uint64_t *a)
{
    uint64_t pages = (a[1] + 4095) / 4096;
    if (a[0] & 4095)
        return -EINVAL;
    if (!page_check_range(a[0], a[1], 0))
        return -ENOMEM;
    GBUF(vec, a[2], pages, PAGE_WRITE);
    return HRET(mincore(g2h(a[0]), a[1], vec));
}

void sys_mem_register(SysDef *tab)
{
    REG(mmap, "pxxxdx", SC_RET_PTR);
    REG(munmap, "pu", 0);
    REG(mprotect, "pux", 0);
    REG(mremap, "puuxp", SC_RET_PTR);
    REG(brk, "p", SC_RET_PTR);
    REG(madvise, "pud", 0);
    REG(msync, "pux", 0);
    REG(mlock, "pu", 0);
    REG(munlock, "pu", 0);
    REG(mlockall, "x", 0);
    REG(munlockall, "", 0);
    REG(mincore, "pup", 0);
}
