package io.provisioning.policy.model;

/**
 * Account names: a template rendered from worker fields, folded to ASCII, lowercased, reduced to
 * {@code [a-z0-9]}, cut to {@code maxLength}; a number is appended when taken ({@code jdoe},
 * {@code jdoe2}, ...).
 *
 * @param template e.g. {@code {givenName:1}{familyName}}: the first letter of the given name and
 *                 the family name
 */
public record AccountNaming(String template, int maxLength) {

    public static final AccountNaming DEFAULT = new AccountNaming("{givenName:1}{familyName}", 20);

    public AccountNaming {
        template = template == null ? DEFAULT_TEMPLATE : template;
        maxLength = maxLength <= 0 ? 20 : maxLength;
    }

    private static final String DEFAULT_TEMPLATE = "{givenName:1}{familyName}";
}
