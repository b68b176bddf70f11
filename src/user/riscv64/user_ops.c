/* riscv64 user mode's hook table: what src/user/ needs to know about this guest. */
#include <elf.h>
#include "rv_user.h"
#include "target/riscv64/cpu.h"

/* AT_HWCAP: one bit per single-letter extension, 'a' = bit 0: IMAFDC. */
#define RV_HWCAP(c) (1ull << ((c) - 'a'))

/* The letters Linux reports (IMAFDC) of the set -cpu left enabled. */
static uint64_t rv_user_hwcap(void)
{
    uint64_t imafdc = RV_HWCAP('i') | RV_HWCAP('m') | RV_HWCAP('a') | RV_HWCAP('f') |
                      RV_HWCAP('d') | RV_HWCAP('c');
    return rv_misa_of(rv_ext_config) & imafdc;
}

const TargetUserOps rv_user_ops = {
    .name = "riscv64",
    .uname_machine = "riscv64",
    .elf_machine = EM_RISCV,
    .elf_machine_name = "RISC-V",
    .hwcap = RV_HWCAP('i') | RV_HWCAP('m') | RV_HWCAP('a') | RV_HWCAP('f') | RV_HWCAP('d') |
             RV_HWCAP('c'),
    .get_hwcap = rv_user_hwcap,
    .addr_space = 1ull << 38,           /* Sv39 user space */
    .handle_exception = rv_user_exception,
    .init_regs = rv_user_init_regs,
    .syscall_args = rv_user_syscall_args,
    .syscall_return = rv_user_syscall_return,
    .clone_regs = rv_user_clone_regs,
    .fork_child_regs = rv_user_fork_child_regs,
    .get_sp = rv_user_get_sp,
    .setup_frame = rv_user_setup_frame,
    .rt_sigreturn = rv_user_rt_sigreturn,
    .sigtramp = rv_user_sigtramp,
    .sigtramp_size = 8,
    .stat_size = 128,
    .fill_stat = user_fill_stat_generic,
};
