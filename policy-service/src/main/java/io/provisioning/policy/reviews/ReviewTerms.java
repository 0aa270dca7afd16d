package io.provisioning.policy.reviews;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.model.RequestableGroup;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A review's definition, validated against the active policy: every field that is wrong is named
 * with why, and nothing is created until all are right.
 *
 * @param workers HR field to the values it may have (an empty map: every worker)
 */
public record ReviewTerms(String name, List<String> targets, List<String> groups, Map<String, List<String>> workers,
                          String reviewer, String fallbackReviewer, Instant deadline, NoAnswer noAnswer) {

    /** What an item nobody decided becomes when the review closes. */
    public enum NoAnswer {
        KEEP, REVOKE;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The HR fields a review's worker filter may name (as the worker record spells them). */
    static final Set<String> WORKER_FIELDS = Set.of("workerId", "department", "workerType", "jobTitle", "jobCode",
            "location", "costCenter", "managerId");
    static final String MANAGER = "manager";
    private static final Pattern WORKER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_NAME = 200;

    static ReviewTerms of(NewReview body, PolicyDocument policy, Instant now) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body == null) {
            throw ProblemException.invalid("The body must be a review: {name, scope, deadline, ...}.",
                    List.of(new Problem.FieldError(null, "", "is missing")));
        }
        String name = body.name() == null ? "" : body.name().strip();
        if (name.isEmpty()) {
            errors.add(error("/name", "is required"));
        } else if (name.length() > MAX_NAME) {
            errors.add(error("/name", "is longer than " + MAX_NAME + " characters"));
        }
        NewReview.Scope scope = body.scope();
        List<String> targets = List.of();
        List<String> groups = List.of();
        Map<String, List<String>> workers = new LinkedHashMap<>();
        if (scope == null) {
            errors.add(error("/scope", "is required: {targets, groups?, workers?}"));
        } else {
            targets = scope.targets() == null ? List.of() : List.copyOf(scope.targets());
            if (targets.isEmpty()) {
                errors.add(error("/scope/targets", "must name at least one target"));
            }
            for (int i = 0; i < targets.size(); i++) {
                if (targets.get(i) == null || !policy.targets().containsKey(targets.get(i))) {
                    errors.add(error("/scope/targets/" + i, "is not a target of the active policy (one of "
                            + new java.util.TreeSet<>(policy.targets().keySet()) + ")"));
                }
            }
            groups = scope.groups() == null ? List.of() : List.copyOf(scope.groups());
            for (int i = 0; i < groups.size(); i++) {
                String group = groups.get(i);
                boolean managed = group != null && targets.stream().map(policy.targets()::get)
                        .anyMatch(t -> t != null && t.managedGroups().contains(group));
                if (!managed) {
                    errors.add(error("/scope/groups/" + i, "is not a group the scope's targets manage"));
                }
            }
            if (scope.workers() != null) {
                scope.workers().forEach((field, values) -> {
                    if (!WORKER_FIELDS.contains(field)) {
                        errors.add(error("/scope/workers/" + field, "is not a field a review filters on (one of "
                                + new java.util.TreeSet<>(WORKER_FIELDS) + ")"));
                    } else if (values == null || values.isEmpty() || values.stream().anyMatch(v -> v == null || v.isBlank())) {
                        errors.add(error("/scope/workers/" + field, "must list one or more values"));
                    } else {
                        workers.put(field, List.copyOf(values));
                    }
                });
            }
        }
        String reviewer = body.reviewer() == null || body.reviewer().isBlank() ? MANAGER : body.reviewer().strip();
        if (!reviewer.equals(MANAGER) && !validOwner(reviewer)) {
            errors.add(error("/reviewer", "must be manager, owner:<workerId> or owner:group:<realm group>"));
        }
        String fallback = body.fallbackReviewer() == null || body.fallbackReviewer().isBlank() ? null
                : body.fallbackReviewer().strip();
        if (fallback != null && fallback.startsWith(RequestableGroup.OWNER) && !fallback.startsWith(RequestableGroup.OWNER_GROUP)) {
            fallback = fallback.substring(RequestableGroup.OWNER.length());
        }
        if (fallback != null && !WORKER_ID.matcher(fallback).matches()) {
            errors.add(error("/fallbackReviewer", "must be a worker id (or owner:<workerId>)"));
        }
        Instant deadline = null;
        if (body.deadline() == null || body.deadline().isBlank()) {
            errors.add(error("/deadline", "is required: an instant such as 2027-01-31T17:00:00Z"));
        } else {
            try {
                deadline = Instant.parse(body.deadline().strip());
                if (!deadline.isAfter(now)) {
                    errors.add(error("/deadline", "must be in the future"));
                }
            } catch (DateTimeParseException e) {
                errors.add(error("/deadline", "is not an instant such as 2027-01-31T17:00:00Z"));
            }
        }
        NoAnswer noAnswer = NoAnswer.KEEP;
        if (body.noAnswer() != null && !body.noAnswer().isBlank()) {
            switch (body.noAnswer().strip()) {
                case "keep" -> noAnswer = NoAnswer.KEEP;
                case "revoke" -> noAnswer = NoAnswer.REVOKE;
                default -> errors.add(error("/noAnswer", "must be keep or revoke"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The review cannot be created as given.", errors);
        }
        return new ReviewTerms(name, targets, groups, workers, reviewer, fallback, deadline, noAnswer);
    }

    private static boolean validOwner(String spec) {
        if (spec.startsWith(RequestableGroup.OWNER_GROUP)) {
            return !spec.substring(RequestableGroup.OWNER_GROUP.length()).isBlank();
        }
        return spec.startsWith(RequestableGroup.OWNER)
                && WORKER_ID.matcher(spec.substring(RequestableGroup.OWNER.length())).matches();
    }

    /** Whether the target's group is in scope. */
    boolean covers(String targetId, String group) {
        return targets.contains(targetId) && (groups.isEmpty() || groups.contains(group));
    }

    private static Problem.FieldError error(String pointer, String reason) {
        return new Problem.FieldError(null, pointer, reason);
    }
}
