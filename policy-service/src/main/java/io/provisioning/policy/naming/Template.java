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

    private final String text;

    private Template(String text) {
        this.text = text;
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
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.apply(m.group(1));
            if (value == null || value.isEmpty()) {
                throw new TemplateException("field " + m.group(1) + " has no value for template \"" + text + "\"");
            }
            if (m.group(2) != null) {
                int n = Integer.parseInt(m.group(2));
                value = value.codePointCount(0, value.length()) <= n ? value
                        : value.substring(0, value.offsetByCodePoints(0, n));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
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
