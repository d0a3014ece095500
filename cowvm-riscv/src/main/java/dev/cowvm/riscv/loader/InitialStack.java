package dev.cowvm.riscv.loader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes a new program finds on its stack, computed without touching any memory: the
 * loader then copies {@link Image#bytes()} to {@link Image#sp()}.
 *
 * <h2>xv6 (facts from xv6-riscv {@code kernel/exec.c})</h2>
 * <pre>
 *   top    argv[0]'s string, its start 16-byte aligned     (pushed first)
 *          argv[1]'s string, 16-byte aligned ...
 *          argv[0] .. argv[argc-1] pointers, then 0         (16-byte aligned)
 *   sp  →  a1 = sp, a0 = argc
 * </pre>
 * At most {@code MAXARG - 1} = 31 arguments (its {@code sys_exec} holds MAXARG 32
 * pointers, the last one null), and everything must fit in the stack, else exec fails.
 *
 * <h2>Linux (facts from Linux {@code fs/exec.c}, {@code fs/binfmt_elf.c} and the RISC-V psABI)</h2>
 * <pre>
 *   top    8 zero bytes
 *          the file name (AT_EXECFN points here)
 *          envp strings, argv strings below them (argv[0]'s lowest)
 *          [a copy of the program headers, if no segment loads them]
 *          16 random bytes (AT_RANDOM)
 *          (gap to 16-byte alignment)
 *          auxiliary vector, pairs ending with AT_NULL
 *          0, envp pointers
 *          0, argv pointers
 *   sp  →  argc                                             (16-byte aligned)
 * </pre>
 * Strings and pointers may take a quarter of the stack (Linux: a quarter of RLIMIT_STACK)
 * and one string at most 32 pages (MAX_ARG_STRLEN); beyond that exec fails with E2BIG.
 */
final class InitialStack {
    /** xv6-riscv {@code kernel/param.h}. */
    static final int XV6_MAXARG = 32;
    /** Linux {@code include/uapi/linux/binfmts.h}: 32 pages. */
    static final int MAX_ARG_STRLEN = 32 * 4096;

    private InitialStack() {
    }

    /**
     * A stack image.
     *
     * @param sp    where it starts (the initial stack pointer)
     * @param bytes its contents, {@code [sp, top)}
     * @param argc  the argument count
     * @param argv  where the argv pointer array is
     * @param envp  where the envp pointer array is (0 for xv6)
     * @param auxv  where the auxiliary vector is (0 for xv6)
     * @param aux   the auxiliary vector's entries, AT_NULL last (empty for xv6)
     */
    record Image(long sp, byte[] bytes, int argc, long argv, long envp, long auxv, List<AuxEntry> aux) {
    }

    /** What a Linux auxiliary vector reports about the program. */
    record LinuxFacts(long entry, long phdr, int phnum, byte[] phdrCopy, long hwcap, int uid, int gid) {
    }

    static LoadResult<Image> xv6(long top, long base, List<String> argv) {
        if (argv.size() >= XV6_MAXARG) {
            return tooLong(argv.size() + " arguments; xv6 takes at most " + (XV6_MAXARG - 1));
        }
        long sp = top;
        long[] at = new long[argv.size()];
        for (int i = 0; i < argv.size(); i++) {
            sp -= argv.get(i).length() + 1;
            sp -= Math.floorMod(sp, 16);
            if (sp < base) {
                return tooLong("the arguments do not fit in the " + (top - base) + "-byte stack");
            }
            at[i] = sp;
        }
        sp -= 8L * (argv.size() + 1);
        sp -= Math.floorMod(sp, 16);
        if (sp < base) {
            return tooLong("the arguments do not fit in the " + (top - base) + "-byte stack");
        }
        byte[] bytes = new byte[(int) (top - sp)];
        for (int i = 0; i < argv.size(); i++) {
            putString(bytes, (int) (at[i] - sp), argv.get(i));
            LittleEndian.put64(bytes, 8 * i, at[i]);
        }
        return LoadResult.ok(new Image(sp, bytes, argv.size(), sp, 0, 0, List.of()));
    }

    static LoadResult<Image> linux(long top, long base, String execfn, List<String> argv, List<String> envp,
            byte[] random, LinuxFacts facts) {
        long strings = execfn.length() + 1L;
        for (String s : argv) {
            if (s.length() + 1 > MAX_ARG_STRLEN) {
                return tooLong("an argument of " + s.length() + " bytes is longer than " + MAX_ARG_STRLEN);
            }
            strings += s.length() + 1;
        }
        for (String s : envp) {
            if (s.length() + 1 > MAX_ARG_STRLEN) {
                return tooLong("an environment string of " + s.length() + " bytes is longer than " + MAX_ARG_STRLEN);
            }
            strings += s.length() + 1;
        }
        long pointers = 8L * (argv.size() + envp.size() + 3);
        if (strings + pointers > (top - base) / 4) {
            return tooLong((strings + pointers) + " bytes of arguments and environment are more than a quarter of"
                    + " the " + (top - base) + "-byte stack");
        }
        long p = top - 8;
        p -= execfn.length() + 1;
        long execfnAt = p;
        long[] envAt = new long[envp.size()];
        for (int i = envp.size() - 1; i >= 0; i--) {
            p -= envp.get(i).length() + 1;
            envAt[i] = p;
        }
        long[] argAt = new long[argv.size()];
        for (int i = argv.size() - 1; i >= 0; i--) {
            p -= argv.get(i).length() + 1;
            argAt[i] = p;
        }
        long phdr = facts.phdr();
        long phdrAt = 0;
        if (facts.phdrCopy() != null) {
            p = (p - facts.phdrCopy().length) & -8L;
            phdrAt = p;
            phdr = p;
        }
        p -= 16;
        long randomAt = p;
        List<AuxEntry> aux = List.of(
                new AuxEntry(AuxEntry.AT_HWCAP, facts.hwcap()),
                new AuxEntry(AuxEntry.AT_PAGESZ, 4096),
                new AuxEntry(AuxEntry.AT_CLKTCK, 100),
                new AuxEntry(AuxEntry.AT_PHDR, phdr),
                new AuxEntry(AuxEntry.AT_PHENT, ElfParser.PHDR_SIZE),
                new AuxEntry(AuxEntry.AT_PHNUM, facts.phnum()),
                new AuxEntry(AuxEntry.AT_BASE, 0),
                new AuxEntry(AuxEntry.AT_FLAGS, 0),
                new AuxEntry(AuxEntry.AT_ENTRY, facts.entry()),
                new AuxEntry(AuxEntry.AT_UID, facts.uid()),
                new AuxEntry(AuxEntry.AT_EUID, facts.uid()),
                new AuxEntry(AuxEntry.AT_GID, facts.gid()),
                new AuxEntry(AuxEntry.AT_EGID, facts.gid()),
                new AuxEntry(AuxEntry.AT_SECURE, 0),
                new AuxEntry(AuxEntry.AT_RANDOM, randomAt),
                new AuxEntry(AuxEntry.AT_EXECFN, execfnAt),
                new AuxEntry(AuxEntry.AT_NULL, 0));
        long items = (argv.size() + 1L) + (envp.size() + 1L) + 1;
        long sp = (p - 16L * aux.size() - 8 * items) & -16L;
        if (sp < base) {
            return tooLong("the arguments and environment do not fit in the " + (top - base) + "-byte stack");
        }
        long argvAt = sp + 8;
        long envpAt = argvAt + 8L * (argv.size() + 1);
        long auxvAt = envpAt + 8L * (envp.size() + 1);
        byte[] bytes = new byte[(int) (top - sp)];
        LittleEndian.put64(bytes, 0, argv.size());
        for (int i = 0; i < argv.size(); i++) {
            LittleEndian.put64(bytes, (int) (argvAt - sp) + 8 * i, argAt[i]);
            putString(bytes, (int) (argAt[i] - sp), argv.get(i));
        }
        for (int i = 0; i < envp.size(); i++) {
            LittleEndian.put64(bytes, (int) (envpAt - sp) + 8 * i, envAt[i]);
            putString(bytes, (int) (envAt[i] - sp), envp.get(i));
        }
        for (int i = 0; i < aux.size(); i++) {
            LittleEndian.put64(bytes, (int) (auxvAt - sp) + 16 * i, aux.get(i).type());
            LittleEndian.put64(bytes, (int) (auxvAt - sp) + 16 * i + 8, aux.get(i).value());
        }
        System.arraycopy(random, 0, bytes, (int) (randomAt - sp), 16);
        if (facts.phdrCopy() != null) {
            System.arraycopy(facts.phdrCopy(), 0, bytes, (int) (phdrAt - sp), facts.phdrCopy().length);
        }
        putString(bytes, (int) (execfnAt - sp), execfn);
        return LoadResult.ok(new Image(sp, bytes, argv.size(), argvAt, envpAt, auxvAt, new ArrayList<>(aux)));
    }

    /** Writes the string and its terminating NUL (the array is zero already). */
    private static void putString(byte[] bytes, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, bytes, at, b.length);
    }

    private static LoadResult<Image> tooLong(String why) {
        return LoadResult.err(LoadFailure.ARGUMENTS_TOO_LONG, why);
    }
}
