package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The host terminal through stty, where the tests run: standard input is a pipe, not a terminal. */
class SttyTerminalTest {
    @Test
    void withoutATerminalThereIsNothingToSet() {
        // Maven's test JVM reads its standard input from a pipe: stty -g fails there, and
        // the console then keeps reporting cooked mode without echo.
        assertThat(SttyTerminal.open()).isEmpty();
    }
}
