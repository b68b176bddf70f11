/* x86 segment register numbers, shared by the decoder (overrides) and the CPU state. */
#ifndef TRIX_X86_64_X86_SEG_H
#define TRIX_X86_64_X86_SEG_H

/* The encoding order of Sreg (ModRM.reg of MOV Sreg), then the system segments. NONE: no
 * segment override prefix. */
enum { X86_SEG_ES, X86_SEG_CS, X86_SEG_SS, X86_SEG_DS, X86_SEG_FS, X86_SEG_GS,
       X86_SEG_LDTR, X86_SEG_TR, X86_SEG_COUNT, X86_SEG_NONE = X86_SEG_COUNT };

#endif
