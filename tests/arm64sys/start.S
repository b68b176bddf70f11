/* Bare-metal AArch64 test runtime: entry at EL1 (or EL2: rt_el2 = 1, the EL2 vectors call
 * rt_el2_trap and EL2 keeps the top 4 KiB of the stack), per-CPU stacks, the EL1 vector table
 * saving a frame for the C handler (rt.c), secondary CPUs parking with PSCI CPU_OFF. */
    .section .text.start
    .global _start
_start:
    mrs     x19, mpidr_el1
    and     x19, x19, #0xff
    adr     x1, stacks_end
    lsl     x2, x19, #14                /* 16 KiB per CPU */
    sub     x1, x1, x2
    mov     sp, x1
    mrs     x2, CurrentEL
    cmp     x2, #8
    b.ne    1f
    adr     x1, rt_el2
    mov     w2, #1
    str     w2, [x1]
    adr     x1, vectors_el2
    msr     vbar_el2, x1
    bl      rt_el2_to_el1               /* started at EL2: continue at EL1 */
1:  adr     x1, vectors
    msr     vbar_el1, x1
    isb
    cbnz    x19, secondary
    bl      main
    bl      rt_exit
    b       .
secondary:
    ldr     x0, =0x84000002             /* PSCI CPU_OFF */
    hvc     #0
    b       .

    .global secondary_entry             /* CPU_ON entry: x0 = context id */
secondary_entry:
    mrs     x19, mpidr_el1
    and     x19, x19, #0xff
    adr     x1, stacks_end
    lsl     x2, x19, #14
    sub     x1, x1, x2
    mov     sp, x1
    adr     x1, vectors
    msr     vbar_el1, x1
    isb
    bl      secondary_main
    b       .

/* Drop from EL2 to EL1h with the stack we have. */
rt_el2_to_el1:
    mov     x2, #(1 << 31)              /* HCR_EL2.RW */
    msr     hcr_el2, x2
    sub     x2, sp, #4096                /* EL2's own stack above EL1's */
    msr     sp_el1, x2
    mov     x2, #0x3c5                  /* EL1h, DAIF masked */
    msr     spsr_el2, x2
    msr     elr_el2, x30
    eret

/* One vector: save x0-x30, ELR, SPSR, ESR, FAR in a 288-byte frame; rt_trap(frame, n). */
.macro VEC n
    .balign 0x80
    sub     sp, sp, #288
    stp     x0, x1, [sp, #0]
    mov     x0, #\n
    b       vec_common
.endm

    .balign 0x800
vectors:
    VEC 0
    VEC 1
    VEC 2
    VEC 3
    VEC 4
    VEC 5
    VEC 6
    VEC 7
    VEC 8
    VEC 9
    VEC 10
    VEC 11
    VEC 12
    VEC 13
    VEC 14
    VEC 15

vec_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x2, elr_el1
    mrs     x3, spsr_el1
    stp     x30, x2, [sp, #240]
    mrs     x4, esr_el1
    stp     x3, x4, [sp, #256]
    mrs     x5, far_el1
    str     x5, [sp, #272]
    mov     x1, x0
    ldr     x0, [sp, #0]
    str     x0, [sp, #280]
    mov     x0, sp
    bl      rt_trap
    ldp     x2, x3, [sp, #248]          /* elr, spsr (the handler may change them) */
    msr     elr_el1, x2
    msr     spsr_el1, x3
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #240]
    add     sp, sp, #288
    eret

/* The EL2 vectors (started at EL2 only): the same frame, rt_el2_trap(frame, n). */
.macro VEC2 n
    .balign 0x80
    sub     sp, sp, #288
    stp     x0, x1, [sp, #0]
    mov     x0, #\n
    b       vec2_common
.endm

    .balign 0x800
vectors_el2:
    VEC2 0
    VEC2 1
    VEC2 2
    VEC2 3
    VEC2 4
    VEC2 5
    VEC2 6
    VEC2 7
    VEC2 8
    VEC2 9
    VEC2 10
    VEC2 11
    VEC2 12
    VEC2 13
    VEC2 14
    VEC2 15

vec2_common:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x2, elr_el2
    mrs     x3, spsr_el2
    stp     x30, x2, [sp, #240]
    mrs     x4, esr_el2
    stp     x3, x4, [sp, #256]
    mrs     x5, far_el2
    str     x5, [sp, #272]
    mov     x1, x0
    ldr     x0, [sp, #0]
    str     x0, [sp, #280]
    mov     x0, sp
    bl      rt_el2_trap
    ldp     x2, x3, [sp, #248]
    msr     elr_el2, x2
    msr     spsr_el2, x3
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #240]
    add     sp, sp, #288
    eret

    .data
    .global rt_el2
    .balign 4
rt_el2:
    .word   0

    .bss
    .balign 16
stacks:
    .space 4 * 16384
stacks_end:
