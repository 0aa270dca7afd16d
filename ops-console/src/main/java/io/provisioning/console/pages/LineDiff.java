package io.provisioning.console.pages;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The lines two policy documents share, and those one has and the other not: a longest common
 * subsequence over lines, which for documents of a few hundred lines is instant.
 */
public final class LineDiff {

    /** Beyond this many lines on either side the table would not fit in memory comfortably. */
    static final int MAX_LINES = 3000;

    /** @param kind {@code same}, {@code add} (only in the newer) or {@code del} (only in the older) */
    public record Line(String kind, String text, int oldNumber, int newNumber) {

        public String marker() {
            return switch (kind) {
                case "add" -> "+";
                case "del" -> "-";
                default -> " ";
            };
        }
    }

    private LineDiff() {
    }

    public static List<Line> of(String older, String newer) {
        String[] a = lines(older);
        String[] b = lines(newer);
        if (a.length > MAX_LINES || b.length > MAX_LINES) {
            throw new IllegalArgumentException("documents over " + MAX_LINES + " lines are not compared here");
        }
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Line> diff = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                diff.add(new Line("same", a[i], i + 1, j + 1));
                i++;
                j++;
            } else if (j < b.length && (i == a.length || common[i][j + 1] >= common[i + 1][j])) {
                diff.add(new Line("add", b[j], 0, j + 1));
                j++;
            } else {
                diff.add(new Line("del", a[i], i + 1, 0));
                i++;
            }
        }
        return Collections.unmodifiableList(diff);
    }

    private static String[] lines(String text) {
        return text == null || text.isEmpty() ? new String[0] : text.split("\r?\n", -1);
    }
}
