/* Stand-in raw-file block backend until src/block/ is merged (compiles to nothing after). */
#include "hw/virtio/block_api.h"
#ifdef TRIX_BLOCK_FALLBACK
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "trix/machine.h"
#include "trix/opts.h"

/*
 * Only what the virtio tests need: -drive file=F[,format=raw][,if=virtio|none][,id=X]
 * [,readonly=on][,cache=...][,serial=S]. The real block layer replaces all of this.
 */
struct BlockBackend {
    char *id, *iface, *serial;
    int fd;
    bool ro;
    int64_t len;
};

static BlockBackend *fb_drives[MACHINE_MAX_OPTS];
static int fb_ndrives = -1;

static BlockBackend *fb_open(const char *spec, int index)
{
    Opts *o = opts_parse("-drive", spec, NULL);
    BlockBackend *b = trix_malloc0(sizeof(*b));
    const char *file = opts_get(o, "file"), *fmt = opts_get(o, "format");
    const char *id = opts_get(o, "id"), *iface = opts_get(o, "if"), *ser = opts_get(o, "serial");
    opts_get(o, "cache");
    b->ro = opts_get_bool(o, "readonly", false);
    opts_finish(o);
    if (!file)
        trix_fatal("-drive %s: no file=", spec);
    if (fmt && strcmp(fmt, "raw"))
        trix_fatal("-drive %s: format '%s' needs the block layer", spec, fmt);
    b->iface = trix_strdup(iface ? iface : "virtio");
    char name[32];
    snprintf(name, sizeof(name), "%s%d", b->iface, index);
    b->id = trix_strdup(id ? id : name);
    b->serial = ser ? trix_strdup(ser) : NULL;
    b->fd = open(file, b->ro ? O_RDONLY : O_RDWR);
    if (b->fd < 0)
        trix_fatal_errno("-drive %s: cannot open '%s'", spec, file);
    struct stat st;
    b->len = fstat(b->fd, &st) ? 0 : st.st_size;
    opts_free(o);
    return b;
}

static void fb_init(void)
{
    if (fb_ndrives >= 0)
        return;
    fb_ndrives = 0;
    int per_if = 0;
    for (int i = 0; current_machine && i < current_machine->ndrive; i++) {
        BlockBackend *b = fb_open(current_machine->drive[i], per_if);
        per_if += !strcmp(b->iface, "virtio");
        fb_drives[fb_ndrives++] = b;
    }
}

BlockBackend *blk_by_id(const char *id)
{
    fb_init();
    for (int i = 0; i < fb_ndrives; i++)
        if (!strcmp(fb_drives[i]->id, id))
            return fb_drives[i];
    return NULL;
}

void blk_drives_for_if(const char *iface, void (*fn)(BlockBackend *, void *), void *opaque)
{
    fb_init();
    for (int i = 0; i < fb_ndrives; i++)
        if (!strcmp(fb_drives[i]->iface, iface))
            fn(fb_drives[i], opaque);
}

int64_t blk_getlength(BlockBackend *b) { return b->len; }
bool blk_is_read_only(BlockBackend *b) { return b->ro; }
const char *blk_serial(BlockBackend *b) { return b->serial; }

static bool fb_range(BlockBackend *b, uint64_t off, uint64_t len)
{
    return off <= (uint64_t)b->len && len <= (uint64_t)b->len - off;
}

int blk_pread(BlockBackend *b, uint64_t off, void *buf, size_t len)
{
    if (!fb_range(b, off, len))
        return -EIO;
    for (size_t done = 0; done < len;) {
        ssize_t r = pread(b->fd, (char *)buf + done, len - done, off + done);
        if (r <= 0)
            return r < 0 ? -errno : -EIO;
        done += r;
    }
    return 0;
}

int blk_pwrite(BlockBackend *b, uint64_t off, const void *buf, size_t len)
{
    if (b->ro)
        return -EROFS;
    if (!fb_range(b, off, len))
        return -EIO;
    for (size_t done = 0; done < len;) {
        ssize_t r = pwrite(b->fd, (const char *)buf + done, len - done, off + done);
        if (r <= 0)
            return r < 0 ? -errno : -EIO;
        done += r;
    }
    return 0;
}

int blk_flush(BlockBackend *b)
{
    return fdatasync(b->fd) ? -errno : 0;
}

int blk_write_zeroes(BlockBackend *b, uint64_t off, uint64_t len, bool may_unmap)
{
    if (b->ro)
        return -EROFS;
    if (!fb_range(b, off, len))
        return -EIO;
    if (!fallocate(b->fd, FALLOC_FL_ZERO_RANGE, off, len))
        return 0;
    static const uint8_t zero[65536];
    for (uint64_t done = 0; done < len;) {
        size_t k = len - done < sizeof(zero) ? len - done : sizeof(zero);
        int r = blk_pwrite(b, off + done, zero, k);
        if (r)
            return r;
        done += k;
    }
    return 0;
}

int blk_discard(BlockBackend *b, uint64_t off, uint64_t len)
{
    if (b->ro)
        return -EROFS;
    if (!fb_range(b, off, len))
        return -EIO;
    fallocate(b->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len);
    return 0;
}
#endif
