package dev.cowvm.riscv.loader;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What an exec asks the loader for besides the file: the program's name, its arguments
 * and environment, and the choices a kernel makes for it.
 *
 * <p>Guest strings are Java strings with one character per byte (ISO-8859-1), as
 * everywhere in cowvm-riscv: a system call reads bytes from the guest and keeps them
 * as such.
 *
 * @param path      the name exec was given, as Linux's AT_EXECFN reports it; also the
 *                  name of the image's regions
 * @param argv      the arguments, {@code argv[0]} first
 * @param envp      the environment, {@code NAME=value} strings (Linux; xv6 has none)
 * @param abi       the interface to start the program with, or null to use the file's
 *                  {@link AbiGuess}
 * @param stackSize bytes of stack, a multiple of 4096, or 0 for the interface's default:
 *                  one page for xv6 (its {@code exec.c}), 8 MiB for Linux (the default
 *                  RLIMIT_STACK)
 * @param random    the 16 bytes AT_RANDOM points at (glibc seeds its stack protector and
 *                  pointer guard with them); fixed by default, so runs are deterministic
 * @param uid       the user id, reported as AT_UID and AT_EUID
 * @param gid       the group id, reported as AT_GID and AT_EGID
 */
public record ExecRequest(String path, List<String> argv, List<String> envp, Abi abi, long stackSize,
        byte[] random, int uid, int gid) {
    /** The AT_RANDOM bytes of every exec that does not choose its own. */
    private static final byte[] DEFAULT_RANDOM = defaultRandom();

    public ExecRequest {
        path = checkString("path", path);
        argv = List.copyOf(argv);
        envp = List.copyOf(envp);
        for (String s : argv) {
            checkString("argument", s);
        }
        for (String s : envp) {
            checkString("environment string", s);
        }
        if (stackSize < 0 || stackSize % 4096 != 0) {
            throw new IllegalArgumentException("stack size " + stackSize + " is not a multiple of 4096");
        }
        if (random == null || random.length != 16) {
            throw new IllegalArgumentException("AT_RANDOM needs exactly 16 bytes");
        }
        random = random.clone();
    }

    /**
     * A request with the default choices and no environment.
     *
     * @param path the program's name
     * @param argv its arguments, {@code argv[0]} first
     * @return the request
     */
    public static ExecRequest of(String path, String... argv) {
        return new ExecRequest(path, List.of(argv), List.of(), null, 0, DEFAULT_RANDOM, 0, 0);
    }

    /** The same request with this environment. */
    public ExecRequest withEnv(List<String> environment) {
        return new ExecRequest(path, argv, environment, abi, stackSize, random, uid, gid);
    }

    /** The same request with the interface chosen instead of guessed. */
    public ExecRequest withAbi(Abi chosen) {
        return new ExecRequest(path, argv, envp, chosen, stackSize, random, uid, gid);
    }

    /** The same request with this stack size (0 for the interface's default). */
    public ExecRequest withStackSize(long bytes) {
        return new ExecRequest(path, argv, envp, abi, bytes, random, uid, gid);
    }

    /** The same request with these 16 AT_RANDOM bytes. */
    public ExecRequest withRandom(byte[] bytes) {
        return new ExecRequest(path, argv, envp, abi, stackSize, bytes, uid, gid);
    }

    /** The same request with these user and group ids. */
    public ExecRequest withIds(int user, int group) {
        return new ExecRequest(path, argv, envp, abi, stackSize, random, user, group);
    }

    @Override
    public byte[] random() {
        return random.clone();
    }

    private static String checkString(String what, String s) {
        if (s == null) {
            throw new IllegalArgumentException("no " + what);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 0xFF) {
                throw new IllegalArgumentException(what + " '" + s + "' holds a character that is not one byte"
                        + " of a C string (NUL or above 0xff) at index " + i);
            }
        }
        return s;
    }

    private static byte[] defaultRandom() {
        byte[] b = new byte[16];
        new SplittableRandom(0x636f77766dL).nextBytes(b);
        return b;
    }
}
