/* The board registry: every MachineDef that -M can name (add new boards here). */
#include "trix/machine.h"

extern const MachineDef machine_none;
extern const MachineDef machine_riscv_virt;
extern const MachineDef machine_riscv_spike;
extern const MachineDef machine_arm_virt;
extern const MachineDef machine_x86_microvm;
extern const MachineDef machine_x86_pc;

const MachineDef *const machine_list[] = {
    &machine_none,
    &machine_riscv_virt,
    &machine_riscv_spike,
    &machine_arm_virt,
    &machine_x86_microvm,
    &machine_x86_pc,
    NULL,
};
