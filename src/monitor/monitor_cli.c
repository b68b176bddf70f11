/* -qmp DEV and -mon chardev=ID,mode=control: open the backends and start QMP sessions on them. */
#include <string.h>
#include "monitor.h"
#include "trix/common.h"
#include "trix/machine.h"
#include "trix/opts.h"
#include "../system_int.h"

/* -mon chardev=ID[,mode=readline|control][,pretty=on|off]: HMP (readline) or QMP (control). */
static void monitor_open_mon(const char *arg)
{
    Opts *o = opts_parse("-mon", arg, "chardev");
    const char *id = opts_get(o, "chardev"), *mode = opts_get(o, "mode");
    opts_get_bool(o, "pretty", false);
    if (!id)
        trix_fatal("-mon %s: chardev=ID is required", arg);
    bool qmp = mode && !strcmp(mode, "control");
    if (mode && !qmp && strcmp(mode, "readline"))
        trix_fatal("-mon %s: unknown mode '%s' (readline or control)", arg, mode);
    opts_finish(o);
    CharBackend *c = chr_by_id(id);
    if (!c)
        trix_fatal("-mon %s: no -chardev with id=%s", arg, id);
    opts_free(o);
    if (qmp)
        qmp_start(c);
    else
        hmp_start(c);
}

void monitor_open_all(const SystemOpts *o)
{
    qmp_cmds_init();
    for (int i = 0; current_machine && i < MACHINE_MAX_SERIAL; i++)
        hmp_start_mux(current_machine->serial[i]);
    for (int i = 0; i < o->nqmp; i++) {
        const char *spec = o->qmp[i];
        if (!strncmp(spec, "hmp:", 4))
            hmp_start(chr_open(spec + 4));
        else if (!strncmp(spec, "mon:", 4))
            monitor_open_mon(spec + 4);
        else
            qmp_start(chr_open(spec));
    }
}
