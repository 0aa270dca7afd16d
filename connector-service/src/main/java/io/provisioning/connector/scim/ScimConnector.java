package io.provisioning.connector.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.connector.spi.AttributeDelta;
import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.connector.spi.CorrelateOp;
import io.provisioning.connector.spi.ControlledAttributes;
import io.provisioning.connector.spi.CreateOp;
import io.provisioning.connector.spi.DeleteOp;
import io.provisioning.connector.spi.EnableOp;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.spi.GroupMembershipOp;
import io.provisioning.connector.spi.InvalidAttributeValueException;
import io.provisioning.connector.spi.ListOp;
import io.provisioning.connector.spi.PermanentException;
import io.provisioning.connector.spi.TestOp;
import io.provisioning.connector.spi.UnknownAccountException;
import io.provisioning.connector.spi.UpdateDeltaOp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Users and Groups of a SCIM 2.0 service provider (RFC 7643/7644). A user not found by its
 * {@code userName} is looked for by {@code externalId} (the worker id) and adopted. The account id is the User's
 * {@code userName}; groups are named by {@code displayName}. What the server can do is read once
 * from {@code /ServiceProviderConfig}, {@code /ResourceTypes} and {@code /Schemas}: PATCH where supported (else PUT of the
 * whole user; group membership then cannot change), ETags with If-Match where supported (a 412
 * re-reads and tries again), the enterprise extension only where the server has its schema.
 */
final class ScimConnector implements CreateOp, UpdateDeltaOp, EnableOp, DeleteOp, GetOp, GroupMembershipOp,
        ListOp, TestOp, CorrelateOp, ControlledAttributes {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int PRECONDITION_RETRIES = 3;
    private static final String USER_ATTRIBUTES = "userName,name,displayName,nickName,title,emails,active,externalId,"
            + "userType,preferredLanguage,locale,timezone,groups," + ScimUsers.ENTERPRISE;

    /** RFC 7643's identity, credential, state and membership attributes of a User. */
    private static final Set<String> CONTROLLED = Set.of("id", "username", "active", "password", "groups", "meta",
            "schemas", "x509certificates");

    private final ScimSettings settings;
    private final ScimHttp http;
    private final Map<String, String> userIds = new ConcurrentHashMap<>();
    private final Map<String, String> groupIds = new ConcurrentHashMap<>();
    private final Map<String, String> groupNames = new ConcurrentHashMap<>();
    private volatile ScimCapabilities capabilities;

    ScimConnector(ScimSettings settings) {
        this.settings = settings;
        this.http = new ScimHttp(settings);
    }

    /** A user as read: its server id, its ETag (if any) and the resource. */
    private record User(String id, String version, JsonNode resource) {
    }

    /** A path names its top-level attribute first: name.givenName, emails[type eq "work"], urn:…:User:password. */
    @Override
    public boolean controls(String attribute) {
        String name = attribute.toLowerCase(Locale.ROOT);
        if (name.startsWith("urn:")) {
            name = name.substring(name.lastIndexOf(':') + 1);
        }
        int end = name.length();
        for (char stop : new char[] {'.', '['}) {
            int at = name.indexOf(stop);
            end = at < 0 ? end : Math.min(end, at);
        }
        return CONTROLLED.contains(name.substring(0, end));
    }

    @Override
    public String targetId() {
        return settings.targetId();
    }

    @Override
    public void test() {
        capabilities = ScimCapabilities.discover(http);
    }

    @Override
    public Optional<ConnectorAccount> get(String accountId) {
        return findUser(accountId).map(user -> account(user.resource()));
    }

    /**
     * The user whose {@code externalId} is the worker id. A server that cannot filter on
     * {@code externalId} (400) has no such user as far as we can tell.
     */
    @Override
    public Optional<ConnectorAccount> findByWorkerId(String workerId) {
        JsonNode page;
        try {
            page = http.get("/Users?filter=" + ScimHttp.encode("externalId eq " + ScimHttp.literal(workerId))
                    + "&attributes=" + ScimHttp.encode(USER_ATTRIBUTES)).body();
        } catch (InvalidAttributeValueException unsupportedFilter) {
            return Optional.empty();
        }
        for (JsonNode user : page.path("Resources")) {
            if (workerId.equals(user.path("externalId").asText(null))) {
                userIds.put(user.path("userName").asText(), user.path("id").asText());
                return Optional.of(account(user));
            }
        }
        return Optional.empty();
    }

    @Override
    public void rename(String accountId, String newAccountId) {
        ArrayNode operations = JSON.arrayNode();
        operations.addObject().put("op", "replace").put("path", "userName").put("value", newAccountId);
        changeUser(accountId, operations, resource -> resource.put("userName", newAccountId));
        String id = userIds.remove(accountId);
        if (id != null) {
            userIds.put(newAccountId, id);
        }
    }

    @Override
    public void create(String accountId, Map<String, List<String>> attributes, boolean enabled) {
        ObjectNode user = ScimUsers.resource(accountId, attributes, enabled, capabilities().enterprise());
        JsonNode created = http.send("POST", "/Users", user, null).body();
        if (created != null && created.hasNonNull("id")) {
            userIds.put(accountId, created.get("id").asText());
        }
    }

    @Override
    public void update(String accountId, AttributeDelta delta) {
        ArrayNode operations = JSON.arrayNode();
        delta.replace().forEach((path, values) -> {
            if (!path.startsWith(ScimUsers.ENTERPRISE_PREFIX) || capabilities().enterprise()) {
                operations.addObject().put("op", "replace").put("path", ScimUsers.patchPath(path))
                        .set("value", ScimUsers.value(path, values));
            }
        });
        delta.remove().forEach(path -> operations.addObject().put("op", "remove").put("path", ScimUsers.patchPath(path)));
        if (!operations.isEmpty()) {
            changeUser(accountId, operations, resource -> {
                delta.replace().forEach((path, values) -> replaceIn(resource, path, values));
                delta.remove().forEach(path -> removeFrom(resource, path));
                return resource;
            });
        }
    }

    @Override
    public void setEnabled(String accountId, boolean enabled) {
        ArrayNode operations = JSON.arrayNode();
        operations.addObject().put("op", "replace").put("path", "active").put("value", enabled);
        changeUser(accountId, operations, resource -> resource.put("active", enabled));
    }

    @Override
    public void delete(String accountId) {
        User user = requireUser(accountId);
        http.send("DELETE", "/Users/" + user.id(), null, capabilities().etag() ? user.version() : null);
        userIds.remove(accountId);
    }

    @Override
    public void addMembers(String group, Collection<String> accountIds) {
        if (accountIds.isEmpty()) {
            return;
        }
        List<String> members = new ArrayList<>();
        for (String accountId : accountIds) {
            members.add(userId(accountId).orElseThrow(() -> unknown(accountId)));
        }
        requireGroups();
        requirePatch("group membership");
        String groupId = groupId(group, true).orElseThrow();
        for (List<String> batch : batches(members)) {
            ArrayNode value = JSON.arrayNode();
            batch.forEach(id -> value.addObject().put("value", id));
            ArrayNode operations = JSON.arrayNode();
            operations.addObject().put("op", "add").put("path", "members").set("value", value);
            http.send("PATCH", "/Groups/" + groupId, patch(operations), null);
        }
    }

    @Override
    public void removeMembers(String group, Collection<String> accountIds) {
        requireGroups();
        Optional<String> groupId = groupId(group, false);
        if (groupId.isEmpty()) {
            return;
        }
        List<String> members = new ArrayList<>();
        for (String accountId : accountIds) {
            userId(accountId).ifPresent(members::add);
        }
        requirePatch("group membership");
        for (List<String> batch : batches(members)) {
            ArrayNode operations = JSON.arrayNode();
            batch.forEach(id -> operations.addObject().put("op", "remove")
                    .put("path", "members[value eq " + ScimHttp.literal(id) + "]"));
            http.send("PATCH", "/Groups/" + groupId.get(), patch(operations), null);
        }
    }

    @Override
    public Page list(String cursor, int pageSize) {
        int start = cursor == null ? 1 : Integer.parseInt(cursor);
        JsonNode page = http.get("/Users?startIndex=" + start + "&count=" + pageSize
                + "&attributes=" + ScimHttp.encode(USER_ATTRIBUTES)).body();
        List<ConnectorAccount> accounts = new ArrayList<>();
        for (JsonNode user : page.path("Resources")) {
            accounts.add(account(user));
        }
        int total = page.path("totalResults").asInt(0);
        int next = start + accounts.size();
        return new Page(accounts, accounts.isEmpty() || next > total ? Optional.empty() : Optional.of(Integer.toString(next)));
    }

    @Override
    public void close() {
        // the HTTP client's connections close with it when it is collected; nothing else is held
    }

    private void changeUser(String accountId, ArrayNode operations, Function<ObjectNode, ObjectNode> wholeUser) {
        for (int attempt = 1; ; attempt++) {
            User user = requireUser(accountId);
            String ifMatch = capabilities().etag() ? user.version() : null;
            try {
                if (capabilities().patch()) {
                    http.send("PATCH", "/Users/" + user.id(), patch(operations), ifMatch);
                } else {
                    JsonNode full = http.get("/Users/" + user.id()).body();
                    ObjectNode changed = wholeUser.apply(((ObjectNode) full).deepCopy());
                    changed.remove("meta");
                    http.send("PUT", "/Users/" + user.id(), changed, ifMatch);
                }
                return;
            } catch (ScimHttp.PreconditionFailed changedMeanwhile) {
                if (attempt >= PRECONDITION_RETRIES) {
                    throw changedMeanwhile;
                }
            }
        }
    }

    private Optional<User> findUser(String accountId) {
        JsonNode page = http.get("/Users?filter=" + ScimHttp.encode("userName eq " + ScimHttp.literal(accountId))
                + "&attributes=" + ScimHttp.encode(USER_ATTRIBUTES)).body();
        for (JsonNode user : page.path("Resources")) {
            if (user.path("userName").asText().equalsIgnoreCase(accountId)) {
                String id = user.path("id").asText();
                userIds.put(accountId, id);
                return Optional.of(new User(id, user.path("meta").path("version").asText(null), user));
            }
        }
        userIds.remove(accountId);
        return Optional.empty();
    }

    private User requireUser(String accountId) {
        return findUser(accountId).orElseThrow(() -> unknown(accountId));
    }

    private Optional<String> userId(String accountId) {
        String cached = userIds.get(accountId);
        return cached != null ? Optional.of(cached) : findUser(accountId).map(User::id);
    }

    private synchronized Optional<String> groupId(String group, boolean createIfMissing) {
        String cached = groupIds.get(group);
        if (cached != null) {
            return Optional.of(cached);
        }
        JsonNode page = http.get("/Groups?filter=" + ScimHttp.encode("displayName eq " + ScimHttp.literal(group))
                + "&attributes=displayName").body();
        for (JsonNode found : page.path("Resources")) {
            if (found.path("displayName").asText().equalsIgnoreCase(group)) {
                return Optional.of(rememberGroup(group, found.path("id").asText()));
            }
        }
        if (!createIfMissing) {
            return Optional.empty();
        }
        // created without members: some servers refuse members in POST /Groups; they are PATCHed in
        ObjectNode created = JSON.objectNode();
        created.putArray("schemas").add(ScimUsers.GROUP_SCHEMA);
        created.put("displayName", group);
        return Optional.of(rememberGroup(group, http.send("POST", "/Groups", created, null).body().path("id").asText()));
    }

    private String rememberGroup(String name, String id) {
        groupIds.put(name, id);
        groupNames.put(id, name);
        return id;
    }

    private ConnectorAccount account(JsonNode user) {
        Set<String> groups = new LinkedHashSet<>();
        for (JsonNode group : user.path("groups")) {
            String id = group.path("value").asText();
            String name = group.hasNonNull("display") ? group.get("display").asText() : groupName(id);
            if (name != null) {
                groups.add(name);
            }
        }
        return new ConnectorAccount(user.path("userName").asText(), user.path("id").asText(),
                user.path("active").asBoolean(true), ScimUsers.attributes(user), groups);
    }

    private String groupName(String id) {
        return groupNames.computeIfAbsent(id, key -> {
            try {
                return http.get("/Groups/" + key + "?attributes=displayName").body().path("displayName").asText(null);
            } catch (UnknownAccountException gone) {
                return null;
            }
        });
    }

    /** What the server supports, discovered on first use. */
    ScimCapabilities capabilities() {
        ScimCapabilities known = capabilities;
        if (known == null) {
            synchronized (this) {
                if (capabilities == null) {
                    capabilities = ScimCapabilities.discover(http);
                }
                known = capabilities;
            }
        }
        return known;
    }

    private void requireGroups() {
        if (!capabilities().groups()) {
            throw new PermanentException("SCIM target " + settings.targetId() + " has no Groups resource type", null);
        }
    }

    private void requirePatch(String what) {
        if (!capabilities().patch()) {
            throw new PermanentException("SCIM target " + settings.targetId() + " does not support PATCH, needed for "
                    + what + " (the whole member list is never replaced)", null);
        }
    }

    private List<List<String>> batches(List<String> members) {
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < members.size(); from += settings.groupBatchSize()) {
            batches.add(members.subList(from, Math.min(members.size(), from + settings.groupBatchSize())));
        }
        return batches;
    }

    private static ObjectNode patch(ArrayNode operations) {
        ObjectNode patch = JSON.objectNode();
        patch.putArray("schemas").add(ScimUsers.PATCH_SCHEMA);
        patch.set("Operations", operations);
        return patch;
    }

    private static void replaceIn(ObjectNode resource, String path, List<String> values) {
        ObjectNode single = ScimUsers.resource("x", Map.of(path, values), true, true);
        single.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("userName") && !field.getKey().equals("active") && !field.getKey().equals("schemas")) {
                if (field.getValue().isObject() && resource.get(field.getKey()) instanceof ObjectNode existing) {
                    existing.setAll((ObjectNode) field.getValue());
                } else {
                    resource.set(field.getKey(), field.getValue());
                }
            }
        });
    }

    private static void removeFrom(ObjectNode resource, String path) {
        if (path.startsWith(ScimUsers.ENTERPRISE_PREFIX)) {
            if (resource.get(ScimUsers.ENTERPRISE) instanceof ObjectNode enterprise) {
                enterprise.remove(path.substring(ScimUsers.ENTERPRISE_PREFIX.length()));
            }
        } else if (path.contains(".")) {
            String[] parts = path.split("\\.", 2);
            if (resource.get(parts[0]) instanceof ObjectNode parent) {
                parent.remove(parts[1]);
            }
        } else {
            resource.remove(path);
        }
    }

    private UnknownAccountException unknown(String accountId) {
        return new UnknownAccountException("no SCIM user with userName " + accountId + " at " + settings.baseUrl().getHost(), null);
    }
}
