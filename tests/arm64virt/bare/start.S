/* Bare-metal entry for the arm virt device tests: a stack, then main(); PSCI SYSTEM_OFF after. */
    .section .text.start
    .global _start
_start:
    mrs     x1, mpidr_el1
    and     x1, x1, #0xff
    cbnz    x1, park                /* only CPU 0 runs the tests */
    ldr     x1, =stack_top
    mov     sp, x1
    /* FP/SIMD on (CPACR_EL1.FPEN) so that compiled C may use it */
    mov     x1, #(3 << 20)
    msr     cpacr_el1, x1
    isb
    bl      main
    .global psci_off
psci_off:
    ldr     x0, =0x84000008         /* PSCI SYSTEM_OFF */
    hvc     #0
park:
    wfi
    b       park

    .global sysreg_read_iar1
sysreg_read_iar1:
    mrs     x0, s3_0_c12_c12_0      /* ICC_IAR1_EL1 */
    ret
    .global sysreg_write_eoir1
sysreg_write_eoir1:
    msr     s3_0_c12_c12_1, x0      /* ICC_EOIR1_EL1 */
    ret
    .global sysreg_write_sgi1r
sysreg_write_sgi1r:
    msr     s3_0_c12_c11_5, x0      /* ICC_SGI1R_EL1 */
    isb
    ret
    .global sysreg_gicv3_init
sysreg_gicv3_init:
    mov     x0, #7
    msr     s3_0_c12_c12_5, x0      /* ICC_SRE_EL1: SRE */
    isb
    mov     x0, #0xf0
    msr     s3_0_c4_c6_0, x0        /* ICC_PMR_EL1 */
    mov     x0, #1
    msr     s3_0_c12_c12_7, x0      /* ICC_IGRPEN1_EL1 */
    isb
    ret
    .global read_cntpct
read_cntpct:
    isb
    mrs     x0, cntpct_el0
    ret
    .global read_cntfrq
read_cntfrq:
    mrs     x0, cntfrq_el0
    ret
