package dev.cowvm.riscv.abi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.observe.Counter;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.riscv.os.Machine;
import dev.cowvm.riscv.os.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mechanisms of Linux's interface seen from the kernel's side while our test programs run:
 * vfork's sharing and suspension, and what --strace prints.
 */
class LinuxInterfaceTest {
    @Test
    void aVforkChildSharesItsParentsMemoryWhileTheParentIsSuspended() throws Exception {
        Map<Integer, Integer> sharing = new HashMap<>(); // vfork child -> parent
        List<String> parentStates = new ArrayList<>();
        long[] copiesWhileShared = {0};
        int[] vforks = {0};
        Machine[] machine = new Machine[1];
        LinuxProgramsTest.Ran r = LinuxProgramsTest.run("spawn", Machine.Config.linux(), m -> {
            machine[0] = m;
            m.kernel().addListener(e -> {
                switch (e) {
                    case KernelEvent.VForked v -> {
                        sharing.put(v.child(), v.parent());
                        vforks[0]++;
                    }
                    case KernelEvent.FrameCopied c when sharing.containsKey(c.pid()) -> copiesWhileShared[0]++;
                    case KernelEvent.Execed x when sharing.containsKey(x.pid()) -> parentStates.add(
                            machine[0].task(sharing.remove(x.pid())).map(Task::state).orElseThrow().name());
                    case KernelEvent.Exited x when sharing.containsKey(x.pid()) -> parentStates.add(
                            machine[0].task(sharing.remove(x.pid())).map(Task::state).orElseThrow().name());
                    default -> {
                    }
                }
            });
        });
        assertThat(r.status()).as(r.stdout()).isZero();
        // posix_spawn and vfork: each a clone(CLONE_VM|CLONE_VFORK).
        assertThat(vforks[0]).isGreaterThanOrEqualTo(2);
        assertThat(r.stats().get(Counter.VFORKS)).isEqualTo(vforks[0]);
        assertThat(copiesWhileShared[0]).as("no page copied while a vfork child shares its parent's memory").isZero();
        assertThat(parentStates).as("the parent, when its vfork child execs or ends").hasSize(vforks[0])
                .containsOnly("BLOCKED");
    }

    @Test
    void straceNamesCallsSpellsFlagsAndShowsErrnos() throws Exception {
        List<String> lines = new ArrayList<>();
        LinuxProgramsTest.run("errno", Machine.Config.linux(), m -> m.trace(lines::add));
        assertThat(lines).contains("[pid 2] syscall_1000() = -1 ENOSYS (Function not implemented)");
        assertThat(lines).anyMatch(l -> l.matches("\\[pid 2\\] openat\\(AT_FDCWD, \"errno.d/file\", "
                + "O_WRONLY\\|O_CREAT\\|O_EXCL, 0644\\) = \\d+"));
        assertThat(lines).anyMatch(l -> l.endsWith("= -1 EFAULT (Bad address)"));
        assertThat(lines.getLast()).isEqualTo("[pid 2] exit_group(0) = ?");

        List<String> hello = new ArrayList<>();
        LinuxProgramsTest.run("hello", Machine.Config.linux(), m -> m.trace(hello::add));
        assertThat(hello).contains("[pid 2] write(1, \"hello, world\\n\", 13) = 13",
                "[pid 2] newfstatat(1, \"\", " + hello.stream().filter(l -> l.contains("newfstatat(1,")).findFirst()
                        .orElseThrow().replaceAll(".*\"\", (0x[0-9a-f]+).*", "$1") + ", AT_EMPTY_PATH) = 0");
    }

    @Test
    void theConsoleIsATerminalOnlyWhenAPersonTypesAtIt() throws Exception {
        for (boolean interactive : new boolean[] {true, false}) {
            List<String> lines = new ArrayList<>();
            dev.cowvm.riscv.os.FileSystem fs = new dev.cowvm.riscv.os.FileSystem(Machine.Config.linux().limits());
            LinuxProgramsTest.copy(fs, LinuxProgramsTest.GUEST.resolve("hello.elf"), "/hello");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (Machine m = new Machine(Machine.Config.linux(), fs,
                    dev.cowvm.riscv.os.ConsoleInput.of(new byte[0]), new java.io.PrintStream(out, true))) {
                m.console().setInteractive(interactive);
                m.trace(lines::add);
                m.start("/hello", List.of("hello"), List.of()).orElseThrow();
                assertThat(m.run()).isZero();
            }
            assertThat(out.toString()).isEqualTo("hello, world\n");
            String tcgets = lines.stream().filter(l -> l.contains("TCGETS")).findFirst().orElseThrow();
            assertThat(tcgets).as("interactive: %s", interactive)
                    .endsWith(interactive ? ") = 0" : ") = -1 ENOTTY (Inappropriate ioctl for device)");
        }
    }
}
