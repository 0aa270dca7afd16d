package io.provisioning.policy.requests;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.model.RequestableGroup;
import io.provisioning.policy.model.TargetPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** A request's terms, checked against the active policy: every error is answered at once, nothing is stored. */
public record RequestTerms(String beneficiaryId, String targetId, String group, String justification,
                           Instant startsAt, Instant endsAt) {

    static final int MAX_TEXT = 2000;
    /** A start a little in the past is a clock apart, not a backdated grant. */
    private static final Duration START_SKEW = Duration.ofMinutes(1);

    /** @throws ProblemException 400 listing every field that is wrong */
    public static RequestTerms of(NewAccessRequest body, Caller caller, PolicyDocument policy, Instant now) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body == null) {
            throw ProblemException.invalid("The request has no body.", List.of(new Problem.FieldError(null, "", "is empty")));
        }
        String beneficiary = body.beneficiary() == null ? caller.workerId() : body.beneficiary().strip();
        if (beneficiary.isEmpty() || beneficiary.length() > 128) {
            errors.add(new Problem.FieldError(null, "/beneficiary", "must be a worker id of 1 to 128 characters"));
        }
        RequestableGroup requestable = null;
        TargetPolicy target = body.targetId() == null ? null : policy.targets().get(body.targetId());
        if (body.targetId() == null || body.targetId().isBlank()) {
            errors.add(new Problem.FieldError(null, "/targetId", "is required"));
        } else if (target == null) {
            errors.add(new Problem.FieldError(null, "/targetId", "is not a target of the policy (one of "
                    + String.join(", ", new TreeSet<>(policy.targets().keySet())) + ")"));
        }
        if (body.group() == null || body.group().isBlank()) {
            errors.add(new Problem.FieldError(null, "/group", "is required"));
        } else if (target != null) {
            requestable = target.requestable().get(body.group());
            if (requestable == null) {
                errors.add(new Problem.FieldError(null, "/group", target.requestable().isEmpty()
                        ? "is not requestable: the policy makes no group of " + body.targetId() + " requestable"
                        : "is not requestable in " + body.targetId() + " (requestable: "
                        + String.join(", ", new TreeSet<>(target.requestable().keySet())) + ")"));
            }
        }
        String justification = body.justification() == null ? "" : body.justification().strip();
        if (justification.isEmpty()) {
            errors.add(new Problem.FieldError(null, "/justification", "is required: say why the access is needed"));
        } else if (justification.length() > MAX_TEXT) {
            errors.add(new Problem.FieldError(null, "/justification", "is longer than " + MAX_TEXT + " characters"));
        }
        Instant start = body.start() == null ? now : instant(body.start(), "/start", errors);
        if (start != null && start.isBefore(now.minus(START_SKEW))) {
            errors.add(new Problem.FieldError(null, "/start", "is in the past: access is never granted backdated"));
            start = null;
        }
        Instant end = null;
        if ((body.end() == null) == (body.duration() == null)) {
            errors.add(new Problem.FieldError(null, body.end() == null ? "/end" : "/duration",
                    "give either end (an instant) or duration (e.g. PT8H), not both and not neither"));
        } else if (body.end() != null) {
            end = instant(body.end(), "/end", errors);
        } else {
            Duration duration = RequestableGroup.duration(body.duration());
            if (duration == null || duration.isZero() || duration.isNegative()) {
                errors.add(new Problem.FieldError(null, "/duration", "must be a positive ISO-8601 duration such as PT8H or P30D"));
            } else if (start != null) {
                end = start.plus(duration);
            }
        }
        if (start != null && end != null && requestable != null) {
            String at = body.end() != null ? "/end" : "/duration";
            if (!end.isAfter(start)) {
                errors.add(new Problem.FieldError(null, at, "must be after the start"));
            } else if (requestable.longest() != null && Duration.between(start, end).compareTo(requestable.longest()) > 0) {
                errors.add(new Problem.FieldError(null, at, "exceeds the longest grant of " + body.group() + " ("
                        + requestable.maxDuration() + ")"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The access request has " + errors.size()
                    + (errors.size() == 1 ? " error." : " errors."), errors);
        }
        return new RequestTerms(beneficiary, body.targetId(), body.group(), justification, start, end);
    }

    private static Instant instant(String text, String pointer, List<Problem.FieldError> errors) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(null, pointer, "must be an ISO-8601 instant with an offset, such as 2026-12-07T09:00:00Z"));
            return null;
        }
    }
}
