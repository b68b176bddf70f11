/* The board registry: every MachineDef that -M can name (add new boards here). */
#include <string.h>
#include "trix/machine.h"
#include "trix/exec.h"

extern const MachineDef machine_none;
extern const MachineDef machine_riscv_virt;
extern const MachineDef machine_riscv_spike;

const MachineDef *const machine_list[] = {
    &machine_none,
    &machine_riscv_virt,
    &machine_riscv_spike,
    NULL,
};

const MachineDef *machine_next_for(const TargetOps *t, int *i)
{
    while (machine_list[*i]) {
        const MachineDef *d = machine_list[(*i)++];
        if (!d->target || !t || !strcmp(d->target, t->name))
            return d;
    }
    return NULL;
}
