/* Software breakpoints and single step for the gdb stub, checked by the translator loop. */
#include "trix/cpu_debug.h"
#include "trix/runstate.h"

#define CPU_MAX_BREAKPOINTS 64

static uint64_t bp_pc[CPU_MAX_BREAKPOINTS];
static int bp_count;
static volatile int step_mode;          /* 0 off; 1 armed; 2 the stepped insn has begun */

bool cpu_breakpoint_at(uint64_t pc)
{
    for (int i = 0; i < bp_count; i++)
        if (bp_pc[i] == pc)
            return true;
    return false;
}

bool cpu_breakpoint_insert(uint64_t pc)
{
    if (cpu_breakpoint_at(pc))
        return true;
    if (bp_count == CPU_MAX_BREAKPOINTS)
        return false;
    bp_pc[bp_count++] = pc;
    tb_flush_all();
    return true;
}

bool cpu_breakpoint_remove(uint64_t pc)
{
    for (int i = 0; i < bp_count; i++) {
        if (bp_pc[i] == pc) {
            bp_pc[i] = bp_pc[--bp_count];
            tb_flush_all();
            return true;
        }
    }
    return false;
}

void cpu_breakpoint_remove_all(void)
{
    bp_count = 0;
    tb_flush_all();
}

void cpu_single_step_set(bool on)
{
    if ((step_mode != 0) != on)
        tb_flush_all();
    step_mode = on ? 1 : 0;
}

bool cpu_single_step_on(void)
{
    return step_mode != 0;
}

static void cpu_debug_stop(CPUState *cpu, uint64_t pc)
{
    cpu->target->set_pc(cpu, pc);
    step_mode = step_mode ? 1 : 0;
    vm_stop(RUN_REASON_DEBUG);
    cpu_loop_exit(cpu, EXCP_DEBUG);
}

static void helper_debug_exit(CPUState *cpu, uint64_t pc)
{
    cpu_debug_stop(cpu, pc);
}
static IR_HELPER(debug_exit, IR_HTYPE_VOID, IR_CALL_MAY_RAISE, IR_HTYPE_PTR, IR_I64);

/* The first block entered after arming runs its one instruction; the next one stops. */
static void helper_debug_step(CPUState *cpu, uint64_t pc)
{
    if (step_mode == 2)
        cpu_debug_stop(cpu, pc);
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
