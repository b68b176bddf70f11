/* arm64 user mode: the functions behind a64_user_ops (user_ops.c). */
#ifndef TRIX_USER_A64_USER_H
#define TRIX_USER_A64_USER_H

#include "../user.h"

bool a64_user_exception(CPUState *cpu, int excp);
bool a64_user_setup_frame(CPUState *cpu, int sig, const GuestSigAction *ka,
                          const siginfo_t *info, uint64_t oldmask, uint64_t tramp);
long a64_user_rt_sigreturn(CPUState *cpu);
extern const uint32_t a64_user_sigtramp[2];

#endif
