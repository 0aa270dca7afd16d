package io.provisioning.policy.reviews;

import java.util.List;
import java.util.Map;

/**
 * An access review as a policy administrator asks for it; validated into {@link ReviewTerms}.
 *
 * @param name             what reviewers and auditors see, e.g. "Finance ledger access, Q4"
 * @param scope            whose access, where
 * @param reviewer         manager (the default), owner:&lt;workerId&gt; or owner:group:&lt;realm group&gt;
 * @param fallbackReviewer the worker who reviews when the reviewer cannot (no active manager, or the item is
 *                         the reviewer's own access); "owner:" in front is accepted
 * @param deadline         when the review closes by itself (an instant in the future)
 * @param noAnswer         what an item nobody decided becomes at the close: keep (the default) or revoke
 */
public record NewReview(String name, Scope scope, String reviewer, String fallbackReviewer, String deadline,
                        String noAnswer) {

    /**
     * @param targets the targets whose groups are reviewed (at least one)
     * @param groups  only these groups (of those targets); all managed groups when absent
     * @param workers only workers whose HR fields have one of the values, e.g. {"department": ["Finance"]}
     */
    public record Scope(List<String> targets, List<String> groups, Map<String, List<String>> workers) {
    }
}
