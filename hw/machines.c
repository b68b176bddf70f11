/* The board registry: every MachineDef that -M can name (add new boards here). */
#include "trix/machine.h"

extern const MachineDef machine_none;

const MachineDef *const machine_list[] = {
    &machine_none,
    NULL,
};
