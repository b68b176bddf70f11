/* Disassembler corpus: privileged, CSR and fence instructions, plus Zicond as raw words. */
    .text
    .globl system_insns
system_insns:
    ecall
    ebreak
    c.ebreak
    mret
    sret
    wfi
    sfence.vma
    sfence.vma a0
    sfence.vma a0, a1
    fence
    fence rw, rw
    fence r, w
    fence.tso
    fence.i
    pause
    cbo.clean (a0)
    cbo.flush (a1)
    cbo.inval (a2)
    cbo.zero (a3)
    csrr a0, mstatus
    csrw mtvec, a1
    csrs mie, a2
    csrc mip, a3
    csrwi sstatus, 2
    csrsi sie, 31
    csrci sip, 1
    csrrw a0, satp, a1
    csrrs a0, 0x7c0, a1
    csrrc a0, mepc, a1
    csrrwi a0, mscratch, 3
    csrrsi a0, stvec, 4
    csrrci a0, sscratch, 5
    rdcycle a0
    rdtime a1
    rdinstret a2
    frflags a0
    fsflags a1
    fsflags a0, a1
    frrm a2
    fsrm a3
    fsrmi 2
    fsflagsi 1
    frcsr a4
    fscsr a5
    csrr t0, mhartid
    csrr t1, pmpcfg0
    csrw pmpaddr3, t2
    unimp
    c.unimp
    .insn 0x0e0555b3    /* czero.eqz a1, a0, zero */
    .insn 0x0ec5f533    /* czero.nez a0, a1, a2 */
    ret
