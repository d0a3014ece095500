package dev.cowvm.script;

import dev.cowvm.observe.ForkMode;
import dev.cowvm.observe.ProcessStatus;
import dev.cowvm.kernel.Protection;
import dev.cowvm.mmu.Access;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.observe.Counter;
import dev.cowvm.phys.ZeroPolicy;

/**
 * One line of a scenario, parsed. Every statement knows its line and the column where it
 * starts; those that act on a process name it in {@link #actor()}.
 */
public sealed interface Statement {
    int line();

    int column();

    /** The process this statement acts on, or null for a global statement. */
    default String actor() {
        return null;
    }

    /** A comparison of {@code expect}. */
    enum Op {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean test(long found, long expected) {
            return switch (this) {
                case EQ -> found == expected;
                case NE -> found != expected;
                case LT -> found < expected;
                case LE -> found <= expected;
                case GT -> found > expected;
                case GE -> found >= expected;
            };
        }

        static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            return null;
        }
    }

    /** What {@code expect NAME ...} measures. */
    enum Metric {
        RSS, PSS, USS, SHARED, PRIVATE, STATUS;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Memory(int line, int column, long bytes) implements Statement {}

    record Zero(int line, int column, ZeroPolicy policy) implements Statement {}

    record SetForkMode(int line, int column, ForkMode mode) implements Statement {}

    record Paging(int line, int column, PagingMode mode) implements Statement {}

    record Spawn(int line, int column, String name) implements Statement {}

    record Fork(int line, int column, String parent, String child) implements Statement {
        public String actor() {
            return parent;
        }
    }

    record Wait(int line, int column, String parent, String child) implements Statement {
        public String actor() {
            return parent;
        }
    }

    record Kill(int line, int column, String name) implements Statement {}

    record Say(int line, int column, String text) implements Statement {}

    record ExpectStat(int line, int column, Counter counter, Op op, long value, String valueText) implements Statement {}

    /** {@code expect NAME METRIC OP VALUE}; for {@code status}, {@code status} holds the value. */
    record ExpectProcess(int line, int column, String process, Metric metric, Op op, long value, ProcessStatus status,
                         String valueText) implements Statement {}

    /**
     * {@code show NAME}, {@code show NAME smaps}, {@code show NAME pmap}, {@code show frames} or
     * {@code show stats}; {@code view} is {@code smaps} or {@code pmap}, else null (the page table).
     */
    record Show(int line, int column, String what, String view) implements Statement {
        /** The views of a process's memory besides its page table. */
        static final java.util.Set<String> VIEWS = java.util.Set.of("smaps", "pmap");

        Show(int line, int column, String what) {
            this(line, column, what, null);
        }
    }

    record Map(int line, int column, String process, String region, long length, Protection protection, Address at)
            implements Statement {
        public String actor() {
            return process;
        }
    }

    record Unmap(int line, int column, String process, String region) implements Statement {
        public String actor() {
            return process;
        }
    }

    record Protect(int line, int column, String process, String region, Protection protection) implements Statement {
        public String actor() {
            return process;
        }
    }

    record Write(int line, int column, String process, Address address, byte[] data) implements Statement {
        public String actor() {
            return process;
        }
    }

    /** A read; {@code expected} is null when the statement only shows what it read. */
    record Read(int line, int column, String process, Address address, long length, byte[] expected)
            implements Statement {
        public String actor() {
            return process;
        }
    }

    record Fill(int line, int column, String process, Address address, long offset, long length, int value)
            implements Statement {
        public String actor() {
            return process;
        }
    }

    record Touch(int line, int column, String process, Address address, long offset, long length, Access access)
            implements Statement {
        public String actor() {
            return process;
        }
    }

    record Brk(int line, int column, String process, long delta) implements Statement {
        public String actor() {
            return process;
        }
    }

    record Exec(int line, int column, String process) implements Statement {
        public String actor() {
            return process;
        }
    }

    record Exit(int line, int column, String process, int code) implements Statement {
        public String actor() {
            return process;
        }
    }
}
