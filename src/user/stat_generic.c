/* struct stat of the asm-generic ABI (riscv64, arm64), which differs from the x86-64 host. */
#include <string.h>
#include <sys/stat.h>
#include "user.h"

typedef struct TargetStat {
    uint64_t st_dev, st_ino;
    uint32_t st_mode, st_nlink, st_uid, st_gid;
    uint64_t st_rdev, pad1;
    int64_t st_size;
    int32_t st_blksize, pad2;
    int64_t st_blocks;
    int64_t st_atime_sec; uint64_t st_atime_nsec;
    int64_t st_mtime_sec; uint64_t st_mtime_nsec;
    int64_t st_ctime_sec; uint64_t st_ctime_nsec;
    uint32_t unused4, unused5;
} TargetStat;

_Static_assert(sizeof(TargetStat) == 128, "asm-generic struct stat size");

void user_fill_stat_generic(void *dst, const struct stat *st)
{
    TargetStat t;
    memset(&t, 0, sizeof(t));
    t.st_dev = st->st_dev;
    t.st_ino = st->st_ino;
    t.st_mode = st->st_mode;
    t.st_nlink = (uint32_t)st->st_nlink;
    t.st_uid = st->st_uid;
    t.st_gid = st->st_gid;
    t.st_rdev = st->st_rdev;
    t.st_size = st->st_size;
    t.st_blksize = (int32_t)st->st_blksize;
    t.st_blocks = st->st_blocks;
    t.st_atime_sec = st->st_atim.tv_sec;
    t.st_atime_nsec = (uint64_t)st->st_atim.tv_nsec;
    t.st_mtime_sec = st->st_mtim.tv_sec;
    t.st_mtime_nsec = (uint64_t)st->st_mtim.tv_nsec;
    t.st_ctime_sec = st->st_ctim.tv_sec;
    t.st_ctime_nsec = (uint64_t)st->st_ctim.tv_nsec;
    memcpy(dst, &t, sizeof(t));
}
