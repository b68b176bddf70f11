/* The BlockBackend: one -drive's state (shared by drive.c and blk.c). */
#ifndef TRIX_BLK_INT_H
#define TRIX_BLK_INT_H

#include <pthread.h>
#include "block_int.h"

struct BlockBackend {
    char *id, *iface, *serial, *path;
    int index;
    bool read_only;
    bool discard_unmap;     /* discard=unmap */
    bool writethrough;      /* cache=writethrough|directsync: flush after each write */
    bool no_flush;          /* cache=unsafe */
    BlockNode *root;        /* the image, or the temporary overlay over it */
    pthread_mutex_t lock;
    BlockBackend *next;
};

extern BlockBackend *blk_list;

#endif
