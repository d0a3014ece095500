/**
 * The ELF loader: static RISC-V ELF64 executables (ET_EXEC, and ET_DYN without an
 * interpreter) into a cowvm process, as exec does.
 *
 * <pre>{@code
 * LoadResult<ElfFile> parsed = ElfFile.parse(bytes);                  // every header checked
 * LoadResult<LoadedProgram> r = ElfLoader.load(kernel, process, parsed.orElseThrow(),
 *         ExecRequest.of("/bin/sh", "sh", "-c", "echo hi").withEnv(List.of("PATH=/bin")));
 * switch (r) {
 *     case LoadResult.Ok<LoadedProgram>(LoadedProgram p) -> start(p.entry(), p.stackPointer(), p.a0(), p.a1());
 *     case LoadResult.Err<LoadedProgram> e when e.imageReplaced() -> kill(process);   // Linux's point of no return
 *     case LoadResult.Err<LoadedProgram> e -> returnToCaller(-e.failure().errno());  // nothing changed
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.cowvm.riscv.loader.ElfFile}: parsing and every check a bad file needs.</li>
 *   <li>{@link dev.cowvm.riscv.loader.AbiGuess}: which interface a file was built for, and why.</li>
 *   <li>{@link dev.cowvm.riscv.loader.ElfLoader}: the layout (segments, guard page, stack,
 *       break) and the two phases that keep a refused exec harmless.</li>
 *   <li>{@link dev.cowvm.riscv.loader.LoadedProgram}: where the CPU starts.</li>
 * </ul>
 */
package dev.cowvm.riscv.loader;
