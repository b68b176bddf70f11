/* Breakpoints, single step and watchpoints for the gdb stub, checked by the translator loop
 * and the softmmu slow path. */
#include "trix/cpu_debug.h"
#include "trix/runstate.h"
#include "trix/softmmu.h"

#define CPU_MAX_BREAKPOINTS 64
#define CPU_MAX_WATCHPOINTS 16

typedef struct Watchpoint { uint64_t addr, len; int type; } Watchpoint;

/* A software and a hardware breakpoint at one address are separate entries (gdb's own
 * step breakpoint may sit on a user's hbreak and is removed on its own). */
typedef struct Breakpoint { uint64_t pc; int type; } Breakpoint;

static Breakpoint bp[CPU_MAX_BREAKPOINTS];
static int bp_count;
static Watchpoint wp[CPU_MAX_WATCHPOINTS];
int cpu_watchpoint_count;
static CPUState *volatile step_cpu;     /* the CPU being stepped, NULL if none */
static CPUState *volatile only_cpu;     /* the one CPU allowed to run, NULL: all */
static volatile int step_mode;          /* 0 off; 1 armed; 2 the stepped insn has begun */
static CpuDebugStop last_stop;

CPUState *cpu_list_first(void);

bool cpu_breakpoint_at(uint64_t pc)
{
    for (int i = 0; i < bp_count; i++)
        if (bp[i].pc == pc)
            return true;
    return false;
}

static int cpu_breakpoint_find(uint64_t pc, int type)
{
    for (int i = 0; i < bp_count; i++)
        if (bp[i].pc == pc && bp[i].type == type)
            return i;
    return -1;
}

bool cpu_breakpoint_insert(uint64_t pc, int type)
{
    if (cpu_breakpoint_find(pc, type) >= 0)
        return true;
    if (bp_count == CPU_MAX_BREAKPOINTS)
        return false;
    bp[bp_count++] = (Breakpoint){ pc, type };
    tb_flush_all();
    return true;
}

bool cpu_breakpoint_remove(uint64_t pc, int type)
{
    int i = cpu_breakpoint_find(pc, type);
    if (i < 0)
        return false;
    bp[i] = bp[--bp_count];
    tb_flush_all();
    return true;
}

void cpu_breakpoint_remove_all(void)
{
    bp_count = 0;
    tb_flush_all();
}

void cpu_single_step_set(CPUState *cpu)
{
    if ((step_cpu != NULL) != (cpu != NULL))
        tb_flush_all();
    step_cpu = cpu;
    step_mode = cpu ? 1 : 0;
    if (cpu)
        only_cpu = cpu;
}

void cpu_debug_run_only(CPUState *cpu)
{
    only_cpu = cpu;
}

bool cpu_single_step_on(void)
{
    return step_cpu != NULL;
}

bool cpu_debug_may_run(CPUState *cpu)
{
    return !only_cpu || only_cpu == cpu;
}

bool cpu_debug_irq_masked(CPUState *cpu)
{
    return step_cpu == cpu;
}

static void cpu_debug_record(CPUState *cpu, CpuStopKind kind)
{
    last_stop = (CpuDebugStop){ .kind = kind, .cpu = cpu };
}

CpuDebugStop cpu_debug_last_stop(void)
{
    return last_stop;
}

void cpu_debug_clear_stop(void)
{
    last_stop = (CpuDebugStop){ 0 };
}

static NORETURN void cpu_debug_stop(CPUState *cpu, uint64_t pc, CpuStopKind kind)
{
    cpu->target->set_pc(cpu, pc);
    step_mode = step_mode ? 1 : 0;
    cpu_debug_record(cpu, kind);
    if (exec_softmmu)
        vm_stop(RUN_REASON_DEBUG);      /* user mode: the cpu loop hands it to gdb */
    cpu_loop_exit(cpu, EXCP_DEBUG);
}

static void helper_debug_exit(CPUState *cpu, uint64_t pc)
{
    cpu_debug_stop(cpu, pc, CPU_STOP_BREAK);
}
static IR_HELPER(debug_exit, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64);

/* The first block the stepping CPU enters after arming runs its one instruction; the next
 * one stops. */
static void helper_debug_step(CPUState *cpu, uint64_t pc)
{
    if (cpu != step_cpu)
        return;
    if (step_mode == 2)
        cpu_debug_stop(cpu, pc, CPU_STOP_STEP);
    if (step_mode == 1)
        step_mode = 2;
}
static IR_HELPER(debug_step, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64);

void cpu_debug_gen_exit(IRBlock *b, uint64_t pc)
{
    ir_callv(b, &helper_info_debug_exit, IR_NO_TEMP, IR_TEMP_ENV_PTR, ir_const64(b, pc));
}

void cpu_debug_gen_step_check(IRBlock *b, uint64_t pc)
{
    ir_callv(b, &helper_info_debug_step, IR_NO_TEMP, IR_TEMP_ENV_PTR, ir_const64(b, pc));
}

/* ---- watchpoints ---- */

static void cpu_watch_changed(void)
{
    for (CPUState *c = cpu_list_first(); c; c = c->next)
        tlb_flush(c);
}

bool cpu_watchpoint_insert(uint64_t addr, uint64_t len, int type)
{
    if (len == 0 || addr + len < addr || type < CPU_WATCH_WRITE || type > CPU_WATCH_ACCESS)
        return false;
    for (int i = 0; i < cpu_watchpoint_count; i++)
        if (wp[i].addr == addr && wp[i].len == len && wp[i].type == type)
            return true;
    if (cpu_watchpoint_count == CPU_MAX_WATCHPOINTS)
        return false;
    wp[cpu_watchpoint_count++] = (Watchpoint){ addr, len, type };
    cpu_watch_changed();
    return true;
}

bool cpu_watchpoint_remove(uint64_t addr, uint64_t len, int type)
{
    for (int i = 0; i < cpu_watchpoint_count; i++) {
        if (wp[i].addr == addr && wp[i].len == len && wp[i].type == type) {
            wp[i] = wp[--cpu_watchpoint_count];
            cpu_watch_changed();
            return true;
        }
    }
    return false;
}

void cpu_watchpoint_remove_all(void)
{
    if (cpu_watchpoint_count) {
        cpu_watchpoint_count = 0;
        cpu_watch_changed();
    }
}

static bool cpu_range_overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a <= b + (blen - 1) && b <= a + (alen - 1);
}

bool cpu_watchpoint_page(uint64_t vpage)
{
    for (int i = 0; i < cpu_watchpoint_count; i++)
        if (cpu_range_overlaps(wp[i].addr, wp[i].len, vpage, TARGET_PAGE_SIZE))
            return true;
    return false;
}

void cpu_watchpoint_check(CPUState *cpu, uint64_t addr, unsigned size, MMUAccessType type)
{
    int want = type == MMU_DATA_STORE ? CPU_WATCH_WRITE : CPU_WATCH_READ;
    for (int i = 0; i < cpu_watchpoint_count; i++) {
        if (!(wp[i].type & want) || !cpu_range_overlaps(wp[i].addr, wp[i].len, addr, size))
            continue;
        cpu_debug_record(cpu, CPU_STOP_WATCH);
        last_stop.watch_type = wp[i].type;
        last_stop.watch_addr = addr > wp[i].addr ? addr : wp[i].addr;
        vm_stop(RUN_REASON_DEBUG);
        cpu_loop_exit_restore(cpu, EXCP_DEBUG);
    }
}
