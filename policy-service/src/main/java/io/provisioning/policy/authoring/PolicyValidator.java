package io.provisioning.policy.authoring;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.validation.PayloadValidator;
import io.provisioning.contracts.validation.Violation;
import io.provisioning.policy.lifecycle.WorkerFields;
import io.provisioning.policy.model.ConflictRule;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.model.RequestableGroup;
import io.provisioning.policy.model.Rule;
import io.provisioning.policy.model.TargetPolicy;
import io.provisioning.policy.naming.AccountNames;
import io.provisioning.policy.naming.AsciiFolding;
import io.provisioning.policy.naming.Template;
import io.provisioning.policy.naming.TemplateException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks a draft policy before anything uses it: first its shape (policy.schema.json), then its
 * meaning: a rule granting in a target the policy does not define, a condition on a field no
 * worker record has, a group granted that the target does not manage, a template that cannot
 * render, a time zone that does not exist, a rule id used twice. Every error is reported at once,
 * each with its JSON pointer and its line and column in the text.
 */
public final class PolicyValidator {

    /** A draft that passed every check. */
    public record ValidPolicy(String text, String format, PolicyDocument document) {
    }

    private static final PayloadValidator SCHEMA = new PayloadValidator();
    private static final ObjectMapper BINDER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** A worker with only the fields every record has, to prove that an account name always renders. */
    private static final Map<String, String> MINIMAL_WORKER = Map.of("workerId", "W000001", "givenName", "Ada",
            "familyName", "Lovelace", "workerType", "EMPLOYEE", "department", "Engineering", "startDate", "2026-01-01");

    private PolicyValidator() {
    }

    /**
     * Validates with the refusals of every kind of target.
     *
     * @param format {@code yaml} or {@code json}
     * @throws ProblemException (400) listing every error
     */
    public static ValidPolicy validate(String text, String format) {
        return validate(text, format, ProtectedAttributes.STRICTEST);
    }

    /**
     * @param format    {@code yaml} or {@code json}
     * @param protectedAttributes the attributes no policy may set, per target
     * @throws ProblemException (400) listing every error
     */
    public static ValidPolicy validate(String text, String format, ProtectedAttributes protectedAttributes) {
        if (text == null || text.isBlank()) {
            throw ProblemException.invalid("The policy document is empty.", List.of(new Problem.FieldError(null, "", "is empty")));
        }
        LocatedDocument located;
        try {
            located = LocatedDocument.read(text, format.equals("json"));
        } catch (LocatedDocument.SyntaxException e) {
            throw ProblemException.invalid("The policy document cannot be read.",
                    List.of(Problem.FieldError.at(e.place().line(), e.place().column(), "", e.getMessage())));
        }
        List<Violation> violations = new ArrayList<>();
        if (!located.tree().isObject()) {
            violations.add(new Violation("", "must be a mapping with targets, rules and lifecycle"));
        } else {
            violations.addAll(SCHEMA.validatePolicy(located.tree()));
        }
        PolicyDocument document = null;
        if (violations.isEmpty()) {
            document = BINDER.convertValue(located.tree(), PolicyDocument.class);
            violations.addAll(meaning(document, protectedAttributes));
        }
        if (!violations.isEmpty()) {
            List<Problem.FieldError> errors = violations.stream()
                    .sorted(Comparator.comparing((Violation v) -> located.placeOf(v.pointer()).line())
                            .thenComparing(v -> located.placeOf(v.pointer()).column()).thenComparing(Violation::pointer))
                    .map(v -> {
                        LocatedDocument.Place place = located.placeOf(v.pointer());
                        return Problem.FieldError.at(place.line(), place.column(), v.pointer(), v.message());
                    })
                    .distinct()
                    .toList();
            throw ProblemException.invalid("The policy document has " + errors.size()
                    + (errors.size() == 1 ? " error." : " errors."), errors);
        }
        return new ValidPolicy(text, format, document);
    }

    /** The checks a schema cannot express. */
    static List<Violation> meaning(PolicyDocument policy, ProtectedAttributes protectedAttributes) {
        List<Violation> violations = new ArrayList<>();
        policy.targets().forEach((targetId, target) -> {
            checkTarget("/targets/" + escape(targetId), target, violations);
            checkRequestable("/targets/" + escape(targetId) + "/requestable", targetId, target, violations);
            target.attributes().keySet().stream().sorted().forEach(attribute -> protectedAttributes.refusal(targetId, attribute)
                    .ifPresent(reason -> violations.add(new Violation(
                            "/targets/" + escape(targetId) + "/attributes/" + escape(attribute), reason))));
        });
        Set<String> ruleIds = new HashSet<>();
        for (int i = 0; i < policy.rules().size(); i++) {
            Rule rule = policy.rules().get(i);
            String at = "/rules/" + i;
            if (!ruleIds.add(rule.id())) {
                violations.add(new Violation(at + "/id", "is the id of an earlier rule; rule ids must be unique"));
            }
            rule.when().keySet().stream().filter(field -> !WorkerFields.NAMES.contains(field)).sorted()
                    .forEach(field -> violations.add(new Violation(at + "/when/" + escape(field),
                            "is not a worker field (one of " + String.join(", ", WorkerFields.NAMES.stream().sorted().toList()) + ")")));
            rule.grant().forEach((targetId, groups) -> {
                TargetPolicy target = policy.targets().get(targetId);
                String grantAt = at + "/grant/" + escape(targetId);
                if (target == null) {
                    violations.add(new Violation(grantAt, "is not a target of this policy"));
                    return;
                }
                for (int g = 0; g < groups.size(); g++) {
                    if (!target.managedGroups().contains(groups.get(g))) {
                        violations.add(new Violation(grantAt + "/" + g,
                                "is not among the managedGroups of target " + targetId));
                    }
                }
            });
        }
        checkConflicts(policy, violations);
        policy.lifecycle().timeZones().forEach((location, zone) -> {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                violations.add(new Violation("/lifecycle/timeZones/" + escape(location), "is not a time zone id (e.g. Europe/Berlin)"));
            }
        });
        return violations;
    }

    private static void checkTarget(String at, TargetPolicy target, List<Violation> violations) {
        Set<String> naming = WorkerFields.NAMES;
        Set<String> withName = with(naming, "accountName");
        Set<String> withEmail = with(withName, "email");
        if (checkTemplate(at + "/accountName/template", target.accountName().template(), naming::contains, violations)) {
            try {
                AccountNames.base(target.accountName(), MINIMAL_WORKER::get);
            } catch (TemplateException e) {
                violations.add(new Violation(at + "/accountName/template", "cannot render for a worker with only the "
                        + "fields every record has (" + String.join(", ", WorkerFields.ALWAYS_PRESENT.stream().sorted().toList())
                        + ") or leaves no letters a target accepts"));
            }
        }
        String fallbackAt = at + "/accountName/fallbackTemplate";
        if (checkTemplate(fallbackAt, target.accountName().fallbackTemplate(), naming::contains, violations)
                && AsciiFolding.fold(Template.parse(target.accountName().fallbackTemplate())
                        .render(MINIMAL_WORKER::get)).isEmpty()) {
            violations.add(new Violation(fallbackAt, "must leave letters a target accepts for every worker: include "
                    + "literal letters or {workerId}"));
        }
        if (target.email() != null) {
            checkTemplate(at + "/email", target.email(), withName::contains, violations);
        }
        target.attributes().forEach((attribute, template) ->
                checkTemplate(at + "/attributes/" + escape(attribute), template, withEmail::contains, violations));
    }

    /** Conflict rules name managed groups of the policy's targets, two at least, under unique ids. */
    private static void checkConflicts(PolicyDocument policy, List<Violation> violations) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < policy.conflicts().size(); i++) {
            ConflictRule rule = policy.conflicts().get(i);
            String at = "/conflicts/" + i;
            if (!ids.add(rule.id())) {
                violations.add(new Violation(at + "/id", "is the id of an earlier conflict; conflict ids must be unique"));
            }
            Set<List<String>> distinct = new HashSet<>();
            for (int e = 0; e < rule.entitlements().size(); e++) {
                List<String> entitlement = rule.entitlements().get(e);
                TargetPolicy target = policy.targets().get(entitlement.get(0));
                if (target == null) {
                    violations.add(new Violation(at + "/entitlements/" + e + "/0", "is not a target of this policy"));
                } else if (!target.managedGroups().contains(entitlement.get(1))) {
                    violations.add(new Violation(at + "/entitlements/" + e + "/1",
                            "is not among the managedGroups of target " + entitlement.get(0)));
                }
                distinct.add(entitlement);
            }
            if (distinct.size() < 2) {
                violations.add(new Violation(at + "/entitlements", "must name two different entitlements at least"));
            }
            if (rule.approveWith() != null && !rule.prevents()) {
                violations.add(new Violation(at + "/approveWith", "applies only to mode prevent"));
            }
        }
    }

    /** Requestable groups are managed groups, with a positive longest grant and decision timeout. */
    private static void checkRequestable(String at, String targetId, TargetPolicy target, List<Violation> violations) {
        target.requestable().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            String groupAt = at + "/" + escape(entry.getKey());
            RequestableGroup group = entry.getValue();
            if (!target.managedGroups().contains(entry.getKey())) {
                violations.add(new Violation(groupAt, "is not among the managedGroups of target " + targetId
                        + ": only a group the policy manages can be granted on request"));
            }
            Duration longest = group.longest();
            if (longest == null || longest.isZero() || longest.isNegative()) {
                violations.add(new Violation(groupAt + "/maxDuration", "must be a positive duration such as P90D or PT8H"));
            }
            Duration timeout = RequestableGroup.duration(group.decisionTimeout());
            if (group.decisionTimeout() != null && (timeout == null || timeout.isZero() || timeout.isNegative())) {
                violations.add(new Violation(groupAt + "/decisionTimeout", "must be a positive duration such as P3D"));
            }
            if (group.approvers().contains(RequestableGroup.MANAGER) && group.fallbackApprover() == null) {
                violations.add(new Violation(groupAt + "/fallbackApprover", "is required when a stage is the manager:"
                        + " it decides when a worker has no active manager (or the manager is the one asking)"));
            }
        });
    }

    /** @return whether the template is well-formed and reads only known fields */
    private static boolean checkTemplate(String at, String text, Predicate<String> known, List<Violation> violations) {
        Template template;
        try {
            template = Template.parse(text);
        } catch (TemplateException e) {
            violations.add(new Violation(at, "is not a template: a placeholder is {field} or {field:n}"));
            return false;
        }
        List<String> unknown = template.fields().stream().filter(known.negate()).distinct().toList();
        unknown.forEach(field -> violations.add(new Violation(at, "reads {" + field + "}, which is not a worker field")));
        return unknown.isEmpty();
    }

    private static Set<String> with(Set<String> fields, String extra) {
        Set<String> all = new HashSet<>(fields);
        all.add(extra);
        return all;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
