package dev.cowvm.riscv.cpu;

import dev.cowvm.testing.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program under qemu-riscv64, the reference CPU, in a scratch directory. */
final class Qemu {
    /**
     * How a qemu run ended.
     *
     * @param status the exit status, or 128 + the signal that killed it
     * @param stdout what it wrote to stdout
     * @param raw    the same bytes
     */
    record Outcome(int status, String stdout, byte[] raw) {
    }

    private Qemu() {
    }

    static Outcome run(Path elf, Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Tool.QEMU_RISCV64.path().toString());
        cmd.add(elf.toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        // Working directory: a fatal signal may leave a core file behind.
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("qemu-riscv64 " + elf + " did not finish");
        }
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8), out);
    }
}
