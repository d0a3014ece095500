package dev.cowvm.riscv.loader;

import dev.cowvm.kernel.AddressLayout;

/**
 * Which system-call interface an executable looks built for, and the evidence. Nothing in
 * an ELF file names xv6, so the rule weighs what the toolchains leave behind, strongest
 * evidence first:
 * <ol>
 *   <li>The OS/ABI byte is GNU/Linux (3): {@link Abi#LINUX}. The GNU linker writes it
 *       when a program uses GNU extensions (IFUNC, unique symbols).</li>
 *   <li>A GNU ABI note ({@code .note.ABI-tag}, note type 1, owner "GNU") naming Linux:
 *       {@link Abi#LINUX}. glibc's start files carry it in every program linked with them.
 *       (A build-id note, also owned by "GNU", says nothing and is not counted.)</li>
 *   <li>Position-independent (ET_DYN, static-pie): {@link Abi#LINUX}; xv6 loads programs
 *       only at their link address and no xv6 toolchain builds PIE.</li>
 *   <li>The lowest segment starts below {@link AddressLayout#MIN_MAP_ADDRESS} (0x10000,
 *       Linux's default {@code vm.mmap_min_addr}, below which Linux does not map):
 *       {@link Abi#XV6}. xv6's {@code user/user.ld} links programs at 0, and so does any
 *       script written for it; Linux toolchains link at 0x10000 by default.</li>
 *   <li>Otherwise {@link Abi#LINUX}: a program at the usual address with no C library
 *       note, such as one built with {@code riscv64-unknown-elf-gcc} (newlib and picolibc
 *       on a proxy kernel make Linux's system calls).</li>
 * </ol>
 * The rule never looks at the code, so a program can fool it; {@code --abi} overrides it.
 *
 * @param abi    the interface
 * @param reason the evidence, in words, for example
 *               "a GNU ABI note says Linux 4.15.0"
 */
public record AbiGuess(Abi abi, String reason) {
    /**
     * Applies the rule.
     *
     * @param elf the executable
     * @return the guess and its reason
     */
    public static AbiGuess of(ElfFile elf) {
        if (elf.osAbi() == ElfFile.ELFOSABI_GNU) {
            return new AbiGuess(Abi.LINUX, "the ELF OS/ABI byte is GNU/Linux (3)");
        }
        if (elf.abiNote().isPresent() && elf.abiNote().get().os() == 0) {
            return new AbiGuess(Abi.LINUX, "a GNU ABI note says " + elf.abiNote().get());
        }
        if (elf.positionIndependent()) {
            return new AbiGuess(Abi.LINUX, "it is position-independent (ET_DYN), which xv6 does not load");
        }
        if (elf.lowestAddress() < AddressLayout.MIN_MAP_ADDRESS) {
            return new AbiGuess(Abi.XV6, String.format("it is linked at 0x%x, below 0x%x where Linux maps nothing;"
                    + " xv6 links its programs at 0", elf.lowestAddress(), AddressLayout.MIN_MAP_ADDRESS));
        }
        return new AbiGuess(Abi.LINUX, String.format("it is linked at 0x%x with no sign of xv6 (Linux's default"
                + " address is 0x10000)", elf.lowestAddress()));
    }
}
