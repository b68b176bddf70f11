# Bare-metal x86 device checks (sourced by tests/run.sh): a Multiboot kernel programs the
# PIC, PIT, RTC, local APIC, IOAPIC, HPET and i8042 of -M pc; the *-qemu twin checks the test.
t x86dev/devices-pc-qemu 90 bash tests/x86dev/run.sh qemu pc
t x86dev/devices-pc 90 bash tests/x86dev/run.sh trix pc
