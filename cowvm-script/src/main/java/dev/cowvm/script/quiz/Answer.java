package dev.cowvm.script.quiz;

import dev.cowvm.Sizes;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The right answer to a question, as the kernel computed it: how it is written, and whether
 * what a student typed says the same. Typed answers are read leniently (a unit or not,
 * {@code zero} for the zero page, ranges of frames) but judged exactly.
 */
public sealed interface Answer {
    /**
     * The answer as written in the answer key.
     *
     * @return for example {@code 3}, {@code frame 7}, {@code 10.67 KiB (10922 bytes)}
     */
    String show();

    /**
     * Whether a typed answer says the same.
     *
     * @param typed what was typed
     * @return true if it is right
     */
    boolean accepts(String typed);

    /** A count: pages, frames. */
    record Count(long value) implements Answer {
        @Override
        public String show() {
            return Long.toString(value);
        }

        @Override
        public boolean accepts(String typed) {
            Long n = number(typed);
            return n != null && n == value;
        }
    }

    /**
     * The frame that backs a page: a frame number, {@link #ZERO_PAGE} (frame 0, the shared
     * zero page) or {@link #NONE} (no entry: never touched).
     *
     * @param frame the frame, or -1 for none
     */
    record Frame(int frame) implements Answer {
        /** The page has no entry. */
        public static final int NONE = -1;
        /** The shared zero page, frame 0. */
        public static final int ZERO_PAGE = 0;

        @Override
        public String show() {
            return switch (frame) {
                case NONE -> "none: the page was never touched, it has no entry";
                case ZERO_PAGE -> "frame 0, the shared zero page";
                default -> "frame " + frame;
            };
        }

        @Override
        public boolean accepts(String typed) {
            String t = typed.strip().toLowerCase(Locale.ROOT);
            if (frame == NONE) {
                return t.equals("none") || t.equals("-") || t.startsWith("no");
            }
            if (frame == ZERO_PAGE && t.startsWith("zero")) {
                return true;
            }
            Long n = number(t.replaceFirst("^frame\\s*", ""));
            return n != null && n == frame;
        }
    }

    /**
     * A size in bytes, which may hold a fraction of a KiB (PSS divides pages among their
     * sharers). A typed size without a unit is KiB; it is right within half a percent, so
     * that {@code 10.67} is right for 10922 bytes.
     *
     * @param bytes the exact size
     */
    record Size(long bytes) implements Answer {
        private static final Pattern TYPED = Pattern.compile("([0-9]+(?:\\.[0-9]*)?)\\s*([a-z]*)");

        @Override
        public String show() {
            if (bytes % 1024 == 0) {
                return Sizes.format(bytes);
            }
            return String.format(Locale.ROOT, "%.2f KiB (%d bytes)", bytes / 1024.0, bytes);
        }

        @Override
        public boolean accepts(String typed) {
            Matcher m = TYPED.matcher(typed.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                return false;
            }
            double v = Double.parseDouble(m.group(1));
            double scale = switch (m.group(2)) {
                case "", "k", "kb", "kib" -> 1024;
                case "b", "bytes" -> 1;
                case "m", "mb", "mib" -> 1024 * 1024;
                default -> -1;
            };
            if (scale < 0) {
                return false;
            }
            double given = v * scale;
            return Math.abs(given - bytes) <= Math.max(1, bytes * 0.005);
        }
    }

    /**
     * A set of frames; empty if there are none.
     *
     * @param frames the frames, in order
     */
    record Frames(List<Integer> frames) implements Answer {
        /** Copies the list. */
        public Frames {
            frames = List.copyOf(frames);
        }

        @Override
        public String show() {
            if (frames.isEmpty()) {
                return "none";
            }
            StringBuilder s = new StringBuilder(frames.size() == 1 ? "frame " : "frames ");
            int i = 0;
            while (i < frames.size()) {
                int j = i;
                while (j + 1 < frames.size() && frames.get(j + 1) == frames.get(j) + 1) {
                    j++;
                }
                if (i > 0) {
                    s.append(", ");
                }
                s.append(frames.get(i));
                if (j > i) {
                    s.append(j == i + 1 ? ", " : "-").append(frames.get(j));
                }
                i = j + 1;
            }
            return s.toString();
        }

        @Override
        public boolean accepts(String typed) {
            String t = typed.strip().toLowerCase(Locale.ROOT).replaceFirst("^frames?\\s*", "");
            if (t.equals("none") || t.equals("-") || t.isEmpty()) {
                return frames.isEmpty();
            }
            SortedSet<Integer> got = new TreeSet<>();
            for (String part : t.split("[,\\s]+(and\\s+)?|\\s+and\\s+")) {
                if (part.isEmpty()) {
                    continue;
                }
                String[] range = part.split("-", -1);
                Long lo = number(range[0]);
                Long hi = range.length == 2 ? number(range[1]) : lo;
                if (lo == null || hi == null || range.length > 2 || hi < lo || hi - lo > 1_000_000) {
                    return false;
                }
                for (long f = lo; f <= hi; f++) {
                    got.add((int) f);
                }
            }
            return got.equals(new TreeSet<>(frames));
        }
    }

    /** A whole number, or null if the text is not one. */
    private static Long number(String typed) {
        String t = typed.strip();
        if (!t.matches("[0-9]{1,15}")) {
            return null;
        }
        return Long.parseLong(t);
    }
}
