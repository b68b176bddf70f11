/* snapshot=on / -snapshot: writes go to an unlinked temporary qcow2 overlay over the image. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "trix/common.h"
#include "block_int.h"

static int snapshot_tmpfile(char **name)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/var/tmp";
    *name = blk_strdup_printf("%s/trix-snapshot.XXXXXX", dir);
    int fd = mkostemp(*name, O_CLOEXEC);
    if (fd >= 0)
        unlink(*name);          /* gone at exit, even after SIGKILL */
    return fd;
}

BlockNode *snapshot_overlay(BlockNode *base, const char *base_path, const char *base_fmt,
                            char **err)
{
    char *name;
    int fd = snapshot_tmpfile(&name);
    if (fd < 0) {
        *err = blk_strdup_printf("-snapshot: could not create a temporary overlay in %s: %s",
                                 name, strerror(errno));
        free(name);
        return NULL;
    }
    BlockFile *f = bfile_from_fd(fd, name, true);
    free(name);
    char *abs = realpath(base_path, NULL);
    int r = qcow2_create(f, base->size, abs ? abs : base_path, base_fmt);
    free(abs);
    if (r < 0) {
        *err = blk_strdup_printf("-snapshot: could not write the overlay: %s", strerror(-r));
        bfile_close(f);
        return NULL;
    }
    /* The overlay names its backing file, but we hand it the open base node. */
    NodeOpenOpts o = { .writable = true, .skip_backing = true };
    BlockNode *n = qcow2_open(f, &o, err);
    if (!n) {
        bfile_close(f);
        return NULL;
    }
    n->backing = base;
    return n;
}
