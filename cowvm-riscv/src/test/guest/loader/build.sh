#!/bin/sh
# Builds the loader's test programs with Debian's RISC-V cross compilers
# (apt-get install gcc-riscv64-linux-gnu gcc-riscv64-unknown-elf).
#
#   ./build.sh            rebuilds the committed NAME.elf files beside their sources
#   ./build.sh OUTDIR     builds them into OUTDIR (the test that checks the committed
#                         binaries against a fresh build does this)
#
# The output must not depend on where it is built: no debug information, sources
# named relative to this directory, no build id.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$here"

linux=riscv64-linux-gnu-gcc
bare=riscv64-unknown-elf-gcc
common="-O2 -march=rv64gc -mabi=lp64d -Wall -Werror -Wl,--build-id=none"

# Static glibc: ET_EXEC at Linux's default address 0x10000, with PT_TLS and the GNU ABI note.
$linux $common -static -o "$out/hello.elf" hello.c

# Dynamically linked, to be refused.
$linux $common -o "$out/dynamic.elf" dynamic.c

# Static PIE without a C library: ET_DYN with no interpreter.
$linux $common -nostdlib -ffreestanding -fPIE -static-pie -Wl,--no-dynamic-linker -o "$out/pie.elf" pie.c

# xv6's ABI: linked at address 0 by our script, data on its own page.
xv6="$common -nostdlib -ffreestanding -fno-pie -mcmodel=medany -mno-relax -fno-stack-protector"
$bare $xv6 -T xv6.ld -o "$out/xv6hello.elf" xv6start.S xv6hello.c

# Linked with -N at address 0, as xv6's forktest: one segment at an unaligned file offset.
$bare $xv6 -Wl,-N -Wl,--no-warn-rwx-segments -Wl,-Ttext=0 -Wl,-e,_start -o "$out/packed.elf" xv6start.S packed.c

# Bare metal at the compiler's default address, no ABI note.
$bare $common -nostdlib -ffreestanding -o "$out/bare.elf" bare.c
