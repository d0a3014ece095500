package dev.cowvm.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A program that some tests need and that a machine with only a JDK lacks. Each names the
 * executables it stands for and the command that installs them on Debian, or, for a tool
 * the project builds itself, the script that builds it.
 *
 * <h2>Where tools are looked for</h2>
 * In the directories of {@code COWVM_TOOL_PATH} if that variable is set (a list like
 * {@code PATH}; set it to an empty directory to see what a fresh machine does), otherwise in
 * {@code PATH} and then {@code /usr/bin}; a tool the project builds, only in the directory
 * its script writes, under the project's root (the nearest directory up from the working
 * directory that holds {@code mvnw}). Tests reach a tool only through {@link #path}, so
 * that setting is honoured everywhere.
 */
public enum Tool {
    /** Debian's Chromium and its driver, for the visualizer's browser tests. */
    CHROMIUM("chromium and chromedriver", "apt-get install chromium chromium-driver", "chromium", "chromedriver"),
    /** valgrind, which {@code cowvm record} runs. */
    VALGRIND("valgrind", "apt-get install valgrind", "valgrind"),
    /** The RISC-V cross compiler for Linux programs (glibc, static). */
    RISCV64_LINUX_GCC("riscv64-linux-gnu-gcc", "apt-get install gcc-riscv64-linux-gnu", "riscv64-linux-gnu-gcc"),
    /** The bare-metal RISC-V cross compiler, for programs with no C library (xv6's kind). */
    RISCV64_ELF_GCC("riscv64-unknown-elf-gcc", "apt-get install gcc-riscv64-unknown-elf", "riscv64-unknown-elf-gcc"),
    /** QEMU's user-mode RISC-V emulator: the reference CPU of the differential tests. */
    QEMU_RISCV64("qemu-riscv64", "apt-get install qemu-user", "qemu-riscv64"),
    /**
     * busybox for riscv64 (static, glibc), which Debian 12 does not package: built from Debian's
     * source package by {@code cowvm-riscv/busybox/build} into {@code target/busybox-riscv64/}.
     */
    BUSYBOX_RISCV64("busybox for riscv64", "run cowvm-riscv/busybox/build to build it",
            Path.of("target", "busybox-riscv64"), "busybox");

    /** The variable that replaces {@code PATH} for finding tools. */
    public static final String PATH_VARIABLE = "COWVM_TOOL_PATH";

    private final String title;
    private final String install;
    private final Path builtIn;
    private final String[] programs;

    Tool(String title, String install, String... programs) {
        this(title, install, null, programs);
    }

    /** A tool the project builds: its programs are in {@code builtIn}, relative to the project's root. */
    Tool(String title, String install, Path builtIn, String... programs) {
        this.title = title;
        this.install = install;
        this.builtIn = builtIn;
        this.programs = programs;
    }

    /** What the tool is called in messages, for example {@code chromium and chromedriver}. */
    public String title() {
        return title;
    }

    /**
     * The command that installs it on Debian, for example {@code apt-get install qemu-user}, or
     * what builds it, for a tool the project builds.
     */
    public String install() {
        return install;
    }

    /** True if every executable of this tool is found. */
    public boolean present() {
        for (String p : programs) {
            if (find(p).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The path of the tool's first executable (for example {@code /usr/bin/qemu-riscv64}).
     *
     * @throws IllegalStateException if it is missing; call only from a test that
     *                               {@link RequiresTool requires} the tool
     */
    public Path path() {
        return path(programs[0]);
    }

    /**
     * The path of one of the tool's executables, by name.
     *
     * @param program one of the executables this tool stands for
     * @return its path
     * @throws IllegalStateException if it is missing
     */
    public Path path(String program) {
        return find(program).orElseThrow(() -> new IllegalStateException(
                program + " is missing: " + install));
    }

    private Optional<Path> find(String program) {
        List<String> dirs;
        if (builtIn != null && System.getenv(PATH_VARIABLE) == null) {
            Optional<Path> root = projectRoot();
            if (root.isEmpty()) {
                return Optional.empty();
            }
            dirs = List.of(root.get().resolve(builtIn).toString());
        } else {
            dirs = searchPath();
        }
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The nearest directory up from the working directory that holds {@code mvnw}. */
    private static Optional<Path> projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static List<String> searchPath() {
        String override = System.getenv(PATH_VARIABLE);
        List<String> dirs = new ArrayList<>();
        if (override != null) {
            dirs.addAll(List.of(override.split(File.pathSeparator)));
            return dirs;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.add("/usr/bin");
        return dirs;
    }

    /**
     * True when missing tools must fail the build instead of skipping tests: under CI
     * ({@code CI=true}) or with {@code -Dcowvm.requireTools=true}.
     */
    public static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI"))
                || Boolean.parseBoolean(System.getProperty("cowvm.requireTools", "false"));
    }
}
