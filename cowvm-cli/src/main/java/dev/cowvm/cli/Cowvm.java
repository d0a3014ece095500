package dev.cowvm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cowvm} command: the entry point of the runnable jar. */
@Command(name = "cowvm",
        mixinStandardHelpOptions = true,
        versionProvider = Cowvm.Version.class,
        description = "Paged virtual memory with copy-on-write fork and zero-fill-on-demand, holding real bytes.",
        subcommands = {DemoCommand.class, ReplayCommand.class, RecordCommand.class, CommandLine.HelpCommand.class})
public final class Cowvm implements Runnable {
    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: an expectation of a scenario failed. */
    public static final int EXPECTATION_FAILED = 1;
    /** Exit code: bad usage or a syntax error. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with cowvm's exit codes and error handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Cowvm());
        cl.setExitCodeExceptionMapper(t -> USAGE);
        cl.getCommandSpec().exitCodeOnInvalidInput(USAGE);
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cowvm.class.getPackage().getImplementationVersion();
            return new String[] {"cowvm " + (v == null ? "development" : v),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
