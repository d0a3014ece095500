package dev.cowvm.riscv.loader;

import static dev.cowvm.riscv.loader.ImagePlan.PAGE;
import static dev.cowvm.riscv.loader.ImagePlan.pageDown;
import static dev.cowvm.riscv.loader.ImagePlan.pageUp;

import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.kernel.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Loads a static RISC-V executable into a process, as exec does: the old image goes, the
 * program's segments, a stack with its arguments, and the heap's start take its place.
 *
 * <h2>In two phases</h2>
 * <ol>
 *   <li><b>Plan</b>, with nothing changed: choose the interface, place every segment
 *       (checked to lie in user space), the stack and the heap; build the initial stack's
 *       bytes (failing with E2BIG for arguments that do not fit); count the frames the load
 *       will take and compare with the free ones. Every failure here leaves the process as
 *       it was, so exec returns an error to the old program, as xv6 does always and Linux
 *       does before its point of no return.</li>
 *   <li><b>Commit</b>: {@link Kernel#exec} empties the address space; segments are mapped
 *       with their protections, their file bytes copied in, the stack written, the heap
 *       started. Only a shortage the plan did not foresee can fail here; the result then
 *       says {@code imageReplaced} and the caller must end the process.</li>
 * </ol>
 *
 * <h2>Segments</h2>
 * Each PT_LOAD segment's pages become a region named after the program's path, with the
 * protection of its flags. The core has no page cache, so no file page is shared: the
 * file bytes ({@code p_filesz}) are <em>copied</em> into the process, for every segment.
 * That is also why a segment whose file offset is not congruent to its address modulo the
 * page size (a program linked with {@code -N}, as xv6's forktest is) loads as well as any
 * other, where a loader that maps file pages (Linux) would refuse it. The rest of a
 * segment ({@code p_memsz - p_filesz}, the bss) is never written: its pages are zero-filled
 * on first touch, except the tail of the last file page, which is cleared explicitly as
 * Linux's {@code padzero} does (under the insecure zero policy a reused frame would
 * otherwise leak into the bss).
 *
 * <h2>Layout</h2>
 * <pre>
 *   xv6 (its exec.c)                       Linux (binfmt_elf.c, no randomization)
 *   stack top    = heap start (the break)  stack top  = 2^38 (STACK_TOP on RISC-V)
 *   stack        one page                  stack      8 MiB (RLIMIT_STACK)
 *   guard page   no access                 guard page no access
 *   image end, page-aligned                ...
 *   segments, linked at 0                  heap start = image end, page-aligned
 *                                          segments, linked at 0x10000
 * </pre>
 * So "the break starts after the last segment" holds for both: Linux puts it right there
 * ({@code mm->brk = ELF_PAGEALIGN(elf_brk)}), xv6 after the guard page and the stack it
 * places there ({@code p->sz} ends up at the stack's top). A static-pie (ET_DYN) is moved
 * to two thirds of the 2^38 window (Linux's {@code ELF_ET_DYN_BASE}), aligned to its
 * largest segment alignment; Linux itself would put it in the randomized mmap area.
 *
 * <h2>Registers</h2>
 * xv6: a0 = argc, a1 = argv (exec's return value and its trap frame). Linux: a0 = a1 = 0
 * and everything on the stack; AT_PHDR points at the program headers where a segment
 * loads them, else at a copy placed on the stack.
 */
public final class ElfLoader {
    /** xv6's stack: one page (xv6-riscv {@code kernel/exec.c}). */
    public static final long XV6_STACK = PAGE;
    /** Linux's default stack limit, RLIMIT_STACK = 8 MiB. */
    public static final long LINUX_STACK = 8L << 20;
    /** Linux on RISC-V puts the stack's top at the 2^38 window even under Sv48 (STACK_TOP = DEFAULT_MAP_WINDOW). */
    public static final long LINUX_STACK_TOP = 1L << 38;
    /** AT_HWCAP of an RV64IMAFDC hart: Linux sets bit {@code letter - 'a'} for each single-letter extension. */
    public static final long HWCAP_RV64GC = hwcap("imafdc");
    /** The name of the stack region. */
    public static final String STACK = "[stack]";
    /** The name of the no-access page below the stack. */
    public static final String GUARD = "[guard]";

    private ElfLoader() {
    }

    /**
     * Parses and loads a file; see {@link #load(Kernel, Process, ElfFile, ExecRequest)}.
     *
     * @param file the executable's bytes
     * @return what was loaded, or why not
     */
    public static LoadResult<LoadedProgram> load(Kernel kernel, Process process, byte[] file, ExecRequest request) {
        LoadResult<ElfFile> elf = ElfFile.parse(file);
        return elf.isOk() ? load(kernel, process, elf.orElseThrow(), request) : elf.asFailure();
    }

    /**
     * Replaces the process's image with the program.
     *
     * @param kernel  the process's kernel
     * @param process a running process
     * @param elf     the parsed executable
     * @param request its name, arguments, environment and the kernel's choices
     * @return where to start it; or a failure, with nothing changed unless the failure's
     *         {@code imageReplaced} says otherwise
     */
    public static LoadResult<LoadedProgram> load(Kernel kernel, Process process, ElfFile elf, ExecRequest request) {
        Abi abi = request.abi() != null ? request.abi() : elf.abiGuess().abi();
        String reason = request.abi() != null ? "chosen" : elf.abiGuess().reason();
        long userLimit = process.pagingMode().userLimit();
        long window = Math.min(userLimit, LINUX_STACK_TOP);
        long stackSize = request.stackSize() != 0 ? request.stackSize() : abi == Abi.XV6 ? XV6_STACK : LINUX_STACK;
        long bias = elf.positionIndependent() ? pieBias(elf, window) : 0;
        long imageEnd = 0;
        for (ProgramHeader s : elf.loadSegments()) {
            long start = bias + s.vaddr();
            if (start < 0 || start > userLimit || s.memsz() > userLimit - start) {
                return notExecutable(String.format("%s: [0x%x, +0x%x) lies outside user space [0, 0x%x) of %s", s,
                        start, s.memsz(), userLimit, process.pagingMode().specName()));
            }
            imageEnd = Math.max(imageEnd, pageUp(start + s.memsz()));
        }
        long guard;
        long stackBottom;
        long stackTop;
        long brk;
        if (abi == Abi.XV6) {
            guard = imageEnd;
            stackBottom = guard + PAGE;
            stackTop = stackBottom + stackSize;
            brk = stackTop;
            if (stackSize > userLimit || stackTop >= userLimit) {
                return notExecutable(String.format("no room for the guard page and a %d-byte stack above the image,"
                        + " which ends at 0x%x", stackSize, imageEnd));
            }
        } else {
            stackTop = window;
            stackBottom = stackTop - stackSize;
            guard = stackBottom - PAGE;
            brk = imageEnd;
            if (stackSize >= window || reachesStack(elf, bias, guard, stackTop)
                    || (brk >= guard && brk < stackTop) || brk >= userLimit) {
                return notExecutable(String.format("the image [0x%x, 0x%x) leaves no room for the guard page, a"
                        + " %d-byte stack below 0x%x and a heap after it", pageDown(bias + elf.lowestAddress()),
                        imageEnd, stackSize, stackTop));
            }
        }
        LoadResult<InitialStack.Image> stack = abi == Abi.XV6
                ? InitialStack.xv6(stackTop, stackBottom, request.argv())
                : InitialStack.linux(stackTop, stackBottom, request.path(), request.argv(), request.envp(),
                        request.random(), linuxFacts(elf, bias, request));
        if (!stack.isOk()) {
            return stack.asFailure();
        }
        InitialStack.Image image = stack.orElseThrow();
        List<ImagePlan.Span> spans = ImagePlan.spans(elf.loadSegments(), bias);
        List<long[]> written = new ArrayList<>();
        for (ProgramHeader s : elf.loadSegments()) {
            if (s.filesz() > 0) {
                written.add(new long[] {pageDown(bias + s.vaddr()), pageUp(bias + s.vaddr() + s.filesz())});
            }
        }
        written.add(new long[] {pageDown(image.sp()), stackTop});
        long needed = ImagePlan.framesNeeded(written, process.pagingMode());
        if (kernel.freeFrames() < needed) {
            return LoadResult.err(LoadFailure.NO_MEMORY, "loading takes " + needed + " frames and "
                    + kernel.freeFrames() + " are free");
        }
        kernel.exec(process);
        String name = regionName(request.path());
        Result<?> done = commit(process, elf, bias, spans, name);
        if (done.isOk()) {
            Protection stackProtection = elf.executableStack() && abi == Abi.LINUX ? Protection.RWX : Protection.RW;
            done = process.mapImage(guard, PAGE, Protection.NONE, GUARD);
            if (done.isOk()) {
                done = process.mapImage(stackBottom, stackSize, stackProtection, STACK);
            }
            if (done.isOk()) {
                done = process.copyOut(image.sp(), image.bytes(), 0, image.bytes().length);
            }
            if (done.isOk()) {
                done = process.startHeap(brk);
            }
        }
        if (!done.isOk()) {
            return new LoadResult.Err<>(LoadFailure.NO_MEMORY, "loading failed after the old image was released: "
                    + done.message(), true);
        }
        Optional<LoadedProgram.Tls> tls = elf.tls().map(t -> new LoadedProgram.Tls(bias + t.vaddr(), t.filesz(),
                t.memsz(), Math.max(1, t.align())));
        boolean xv6 = abi == Abi.XV6;
        return LoadResult.ok(new LoadedProgram(abi, reason, bias + elf.entry(), image.sp(), xv6 ? image.argc() : 0,
                xv6 ? image.argv() : 0, brk, stackTop, stackBottom, bias, image.argc(), image.argv(), image.envp(),
                image.auxv(), image.aux(), tls));
    }

    /** Maps the spans read-write, copies the file bytes and clears bss tails, then sets the protections. */
    private static Result<?> commit(Process process, ElfFile elf, long bias, List<ImagePlan.Span> spans,
            String name) {
        for (ImagePlan.Span span : spans) {
            Result<Long> mapped = process.mapImage(span.start(), span.end() - span.start(), Protection.RW, name);
            if (!mapped.isOk()) {
                return mapped;
            }
        }
        byte[] bytes = elf.bytes();
        for (ProgramHeader s : elf.loadSegments()) {
            long start = bias + s.vaddr();
            if (s.filesz() == 0) {
                continue;
            }
            Result<Void> copied = process.copyOut(start, bytes, (int) s.offset(), (int) s.filesz());
            if (!copied.isOk()) {
                return copied;
            }
            long fileEnd = start + s.filesz();
            long tail = Math.min(pageUp(fileEnd), start + s.memsz()) - fileEnd;
            if (tail > 0) {
                Result<Void> cleared = process.copyOut(fileEnd, new byte[(int) tail], 0, (int) tail);
                if (!cleared.isOk()) {
                    return cleared;
                }
            }
        }
        for (ImagePlan.Span span : spans) {
            if (!span.protection().equals(Protection.RW)) {
                Result<Void> protectedOk = process.protect(span.start(), span.end() - span.start(), span.protection());
                if (!protectedOk.isOk()) {
                    return protectedOk;
                }
            }
        }
        return Result.done();
    }

    /** True if a segment touches a page of {@code [guard, stackTop)}. */
    private static boolean reachesStack(ElfFile elf, long bias, long guard, long stackTop) {
        for (ProgramHeader s : elf.loadSegments()) {
            long start = pageDown(bias + s.vaddr());
            long end = pageUp(bias + s.end());
            if (start < stackTop && end > guard) {
                return true;
            }
        }
        return false;
    }

    /** Linux's placement of a program loaded without an interpreter, made deterministic. */
    private static long pieBias(ElfFile elf, long window) {
        long align = PAGE;
        for (ProgramHeader s : elf.loadSegments()) {
            if (s.align() > align && (s.align() & (s.align() - 1)) == 0) {
                align = s.align();
            }
        }
        long base = (window / 3 * 2) & -align;
        return pageDown(base - elf.lowestAddress());
    }

    private static InitialStack.LinuxFacts linuxFacts(ElfFile elf, long bias, ExecRequest request) {
        int phnum = elf.programHeaders().size();
        long tableEnd = elf.programHeaderOffset() + (long) phnum * ElfParser.PHDR_SIZE;
        for (ProgramHeader s : elf.loadSegments()) {
            if (s.offset() <= elf.programHeaderOffset() && tableEnd <= s.offset() + s.filesz()) {
                long phdr = bias + s.vaddr() + (elf.programHeaderOffset() - s.offset());
                return new InitialStack.LinuxFacts(bias + elf.entry(), phdr, phnum, null, HWCAP_RV64GC,
                        request.uid(), request.gid());
            }
        }
        byte[] copy = Arrays.copyOfRange(elf.bytes(), (int) elf.programHeaderOffset(), (int) tableEnd);
        return new InitialStack.LinuxFacts(bias + elf.entry(), 0, phnum, copy, HWCAP_RV64GC, request.uid(),
                request.gid());
    }

    /** The regions' name: the path exec was given, unless it could pass for one of the kernel's. */
    static String regionName(String path) {
        if (path.isEmpty()) {
            return "program";
        }
        return path.startsWith("[") ? "./" + path : path;
    }

    private static long hwcap(String letters) {
        long bits = 0;
        for (char c : letters.toCharArray()) {
            bits |= 1L << (c - 'a');
        }
        return bits;
    }

    private static <T> LoadResult<T> notExecutable(String message) {
        return LoadResult.err(LoadFailure.NOT_EXECUTABLE, message);
    }
}
