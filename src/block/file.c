/* Host files for images: whole pread/pwrite, O_DIRECT with aligned bounce buffers, fdatasync, holes. */
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "trix/common.h"
#include "block_int.h"

#define BFILE_DIRECT_ALIGN 4096

char *blk_strdup_printf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        trix_fatal("out of memory");
    va_end(ap);
    return s;
}

static int64_t bfile_query_size(BlockFile *f)
{
    struct stat st;
    if (fstat(f->fd, &st) < 0)
        return -errno;
    if (S_ISBLK(st.st_mode)) {
        uint64_t sz;
        f->is_blockdev = true;
        if (ioctl(f->fd, BLKGETSIZE64, &sz) < 0)
            return -errno;
        return (int64_t)sz;
    }
    return st.st_size;
}

BlockFile *bfile_from_fd(int fd, const char *name, bool writable)
{
    BlockFile *f = trix_malloc0(sizeof(*f));
    f->fd = fd;
    f->path = trix_strdup(name);
    f->writable = writable;
    f->align = 1;
    int64_t sz = bfile_query_size(f);
    f->size = sz < 0 ? 0 : sz;
    return f;
}

BlockFile *bfile_open(const char *path, bool writable, bool direct, char **err)
{
    int flags = (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC;
    int fd = open(path, flags | (direct ? O_DIRECT : 0));
    if (fd < 0 && direct && errno == EINVAL) {
        direct = false;         /* the file system has no O_DIRECT (tmpfs): cached I/O */
        fd = open(path, flags);
    }
    if (fd < 0) {
        *err = blk_strdup_printf("could not open '%s'%s: %s", path,
                                 writable ? " for writing" : "", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        *err = blk_strdup_printf("'%s' is a directory, not a disk image", path);
        return NULL;
    }
    BlockFile *f = bfile_from_fd(fd, path, writable);
    f->direct = direct;
    f->align = direct ? BFILE_DIRECT_ALIGN : 1;
    return f;
}

void bfile_close(BlockFile *f)
{
    if (!f)
        return;
    close(f->fd);
    free(f->path);
    free(f);
}

/* Full-length pread/pwrite at aligned or plain positions; reads stop (zero-filled) at EOF. */
static int bfile_rw_plain(BlockFile *f, bool write, uint64_t off, void *buf, size_t len)
{
    uint8_t *p = buf;
    while (len) {
        ssize_t r = write ? pwrite(f->fd, p, len, (off_t)off) : pread(f->fd, p, len, (off_t)off);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (r == 0) {
            if (write)
                return -EIO;
            memset(p, 0, len);
            return 0;
        }
        p += r;
        off += (uint64_t)r;
        len -= (size_t)r;
    }
    return 0;
}

static bool bfile_aligned(BlockFile *f, uint64_t off, const void *buf, size_t len)
{
    size_t a = f->align;
    return a == 1 || ((off | len | (uintptr_t)buf) & (a - 1)) == 0;
}

/* O_DIRECT I/O of an unaligned request: through an aligned bounce buffer (read-modify-write). */
static int bfile_rw_bounce(BlockFile *f, bool write, uint64_t off, void *buf, size_t len)
{
    size_t a = f->align;
    uint64_t start = off & ~(uint64_t)(a - 1);
    uint64_t end = (off + len + a - 1) & ~(uint64_t)(a - 1);
    size_t blen = (size_t)(end - start);
    void *bounce;
    if (posix_memalign(&bounce, a, blen))
        return -ENOMEM;
    int r = 0;
    if (!write || start != off || end != off + len)
        r = bfile_rw_plain(f, false, start, bounce, blen);
    if (r == 0 && !write)
        memcpy(buf, (uint8_t *)bounce + (off - start), len);
    if (r == 0 && write) {
        memcpy((uint8_t *)bounce + (off - start), buf, len);
        r = bfile_rw_plain(f, true, start, bounce, blen);
        /* Keep the length the caller asked for, not the alignment's. */
        if (r == 0 && !f->is_blockdev && end > (uint64_t)f->size && end > off + len)
            r = ftruncate(f->fd, (off_t)(off + len > (uint64_t)f->size ? off + len
                                                                        : (uint64_t)f->size))
                    ? -errno : 0;
    }
    free(bounce);
    return r;
}

static int bfile_rw(BlockFile *f, bool write, uint64_t off, void *buf, size_t len)
{
    if (len == 0)
        return 0;
    if (off > INT64_MAX || len > INT64_MAX - off)
        return -EINVAL;
    int r;
    if (bfile_aligned(f, off, buf, len)) {
        r = bfile_rw_plain(f, write, off, buf, len);
    } else {
        r = 0;
        /* Bounce in pieces of at most 1 MiB to bound the buffer. */
        for (size_t done = 0; r == 0 && done < len;) {
            size_t n = len - done < (1u << 20) ? len - done : (1u << 20);
            r = bfile_rw_bounce(f, write, off + done, (uint8_t *)buf + done, n);
            done += n;
        }
    }
    if (r == 0 && write && off + len > (uint64_t)f->size)
        f->size = (int64_t)(off + len);
    return r;
}

int bfile_pread(BlockFile *f, uint64_t off, void *buf, size_t len)
{
    return bfile_rw(f, false, off, buf, len);
}

int bfile_pwrite(BlockFile *f, uint64_t off, const void *buf, size_t len)
{
    if (!f->writable)
        return -EBADF;
    return bfile_rw(f, true, off, (void *)buf, len);
}

int bfile_flush(BlockFile *f)
{
    if (!f->writable)
        return 0;
    while (fdatasync(f->fd) < 0) {
        if (errno != EINTR)
            return -errno;
    }
    return 0;
}

static int bfile_fallocate(BlockFile *f, int mode, uint64_t off, uint64_t len)
{
    if (!f->writable)
        return -EBADF;
    if (len == 0)
        return 0;
    if (fallocate(f->fd, mode, (off_t)off, (off_t)len) == 0)
        return 0;
    int e = errno;
    return e == EOPNOTSUPP || e == ENOSYS || e == EINVAL ? -ENOTSUP : -e;
}

int bfile_punch(BlockFile *f, uint64_t off, uint64_t len)
{
    return bfile_fallocate(f, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len);
}

int bfile_zero_range(BlockFile *f, uint64_t off, uint64_t len)
{
    int r = bfile_fallocate(f, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, off, len);
    if (r == 0 && off + len > (uint64_t)f->size && !f->is_blockdev)
        r = bfile_truncate(f, off + len);
    return r;
}

int bfile_write_zeros(BlockFile *f, uint64_t off, uint64_t len)
{
    size_t chunk = len < (1u << 20) ? (size_t)len : (1u << 20);
    void *z;
    if (posix_memalign(&z, BFILE_DIRECT_ALIGN, chunk ? chunk : 1))
        return -ENOMEM;
    memset(z, 0, chunk);
    int r = 0;
    while (r == 0 && len) {
        size_t n = len < chunk ? (size_t)len : chunk;
        r = bfile_pwrite(f, off, z, n);
        off += n;
        len -= n;
    }
    free(z);
    return r;
}

int bfile_truncate(BlockFile *f, uint64_t size)
{
    if (f->is_blockdev)
        return 0;
    if (ftruncate(f->fd, (off_t)size) < 0)
        return -errno;
    f->size = (int64_t)size;
    return 0;
}
