package io.provisioning.policy.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text template with placeholders {@code {field}} (the whole value) and {@code {field:n}} (its
 * first n characters). Literal text is kept as it is.
 */
public final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)(?::([1-9][0-9]?))?}");

    /** Parsed templates by text: every account of every event renders the same few. */
    private static final Map<String, Template> PARSED = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 10_000;

    /** Literal text, or a placeholder: a field and how many of its characters (0: all). */
    private record Part(String literal, String field, int length) {
    }

    private final String text;
    private final List<Part> parts;

    private Template(String text) {
        this.text = text;
        this.parts = split(text);
    }

    /** The template as literal text and placeholders, so that rendering needs no pattern matching. */
    private static List<Part> split(String text) {
        List<Part> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(new Part(text.substring(at, m.start()), null, 0));
            }
            parts.add(new Part(null, m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
            at = m.end();
        }
        if (at < text.length()) {
            parts.add(new Part(text.substring(at), null, 0));
        }
        return List.copyOf(parts);
    }

    /**
     * @throws TemplateException if the text has an unbalanced or malformed placeholder
     */
    public static Template parse(String text) {
        Template known = PARSED.get(text);
        if (known != null) {
            return known;
        }
        Template parsed = check(text);
        if (PARSED.size() >= MAX_CACHED) {
            PARSED.clear(); // templates come from policy versions: only a flood of drafts gets here
        }
        PARSED.put(text, parsed);
        return parsed;
    }

    private static Template check(String text) {
        String rest = PLACEHOLDER.matcher(text).replaceAll("");
        if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
            throw new TemplateException("malformed placeholder in template \"" + text + "\"");
        }
        return new Template(text);
    }

    /** The fields the template reads. */
    public List<String> fields() {
        List<String> fields = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            fields.add(m.group(1));
        }
        return fields;
    }

    /**
     * Renders with the given values.
     *
     * @throws TemplateException if a field the template needs has no value
     */
    public String render(Function<String, String> values) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (Part part : parts) {
            if (part.literal() != null) {
                out.append(part.literal());
                continue;
            }
            String value = values.apply(part.field());
            if (value == null || value.isEmpty()) {
                throw new TemplateException("field " + part.field() + " has no value for template \"" + text + "\"");
            }
            int n = part.length();
            out.append(n == 0 || value.codePointCount(0, value.length()) <= n ? value
                    : value.substring(0, value.offsetByCodePoints(0, n)));
        }
        return out.toString();
    }

    /** Renders from a map of values. */
    public String render(Map<String, String> values) {
        return render(values::get);
    }

    @Override
    public String toString() {
        return text;
    }
}
