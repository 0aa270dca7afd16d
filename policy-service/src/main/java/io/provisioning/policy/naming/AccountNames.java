package io.provisioning.policy.naming;

import io.provisioning.policy.model.AccountNaming;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Makes account names: the rendered, folded base, and the first free variant of it
 * ({@code jdoe}, {@code jdoe2}, {@code jdoe3}, ...), cut so that the suffix still fits.
 */
public final class AccountNames {

    private AccountNames() {
    }

    /**
     * The base name for a worker: the template's, or the fallback template's when the template
     * leaves nothing after folding.
     *
     * @throws TemplateException if a template cannot render, or even the fallback leaves nothing
     */
    public static String base(AccountNaming naming, Function<String, String> workerFields) {
        String folded = AsciiFolding.fold(Template.parse(naming.template()).render(workerFields));
        if (folded.isEmpty()) {
            folded = AsciiFolding.fold(Template.parse(naming.fallbackTemplate()).render(workerFields));
        }
        if (folded.isEmpty()) {
            throw new TemplateException("neither template \"" + naming.template() + "\" nor fallback template \""
                    + naming.fallbackTemplate() + "\" leaves letters a target accepts");
        }
        return cut(folded, naming.maxLength());
    }

    /**
     * The first variant of the base that is free.
     *
     * @param free whether a candidate is free for this worker (unused, or already theirs)
     */
    public static String firstFree(String base, int maxLength, Predicate<String> free) {
        for (long n = 1; ; n++) {
            String candidate = variant(base, maxLength, n);
            if (free.test(candidate)) {
                return candidate;
            }
        }
    }

    /** The n-th variant of a base: the base itself for 1, then base2, base3, ... cut to fit. */
    public static String variant(String base, int maxLength, long n) {
        if (n <= 1) {
            return cut(base, maxLength);
        }
        String suffix = Long.toString(n);
        return cut(base, maxLength - suffix.length()) + suffix;
    }

    private static String cut(String name, int maxLength) {
        return name.length() <= maxLength ? name : name.substring(0, maxLength);
    }
}
