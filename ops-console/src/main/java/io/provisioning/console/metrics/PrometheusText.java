package io.provisioning.console.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The lines of the Prometheus text format that matter here: name, labels and value of each sample. */
final class PrometheusText {

    record Line(String name, Map<String, String> labels, double value) {
        String label(String key) {
            return labels.getOrDefault(key, "");
        }
    }

    private PrometheusText() {
    }

    static List<Line> parse(String text) {
        List<Line> lines = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Line parsed = parseLine(line);
            if (parsed != null) {
                lines.add(parsed);
            }
        }
        return lines;
    }

    private static Line parseLine(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        String rest;
        if (brace >= 0 && (space < 0 || brace < space)) {
            name = line.substring(0, brace);
            int end = labels(line, brace + 1, labels);
            if (end < 0) {
                return null;
            }
            rest = line.substring(end + 1).strip();
        } else if (space > 0) {
            name = line.substring(0, space);
            rest = line.substring(space + 1).strip();
        } else {
            return null;
        }
        String value = rest.split("\\s+")[0];
        try {
            return new Line(name, labels, Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reads {@code key="value",…} up to the closing brace; returns its index, or -1 if malformed. */
    private static int labels(String line, int from, Map<String, String> labels) {
        int i = from;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '}') {
                return i;
            }
            if (c == ',' || c == ' ') {
                i++;
                continue;
            }
            int equals = line.indexOf('=', i);
            if (equals < 0 || equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
                return -1;
            }
            StringBuilder value = new StringBuilder();
            int j = equals + 2;
            while (j < line.length() && line.charAt(j) != '"') {
                if (line.charAt(j) == '\\' && j + 1 < line.length()) {
                    j++;
                }
                value.append(line.charAt(j));
                j++;
            }
            labels.put(line.substring(i, equals).strip(), value.toString());
            i = j + 1;
        }
        return -1;
    }
}
