package dev.cowvm.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * Runs the command in-process and captures what it prints and returns; what an
 * {@code exec} program writes to its console counts as standard output.
 */
record Run(int exitCode, String out, String err) {
    static Run of(String... args) {
        return withInput(new byte[0], args);
    }

    /** Runs the command with {@code stdin} as its standard input (what {@code -} and a program's console read). */
    static Run withInput(byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        var cl = Cowvm.commandLine(new ByteArrayInputStream(stdin), console);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out + console.toString(StandardCharsets.UTF_8), err.toString());
    }
}
