package dev.cowvm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cowvm check FILE...}: parses and validates without running. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Parse and validate scenarios without running them.",
                "Exit code 0 if all are valid, 2 if one is not (every problem is printed, located)."})
final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    Cowvm cowvm;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Scenario files (.cow); - reads standard input.")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String twice = Common.stdinOnce(files);
        if (twice != null) {
            err.println("cowvm check: " + twice);
            err.flush();
            return Cowvm.USAGE;
        }
        boolean ok = true;
        for (Path f : files) {
            var s = Common.load(f, err, cowvm.stdin);
            if (s == null) {
                ok = false;
            } else {
                out.printf("%s: ok, %d statements%n", s.file(), s.statements().size());
            }
        }
        out.flush();
        err.flush();
        return ok ? Cowvm.OK : Cowvm.USAGE;
    }
}
