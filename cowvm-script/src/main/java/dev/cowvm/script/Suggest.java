package dev.cowvm.script;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean": the known word closest to a misspelt one, by edit distance (insertions,
 * deletions, substitutions and swaps of two neighbours, each counting one), ignoring case.
 * A word is suggested only if it is close enough to be a plausible typo: one edit for words
 * of two to four characters, two up to eight, three beyond; a one-letter word only differs in
 * case (every letter is one edit from every other). Words longer than
 * {@value #LONGEST} characters get no suggestion, and at most {@value #EXAMINED} candidates are
 * compared, so that a hint stays cheap when a loop has made a million names.
 */
final class Suggest {
    static final int LONGEST = 64;
    static final int EXAMINED = 10_000;

    private Suggest() {
    }

    /** The closest candidate within the allowed distance, or null; the first of equals wins. */
    static String closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = word.toLowerCase(Locale.ROOT);
        int examined = 0;
        for (String c : candidates) {
            if (c.equals(word)) {
                continue;
            }
            if (++examined > EXAMINED) {
                break;
            }
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d <= allowed(Math.max(word.length(), c.length())) && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** {@code "; did you mean X?"} or nothing. */
    static String hint(String word, Collection<String> candidates) {
        String c = closest(word, candidates);
        return c == null ? "" : "; did you mean " + c + "?";
    }

    /** {@code "; did you mean 'X'?"} or nothing, for keywords and other words quoted in messages. */
    static String quotedHint(String word, Collection<String> candidates) {
        String c = closest(word, candidates);
        return c == null ? "" : "; did you mean '" + c + "'?";
    }

    private static int allowed(int length) {
        return length <= 1 ? 0 : length <= 4 ? 1 : length <= 8 ? 2 : 3;
    }

    /** The optimal string alignment distance: Levenshtein's, with a swap of neighbours as one edit. */
    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 3 || a.length() > LONGEST || b.length() > LONGEST) {
            return Integer.MAX_VALUE;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
