package io.provisioning.policy.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.model.TargetPolicy;
import io.provisioning.policy.naming.Template;
import io.provisioning.policy.naming.TemplateException;
import io.provisioning.policy.rules.GrantEvaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a policy says one identity's accounts must be, target by target. Pure: the same function
 * serves the engine (which then issues commands) and the preview of a draft (which only compares),
 * so that a preview shows exactly what activation does.
 */
public final class DesiredStates {

    private static final ObjectMapper MAPPER = Json.mapper();

    private DesiredStates() {
    }

    /** One account's desired state, as stored with the account and compared with the next one. */
    public record Desired(AccountState state, Map<String, List<String>> attributes, List<String> groups,
                          Map<String, List<String>> grants) {

        public static Desired read(String json) {
            try {
                return MAPPER.readValue(json, Desired.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored desired state is unreadable", e);
            }
        }

        public String json() {
            try {
                return MAPPER.writeValueAsString(this);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a desired state", e);
            }
        }
    }

    /**
     * The account one target must hold for the identity.
     *
     * @param accountId its name: the existing one, or the one it gets
     * @param exists    whether the identity already has an account row there
     */
    public record Planned(String targetId, TargetPolicy target, String accountId, boolean exists, Desired desired) {
    }

    /**
     * @param requested the groups granted on request (active grants): target id to group to reasons
     *                  ({@code request:<id>}); a group the target no longer manages is left out
     * @param excluded  target id to the birthright groups an access review revoked for this worker: left
     *                  out of what the rules grant (a requested grant of the group still counts)
     * @param existing targetId to the identity's account name there, null if it has none
     * @param newName  (targetId, target) to the name of a new account; called only when one is needed
     * @return the accounts, by target id in order; targets where the identity needs no account are left out
     * @throws TemplateException if an account name cannot be made for this worker
     */
    public static List<Planned> plan(PolicyDocument policy, LifecycleState lifecycle, boolean accountsDeleted,
                                     Map<String, String> fields, Map<String, Map<String, List<String>>> requested,
                                     Map<String, ? extends java.util.Collection<String>> excluded,
                                     Function<String, String> existing,
                                     BiFunction<String, TargetPolicy, String> newName) {
        Map<String, Map<String, List<String>>> grants = GrantEvaluator.grants(policy, fields::get);
        excluded.forEach((targetId, groups) -> {
            Map<String, List<String>> targetGrants = grants.get(targetId);
            if (targetGrants != null) {
                targetGrants.keySet().removeAll(groups);
                if (targetGrants.isEmpty()) {
                    grants.remove(targetId);
                }
            }
        });
        requested.forEach((targetId, groups) -> {
            TargetPolicy target = policy.targets().get(targetId);
            groups.forEach((group, reasons) -> {
                if (target != null && target.managedGroups().contains(group)) {
                    grants.computeIfAbsent(targetId, t -> new TreeMap<>())
                            .computeIfAbsent(group, g -> new ArrayList<>()).addAll(reasons);
                }
            });
        });
        List<Planned> planned = new ArrayList<>();
        for (Map.Entry<String, TargetPolicy> entry : new TreeMap<>(policy.targets()).entrySet()) {
            String targetId = entry.getKey();
            TargetPolicy target = entry.getValue();
            String existingName = existing.apply(targetId);
            Map<String, List<String>> targetGrants = grants.getOrDefault(targetId, Map.of());
            boolean entitled = target.birthright() || !targetGrants.isEmpty();
            AccountState state = stateFor(lifecycle, accountsDeleted, entitled, existingName != null);
            if (state == null) {
                continue;
            }
            String accountId = existingName != null ? existingName : newName.apply(targetId, target);
            planned.add(new Planned(targetId, target, accountId, existingName != null,
                    desired(state, lifecycle, target, fields, accountId, targetGrants)));
        }
        return planned;
    }

    /** Target id to group to the reasons ({@code request:<id>}) of the worker's active grants. */
    public static Map<String, Map<String, List<String>>> requested(List<io.provisioning.policy.store.OpenRequest> open) {
        Map<String, Map<String, List<String>>> requested = new TreeMap<>();
        for (var request : open) {
            if (request.active()) {
                requested.computeIfAbsent(request.targetId(), t -> new TreeMap<>())
                        .computeIfAbsent(request.group(), g -> new ArrayList<>()).add(request.grantReason());
            }
        }
        return requested;
    }

    /** The state an account must be in, or null when the worker has no account there and needs none. */
    static AccountState stateFor(LifecycleState lifecycle, boolean deleted, boolean entitled, boolean exists) {
        return switch (lifecycle) {
            case PRE_HIRE -> exists ? AccountState.DISABLED : null;
            case ACTIVE -> entitled ? AccountState.PRESENT : exists ? AccountState.DISABLED : null;
            case ON_LEAVE -> exists ? AccountState.DISABLED : null;
            case TERMINATED -> !exists ? null : deleted ? AccountState.ABSENT : AccountState.DISABLED;
        };
    }

    private static Desired desired(AccountState state, LifecycleState lifecycle, TargetPolicy target,
                                   Map<String, String> fields, String accountId, Map<String, List<String>> grants) {
        if (state == AccountState.ABSENT) {
            return new Desired(state, Map.of(), List.of(), Map.of());
        }
        Map<String, String> values = new LinkedHashMap<>(fields);
        values.put("accountName", accountId);
        values.computeIfAbsent("email", k -> target.email() == null ? null : Template.parse(target.email()).render(values));
        Map<String, List<String>> attributes = new TreeMap<>();
        target.attributes().forEach((attribute, template) -> {
            try {
                attributes.put(attribute, List.of(Template.parse(template).render(values)));
            } catch (TemplateException e) {
                // an optional field is empty: the attribute is cleared, the account still provisioned
            }
        });
        // On leave the groups stay, so that the return restores them; otherwise a disabled account holds none.
        boolean keepGroups = state == AccountState.PRESENT || lifecycle == LifecycleState.ON_LEAVE;
        List<String> groups = keepGroups ? new ArrayList<>(grants.keySet()) : List.of();
        return new Desired(state, attributes, groups, keepGroups ? grants : Map.of());
    }
}
