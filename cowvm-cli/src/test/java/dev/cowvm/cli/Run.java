package dev.cowvm.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command in-process and captures what it prints and returns. */
record Run(int exitCode, String out, String err) {
    static Run of(String... args) {
        return withInput(new byte[0], args);
    }

    /** Runs the command with {@code stdin} as its standard input (what {@code -} reads). */
    static Run withInput(byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Cowvm.commandLine(new java.io.ByteArrayInputStream(stdin));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
