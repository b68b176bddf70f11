# gdb script for tests/gdb/watch.S: a write, a read and an access watchpoint (Z2/Z3/Z4), a
# hardware (Z1) and a software (Z0) breakpoint, each hit once per loop iteration.
set architecture riscv:rv64
watch *(int *)&counter
rwatch *(int *)&other
awatch *(int *)&swvar
hbreak *hw_here
break *sw_here
break *done
while $pc != done
  continue
end
info breakpoints
p *(int *)&counter
detach
