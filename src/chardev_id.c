/* -chardev BACKEND,id=ID,...: QEMU's spelling translated to a chr_open() backend, looked up by id. */
#include <stdlib.h>
#include <string.h>
#include "trix/machine.h"
#include "trix/opts.h"

typedef struct ChrById {
    char *id;
    CharBackend *chr;
} ChrById;

static ChrById chr_ids[MACHINE_MAX_OPTS];
static int chr_nids;

/* The chr_open() spec for one -chardev option string (fatal on what we do not support). */
static char *chr_id_spec(Opts *o, const char *arg)
{
    const char *be = opts_get(o, "backend"), *path = opts_get(o, "path");
    bool server = opts_get_bool(o, "server", false), wait = opts_get_bool(o, "wait", true);
    char spec[512];
    if (!be)
        trix_fatal("-chardev %s: no backend", arg);
    if (!strcmp(be, "null") || !strcmp(be, "stdio") || !strcmp(be, "pty"))
        return trix_strdup(be);
    if (!strcmp(be, "file") && path) {
        snprintf(spec, sizeof(spec), "file:%s", path);
        return trix_strdup(spec);
    }
    if (!strcmp(be, "socket")) {
        const char *host = opts_get(o, "host"), *port = opts_get(o, "port");
        if (path)
            snprintf(spec, sizeof(spec), "unix:%s", path);
        else if (port)
            snprintf(spec, sizeof(spec), "tcp:%s:%s", host ? host : "", port);
        else
            trix_fatal("-chardev %s: socket needs path= or port=", arg);
        if (server)
            strncat(spec, wait ? ",server" : ",server,nowait", sizeof(spec) - strlen(spec) - 1);
        return trix_strdup(spec);
    }
    trix_fatal("-chardev %s: backend '%s' is not supported (null, stdio, pty, file,path=F, "
               "socket,path=P|host=H,port=N[,server=on][,wait=off])", arg, be);
}

/* At start-up: every -chardev has an id, a unique one, and a backend and options trix
 * supports, even if nothing uses it (QEMU opens them all). */
void chr_ids_check(void)
{
    for (int i = 0; current_machine && i < current_machine->nchardev; i++) {
        const char *arg = current_machine->chardev[i];
        Opts *o = opts_parse("-chardev", arg, "backend");
        const char *id = opts_get(o, "id");
        if (!id || !*id)
            trix_fatal("-chardev %s: id= is required", arg);
        for (int j = 0; j < i; j++) {
            Opts *p = opts_parse("-chardev", current_machine->chardev[j], "backend");
            const char *pid = opts_get(p, "id");
            if (pid && !strcmp(pid, id))
                trix_fatal("-chardev %s: duplicate chardev id '%s'", arg, id);
            opts_free(p);
        }
        free(chr_id_spec(o, arg));
        opts_finish(o);
        opts_free(o);
    }
}

CharBackend *chr_by_id(const char *id)
{
    for (int i = 0; i < chr_nids; i++)
        if (!strcmp(chr_ids[i].id, id))
            return chr_ids[i].chr;
    for (int i = 0; current_machine && i < current_machine->nchardev; i++) {
        const char *arg = current_machine->chardev[i];
        Opts *o = opts_parse("-chardev", arg, "backend");
        const char *cid = opts_get(o, "id");
        if (!cid || strcmp(cid, id)) {
            opts_free(o);
            continue;
        }
        char *spec = chr_id_spec(o, arg);
        opts_finish(o);
        ChrById *c = &chr_ids[chr_nids++];
        c->id = trix_strdup(id);
        c->chr = chr_open(spec);
        free(spec);
        opts_free(o);
        return c->chr;
    }
    return NULL;
}
