/* User-mode Linux emulation: shared state and the interfaces between its modules. */
#ifndef TRIX_USER_H
#define TRIX_USER_H

#include <signal.h>
#include <sys/types.h>
#include "trix/exec.h"

struct stat;

/* Entry point called by src/main.c for trix-<arch> (user mode). */
int user_main(const TargetOps *t, int argc, char **argv);

/* Command-line settings; the ones that matter survive execve of another guest program. */
typedef struct UserOptions {
    const char *ld_prefix;          /* -L / QEMU_LD_PREFIX, NULL if none */
    const char *log_items;          /* -d */
    const char *log_file;           /* -D */
    const char *cpu_model;          /* -cpu */
    bool strace;                    /* -strace / QEMU_STRACE */
    bool seed_set;
    uint64_t seed;                  /* -seed: deterministic AT_RANDOM and getrandom */
} UserOptions;
extern UserOptions user_opts;
extern const char *user_exec_path;  /* absolute path of the running guest program */

/* What the ELF loader produced for the initial CPU state. */
typedef struct ImageInfo {
    uint64_t entry;                 /* where execution starts (interpreter's if any) */
    uint64_t prog_entry;            /* AT_ENTRY */
    uint64_t phdr, phnum;           /* AT_PHDR, AT_PHNUM */
    uint64_t interp_base;           /* AT_BASE, 0 without interpreter */
    uint64_t brk;                   /* initial program break */
    uint64_t sp;                    /* initial stack pointer */
} ImageInfo;

/* Per guest thread state, reachable as cpu->opaque and the thread-local user_task. */
typedef struct TaskState {
    CPUState *cpu;
    pid_t tid;
    uint64_t clear_child_tid;       /* CLONE_CHILD_CLEARTID / set_tid_address */
    uint64_t sigmask;               /* guest blocked set: bit sig-1 */
    uint64_t saved_sigmask;         /* mask to restore after a sigsuspend-style wait */
    bool saved_sigmask_valid;
    bool in_restart;                /* last syscall returned ERESTARTSYS; pc is on the ecall */
    bool host_sigbus;               /* the last access fault was a host SIGBUS */
    uint64_t ss_sp, ss_size;        /* sigaltstack */
    int ss_flags;
    volatile uint64_t pending;      /* caught by host handlers, not yet delivered: bit sig-1 */
    volatile int sig_ready;         /* a deliverable signal arrived (safe_syscall.c) */
    uint64_t strace_logged;         /* pending signals -strace has shown as queued */
    siginfo_t pending_info[64];
} TaskState;
extern __thread TaskState *user_task;

/* Internal syscall results (never seen by the guest). */
#define TARGET_ERESTARTSYS 512
#define USER_RET_SIGRETURN (-100000)   /* rt_sigreturn restored every register */

/* ---- threads and the global lock (thread.c) ---- */
void user_lock(void);                 /* fair: a waiter makes the running vCPU yield */
void user_unlock(void);
bool user_lock_contended(void);
int user_thread_count(void);
void user_thread_after_fork(void);
TaskState *user_task_create(CPUState *cpu);

/* ---- guest memory map (mmap.c) ---- */
void mmap_init(uint64_t addr_space);
/* The page above the guest's reach holding the signal return code (user_sigtramp_addr). */
void mmap_init_sigtramp(const void *code, size_t size);
bool mmap_range_ok(uint64_t addr, uint64_t len);    /* inside what the guest may map */
uint64_t mmap_find_free(uint64_t len);
long user_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off);
long user_munmap(uint64_t addr, uint64_t len);
long user_mprotect(uint64_t addr, uint64_t len, int prot);
long user_mremap(uint64_t old, uint64_t old_len, uint64_t new_len, int flags, uint64_t new_addr);
long user_brk(uint64_t brk);
void mmap_set_brk(uint64_t brk);
bool mmap_unprotect_page(uint64_t addr);   /* write to a code page: invalidate, unprotect */
void mmap_make_writable(uint64_t addr, uint64_t len);
extern uint64_t mmap_stack_top;

/* ---- guest memory access for syscalls (uaccess.c) ---- */
void *user_ptr(uint64_t gaddr, uint64_t len, int prot);     /* NULL: -EFAULT */
int user_get(void *dst, uint64_t gaddr, size_t len);        /* 0 or -EFAULT */
int user_put(uint64_t gaddr, const void *src, size_t len);
int user_put_u64(uint64_t gaddr, uint64_t v);
int user_put_u32(uint64_t gaddr, uint32_t v);
const char *user_str(uint64_t gaddr);                       /* NULL: -EFAULT */
/* Guest path -> host path, trying the -L prefix first for absolute paths that exist there. */
const char *user_path(uint64_t gaddr, char *buf, size_t size);
const char *user_prefix_path(const char *path, char *buf, size_t size);
char **user_strvec(uint64_t gaddr, int *err);               /* argv/envp copy, malloc'ed */
void user_strvec_free(char **v);

/* ---- ELF loading (elfload.c) ---- */
bool elf_is_target(const char *path);
/* /proc/self/maps (procfs.c): a segment the loader copied in from a file. */
void user_proc_note_image(uint64_t start, uint64_t end, const char *path, uint64_t off);
void elf_load_program(const char *path, char **argv, char **envp, ImageInfo *info);

/* ---- signals (signal.c) ---- */
void sig_init(void);
int sig_host_to_target(int hsig);
int sig_target_to_host(int tsig);
void sig_set_mask(TaskState *ts, uint64_t mask);
bool sig_deliverable(TaskState *ts);
void sig_handle_pending(CPUState *cpu);
void sig_force(CPUState *cpu, int sig, int code, uint64_t addr);
/* The sigaltstack rules every guest's signal frame follows (signal.c): sp is on the
 * alternate stack; the ss_flags a frame records; where a frame of `size` bytes goes
 * (on the alternate stack for SA_ONSTACK unless already there, 16-byte aligned). */
bool sig_on_altstack(const TaskState *ts, uint64_t sp);
int sig_altstack_flags(const TaskState *ts, uint64_t sp);
struct GuestSigAction;
uint64_t sig_frame_addr(const TaskState *ts, const struct GuestSigAction *ka, uint64_t sp,
                        size_t size);
NORETURN void sig_die(int tsig);
void sig_after_fork(void);
void sig_before_exec(void);

/* ---- syscalls ---- */
long user_syscall(CPUState *cpu, int nr, const uint64_t args[6]);
typedef long (*SysFn)(const uint64_t *a);
typedef struct SysDef {
    const char *name;
    SysFn fn;
    const char *fmt;                /* -strace argument kinds, see strace.c */
    unsigned flags;
} SysDef;
enum { SC_NORESTART = 1, SC_NOSTRACE_RET = 2, SC_RET_PTR = 4 };
void sys_file_register(SysDef *tab);
void sys_file2_register(SysDef *tab);
void sys_xattr_register(SysDef *tab);
void sys_misc_register(SysDef *tab);
void sys_proc_register(SysDef *tab);
void sys_sig_register(SysDef *tab);
void sys_mem_register(SysDef *tab);
void sys_net_register(SysDef *tab);
void sys_signalfd_register(SysDef *tab);
void strace_enter(const SysDef *d, int nr, const uint64_t *a);
void strace_leave(const SysDef *d, long ret);
void user_fd_guard_init(void);
bool user_fd_reserved(int fd);
bool user_fd_guard_refuses(int nr, const uint64_t *a);
void strace_signal(const char *what, int sig, const siginfo_t *si);

/* A blocking host system call with the global lock released, interrupted (-EINTR) by a guest
 * signal that arrives at any time from just before it (safe_syscall.c). Returns -errno. */
long user_safe_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
#define SAFE_ARG_(x) ((long)(x))
#define USER_SAFE0(nr) user_safe_syscall6(nr, 0, 0, 0, 0, 0, 0)
#define USER_SAFE(nr, ...) USER_SAFE_N_(nr, __VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define USER_SAFE_N_(nr, a, b, c, d, e, f, ...) \
    user_safe_syscall6(nr, SAFE_ARG_(a), SAFE_ARG_(b), SAFE_ARG_(c), SAFE_ARG_(d), \
                       SAFE_ARG_(e), SAFE_ARG_(f))
void user_safe_syscall_signal(void *ucv);   /* from host signal handlers */
/* Run a blocking host call with the global lock released (only for calls that cannot block
 * indefinitely; the others use USER_SAFE). */
#define USER_BLOCKING(expr) ({ user_unlock(); long r_ = (long)(expr); int e_ = errno; \
                               user_lock(); errno = e_; r_; })
/* Host result -> guest result (-errno on failure). */
#define HRET(expr) ({ long r_ = (long)(expr); r_ < 0 ? -(long)errno : r_; })

/* ---- the guest's part (src/user/<arch>/): one table per guest ---- */
struct GuestSigAction;
typedef struct TargetUserOps {
    const char *name;               /* the TargetOps name it belongs to ("riscv64") */
    const char *uname_machine;      /* uname -m */
    uint16_t elf_machine;           /* e_machine of guest programs */
    const char *elf_machine_name;   /* for "is not RISC-V" messages */
    uint64_t hwcap, hwcap2;         /* AT_HWCAP, AT_HWCAP2 */
    uint64_t (*get_hwcap)(void);    /* when set, AT_HWCAP (it follows the -cpu properties) */
    uint64_t addr_space;            /* size of the guest user address space */
    /* The guest's own exits from cpu_exec (syscall, illegal insn, faults) as syscalls and
     * signals; false for an unknown one. The loop itself is user_cpu_loop (cpu_loop.c). */
    bool (*handle_exception)(CPUState *cpu, int excp);
    void (*init_regs)(CPUState *cpu, const ImageInfo *info);
    /* Syscalls: the number and six arguments; the result written and the pc moved past the
     * syscall instruction (an unfinished call leaves the pc on it, to be restarted). */
    int (*syscall_args)(CPUState *cpu, uint64_t args[6]);
    void (*syscall_return)(CPUState *cpu, long ret);
    /* A new thread: the parent's registers, past the syscall, returning 0. */
    void (*clone_regs)(CPUState *child, CPUState *parent, uint64_t newsp, uint64_t tls,
                       bool set_tls);
    /* A fork child (the cpu is the parent's copy): new stack and TLS if asked. */
    void (*fork_child_regs)(CPUState *cpu, uint64_t newsp, uint64_t tls, bool set_tls);
    uint64_t (*get_sp)(CPUState *cpu);
    /* Signal frames: build one for a handler (false: the frame is not writable) and undo it
     * at rt_sigreturn (returns USER_RET_SIGRETURN). The handler returns to `tramp`. */
    bool (*setup_frame)(CPUState *cpu, int sig, const struct GuestSigAction *ka,
                        const siginfo_t *info, uint64_t oldmask, uint64_t tramp);
    long (*rt_sigreturn)(CPUState *cpu);
    const void *sigtramp;           /* code of the return path: calls rt_sigreturn */
    size_t sigtramp_size;
    size_t stat_size;               /* guest struct stat */
    void (*fill_stat)(void *dst, const struct stat *st);
    bool sa_restorer;               /* struct sigaction has sa_restorer (arm64, x86-64) */
    /* open(2) flags where the guest's O_* values differ from the host's (arm64's
     * O_DIRECTORY/O_NOFOLLOW/O_DIRECT/O_LARGEFILE); NULL when they are the same. */
    int (*open_flags_to_host)(int flags);
    bool has_renameat;              /* the table has renameat (38) */
    int (*open_flags_to_target)(int flags);
    /* Calls this guest has and the shared table lacks (x86-64's arch_prctl, poll, ...):
     * syscall_args returns TNR_COUNT + i for arch_sys[i]. */
    const SysDef *arch_sys;
    int narch_sys;
} TargetUserOps;
extern const TargetUserOps *user_target;
extern const TargetUserOps rv_user_ops;
extern const TargetUserOps a64_user_ops;
extern const TargetUserOps x86_user_ops;
/* Guest open flags to host and back (identity when the target has no conversion). */
static inline int user_open_flags_to_host(int f)
{ return user_target->open_flags_to_host ? user_target->open_flags_to_host(f) : f; }
static inline int user_open_flags_to_target(int f)
{ return user_target->open_flags_to_target ? user_target->open_flags_to_target(f) : f; }
/* struct stat of the asm-generic ABI (stat_generic.c). */
void user_fill_stat_generic(void *dst, const struct stat *st);
const TargetUserOps *user_target_find(const char *name);
/* The guest's syscall instruction: run the call, then write the result or leave for a restart. */
void user_cpu_syscall(CPUState *cpu);
/* The cpu loop every guest thread runs (cpu_loop.c). */
NORETURN void user_cpu_loop(CPUState *cpu);
/* A memory fault at addr as the kernel reports it: SIGBUS for a host bus error behind an
 * access fault (access), otherwise SIGSEGV with MAPERR or ACCERR from the page flags. */
void user_fault_signal(CPUState *cpu, uint64_t addr, bool access);
/* Address of the signal return trampoline (a page the guest cannot unmap, see mmap.c). */
extern uint64_t user_sigtramp_addr;

/* Guest sigaction. In guest memory it is {handler, flags, mask} on the generic (riscv) ABI
 * and {handler, flags, restorer, mask} where TargetUserOps.sa_restorer is set. */
typedef struct GuestSigAction {
    uint64_t handler;
    uint64_t flags;
    uint64_t mask;
    uint64_t restorer;              /* SA_RESTORER's return address, 0 if none */
} GuestSigAction;
extern GuestSigAction sig_actions[65];
enum { TARGET_SIG_DFL = 0, TARGET_SIG_IGN = 1 };

#endif
