/* riscv64 user mode: the functions behind rv_user_ops (user_ops.c). */
#ifndef TRIX_USER_RV_USER_H
#define TRIX_USER_RV_USER_H

#include "../user.h"

void rv_user_init_regs(CPUState *cpu, const ImageInfo *info);
bool rv_user_exception(CPUState *cpu, int excp);
int rv_user_syscall_args(CPUState *cpu, uint64_t args[6]);
void rv_user_syscall_return(CPUState *cpu, long ret);
void rv_user_clone_regs(CPUState *child, CPUState *parent, uint64_t newsp, uint64_t tls,
                        bool set_tls);
void rv_user_fork_child_regs(CPUState *cpu, uint64_t newsp, uint64_t tls, bool set_tls);
uint64_t rv_user_get_sp(CPUState *cpu);
bool rv_user_setup_frame(CPUState *cpu, int sig, const GuestSigAction *ka,
                         const siginfo_t *info, uint64_t oldmask, uint64_t tramp);
long rv_user_rt_sigreturn(CPUState *cpu);
extern const uint32_t rv_user_sigtramp[2];

#endif
