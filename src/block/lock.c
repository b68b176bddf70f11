/* Image locking compatible with QEMU: OFD read locks on permission bytes 100+ and shared bytes 200+. */
/*
 * QEMU's scheme (observable in /proc/locks while QEMU runs): for each permission a user holds
 * (bit 0 consistent read, 1 write, 2 write-unchanged, 3 resize) it holds a shared OFD lock on
 * byte 100 + bit; for each permission it does not let others have, a shared lock on byte
 * 200 + bit. A new user conflicts when somebody else holds a byte it would need exclusive
 * access to: 100 + bit for a permission it does not share, 200 + bit for one it wants.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include "trix/common.h"
#include "block_int.h"

#define LOCK_PERM_BASE 100
#define LOCK_SHARED_BASE 200
#define LOCK_NPERMS 4

static const char *const lock_perm_names[LOCK_NPERMS] = {
    "consistent read", "write", "write unchanged", "resize",
};

static int lock_byte(int fd, int cmd, short type, off_t byte)
{
    struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = byte, .l_len = 1 };
    if (fcntl(fd, cmd, &fl) < 0)
        return -errno;
    if (cmd == F_OFD_GETLK && fl.l_type != F_UNLCK)
        return -EAGAIN;
    return 0;
}

/* Is byte held by another open file description? */
static bool lock_byte_busy(int fd, off_t byte)
{
    return lock_byte(fd, F_OFD_GETLK, F_WRLCK, byte) == -EAGAIN;
}

static char *lock_conflict(BlockFile *f, const char *what, int bit)
{
    return blk_strdup_printf("Failed to get %s\"%s\" lock on '%s': is another process (trix or "
                             "QEMU) using the image?", what, lock_perm_names[bit], f->path);
}

char *lock_image(BlockFile *f, unsigned held, unsigned unshared)
{
    for (int bit = 0; bit < LOCK_NPERMS; bit++) {
        int r = 0;
        if (held & (1u << bit))
            r = lock_byte(f->fd, F_OFD_SETLK, F_RDLCK, LOCK_PERM_BASE + bit);
        if (r == 0 && (unshared & (1u << bit)))
            r = lock_byte(f->fd, F_OFD_SETLK, F_RDLCK, LOCK_SHARED_BASE + bit);
        if (r == -EINVAL || r == -ENOTSUP || r == -ENOLCK)
            return NULL;        /* no OFD locks on this file system: run unlocked, like QEMU */
        if (r == -EAGAIN || r == -EACCES)
            return lock_conflict(f, (held & (1u << bit)) ? "" : "shared ", bit);
        if (r < 0)
            return blk_strdup_printf("could not lock '%s': %s", f->path, strerror(-r));
    }
    for (int bit = 0; bit < LOCK_NPERMS; bit++) {
        if ((unshared & (1u << bit)) && lock_byte_busy(f->fd, LOCK_PERM_BASE + bit))
            return lock_conflict(f, "shared ", bit);
        if ((held & (1u << bit)) && lock_byte_busy(f->fd, LOCK_SHARED_BASE + bit))
            return lock_conflict(f, "", bit);
    }
    return NULL;
}
