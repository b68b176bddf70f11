/* -qmp DEV and -mon chardev=ID,mode=control: open the backends and start QMP sessions on them. */
#include <string.h>
#include "monitor.h"
#include "trix/common.h"
#include "trix/machine.h"
#include "trix/opts.h"
#include "../system_int.h"

static CharBackend *monitor_open_mon(const char *arg)
{
    Opts *o = opts_parse("-mon", arg, "chardev");
    const char *id = opts_get(o, "chardev"), *mode = opts_get(o, "mode");
    opts_get_bool(o, "pretty", false);
    if (!id)
        trix_fatal("-mon %s: chardev=ID is required", arg);
    if (mode && strcmp(mode, "control"))
        trix_fatal("-mon %s: mode=%s is not supported yet (only mode=control, QMP)", arg, mode);
    if (!mode)
        trix_fatal("-mon %s: the default mode=readline (HMP) is not supported yet; use "
                   "mode=control", arg);
    opts_finish(o);
    CharBackend *c = chr_by_id(id);
    if (!c)
        trix_fatal("-mon %s: no -chardev with id=%s", arg, id);
    opts_free(o);
    return c;
}

void monitor_open_all(const SystemOpts *o)
{
    for (int i = 0; i < o->nqmp; i++) {
        const char *spec = o->qmp[i];
        CharBackend *c = !strncmp(spec, "mon:", 4) ? monitor_open_mon(spec + 4) : chr_open(spec);
        qmp_start(c);
    }
}
