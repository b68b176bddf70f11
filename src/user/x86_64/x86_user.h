/* x86-64 user mode: the functions behind x86_user_ops (user_ops.c). */
#ifndef TRIX_USER_X86_USER_H
#define TRIX_USER_X86_USER_H

#include "../user.h"

bool x86_user_exception(CPUState *cpu, int excp);
bool x86_user_setup_frame(CPUState *cpu, int sig, const GuestSigAction *ka,
                          const siginfo_t *info, uint64_t oldmask, uint64_t tramp);
long x86_user_rt_sigreturn(CPUState *cpu);
extern const uint8_t x86_user_sigtramp[7];
int x86_syscall_map(uint64_t nr, uint64_t args[6]);
extern const SysDef x86_arch_sys[];
#define X86_NARCH_SYS 8     /* entries of x86_arch_sys (syscall.c checks) */

#endif
