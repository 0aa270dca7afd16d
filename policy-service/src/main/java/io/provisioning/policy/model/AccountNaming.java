package io.provisioning.policy.model;

/**
 * Account names: a template rendered from worker fields, transliterated and folded to ASCII,
 * lowercased, reduced to {@code [a-z0-9]}, cut to {@code maxLength}; a number is appended when
 * taken ({@code jdoe}, {@code jdoe2}, ...).
 *
 * @param template         e.g. {@code {givenName:1}{familyName}}: the first letter of the given name
 *                         and the family name
 * @param maxLength        the longest name the target accepts
 * @param fallbackTemplate used when the template leaves nothing after folding (a name of symbols
 *                         only, or in a script that cannot be transliterated), so that every worker
 *                         still gets an account; default {@code u{workerId}}
 */
public record AccountNaming(String template, int maxLength, String fallbackTemplate) {

    public static final String DEFAULT_TEMPLATE = "{givenName:1}{familyName}";
    public static final String DEFAULT_FALLBACK = "u{workerId}";
    public static final AccountNaming DEFAULT = new AccountNaming(DEFAULT_TEMPLATE, 20, DEFAULT_FALLBACK);

    public AccountNaming {
        template = template == null ? DEFAULT_TEMPLATE : template;
        maxLength = maxLength <= 0 ? 20 : maxLength;
        fallbackTemplate = fallbackTemplate == null ? DEFAULT_FALLBACK : fallbackTemplate;
    }

    public AccountNaming(String template, int maxLength) {
        this(template, maxLength, null);
    }
}
