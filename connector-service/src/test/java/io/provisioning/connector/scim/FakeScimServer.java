package io.provisioning.connector.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small SCIM 2.0 service provider for the connector's error paths: users and groups in memory,
 * PATCH, ETags (optional), a token endpoint, and faults queued per request ("the next PATCH of a
 * user answers 412", "the next GET answers 429 with Retry-After 7").
 */
final class FakeScimServer implements AutoCloseable {

    /** A canned answer for the next request whose method and path start as given. */
    record Fault(String method, String pathPrefix, int status, Map<String, String> headers, long delayMillis,
                 boolean hideUsersOnce) {
    }

    /** One request as received. */
    record Request(String method, String path, String ifMatch, JsonNode body) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern USER_FILTER = Pattern.compile("(userName|externalId) eq \"(.*)\"");
    private static final Pattern DISPLAY_NAME_FILTER = Pattern.compile("displayName eq \"(.*)\"");
    private static final Pattern MEMBER_PATH = Pattern.compile("members\\[value eq \"(.*)\"]");

    private final HttpServer server;
    private final boolean etags;
    /** What {@code /ResourceTypes} declares; no resource types at all answers 404 there. */
    private volatile boolean listsResourceTypes = true;
    private volatile boolean enterpriseUsers;
    private volatile boolean groupsResource = true;
    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private final Map<String, Integer> versions = new LinkedHashMap<>();
    private final Map<String, String> groupNames = new LinkedHashMap<>();
    private final Map<String, Set<String>> members = new LinkedHashMap<>();
    private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger tokensIssued = new AtomicInteger();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    FakeScimServer(boolean etags) throws IOException {
        this.etags = etags;
        // without it, small answers wait for the client's delayed ACK: ~40 ms per request
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/scim/v2";
    }

    String tokenUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    void fail(Fault fault) {
        faults.add(fault);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Declares the resource types: Users with or without the enterprise extension, Groups or none. */
    void resourceTypes(boolean listed, boolean enterprise, boolean groups) {
        listsResourceTypes = listed;
        enterpriseUsers = enterprise;
        groupsResource = groups;
    }

    synchronized String addUser(String userName, boolean active) {
        return addUser(userName, active, null);
    }

    synchronized String addUser(String userName, boolean active, String externalId) {
        String id = UUID.randomUUID().toString();
        ObjectNode user = MAPPER.createObjectNode().put("id", id).put("userName", userName).put("active", active);
        if (externalId != null) {
            user.put("externalId", externalId);
        }
        user.putObject("name").put("familyName", "Seeded");
        users.put(id, user);
        versions.put(id, 1);
        return id;
    }

    synchronized Set<String> membersOf(String group) {
        return groupNames.entrySet().stream().filter(e -> e.getValue().equals(group)).findFirst()
                .map(e -> Set.copyOf(members.get(e.getKey()))).orElse(Set.of());
    }

    synchronized JsonNode user(String userName) {
        return users.values().stream().filter(u -> u.path("userName").asText().equals(userName)).findFirst().orElse(null);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        byte[] input = exchange.getRequestBody().readAllBytes();
        JsonNode body = input.length == 0 || rawPath.equals("/token") ? null : MAPPER.readTree(input);
        String path = rawPath.replaceFirst("^/scim/v2", "");
        requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("If-Match"), body));
        if (rawPath.equals("/token")) {
            tokensIssued.incrementAndGet();
            send(exchange, 200, MAPPER.createObjectNode().put("access_token", "t" + tokensIssued.get()).put("expires_in", 300), Map.of());
            return;
        }
        Fault fault = takeFault(method, path);
        boolean hideUsers = false;
        if (fault != null) {
            if (fault.delayMillis() > 0) {
                holdAnswer(fault.delayMillis());
            }
            if (fault.hideUsersOnce()) {
                hideUsers = true;
            } else {
                send(exchange, fault.status(), MAPPER.createObjectNode().put("detail", "injected " + fault.status()), fault.headers());
                return;
            }
        }
        synchronized (this) {
            answer(exchange, method, path, query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8), body, hideUsers);
        }
    }

    private void answer(HttpExchange exchange, String method, String path, String query, JsonNode body, boolean hideUsers)
            throws IOException {
        if (path.equals("/ServiceProviderConfig")) {
            ObjectNode config = MAPPER.createObjectNode();
            config.putObject("patch").put("supported", true);
            config.putObject("filter").put("supported", true);
            config.putObject("etag").put("supported", etags);
            config.putObject("bulk").put("supported", false);
            send(exchange, 200, config, Map.of());
        } else if (path.equals("/Schemas")) {
            ObjectNode list = MAPPER.createObjectNode();
            list.putArray("Resources").addObject().put("id", ScimUsers.USER_SCHEMA);
            send(exchange, 200, list, Map.of());
        } else if (path.equals("/ResourceTypes")) {
            if (!listsResourceTypes) {
                send(exchange, 404, MAPPER.createObjectNode(), Map.of());
                return;
            }
            ObjectNode list = MAPPER.createObjectNode();
            ArrayNode types = list.putArray("Resources");
            ObjectNode user = types.addObject().put("name", "User").put("schema", ScimUsers.USER_SCHEMA);
            ArrayNode extensions = user.putArray("schemaExtensions");
            if (enterpriseUsers) {
                extensions.addObject().put("schema", ScimUsers.ENTERPRISE).put("required", false);
            }
            if (groupsResource) {
                types.addObject().put("name", "Group").put("schema", ScimUsers.GROUP_SCHEMA);
            }
            send(exchange, 200, list, Map.of());
        } else if (path.equals("/Users") && method.equals("GET")) {
            Matcher filter = USER_FILTER.matcher(query);
            String attribute = filter.find() ? filter.group(1) : null;
            String wanted = attribute == null ? null : filter.group(2);
            List<JsonNode> found = new ArrayList<>();
            if (!hideUsers) {
                users.values().stream()
                        .filter(u -> wanted == null || (attribute.equals("userName")
                                ? u.path("userName").asText().equalsIgnoreCase(wanted)
                                : u.path("externalId").asText().equals(wanted)))
                        .forEach(u -> found.add(withGroups(u)));
            }
            send(exchange, 200, list(found), Map.of());
        } else if (path.equals("/Users") && method.equals("POST")) {
            String userName = body.path("userName").asText();
            if (users.values().stream().anyMatch(u -> u.path("userName").asText().equalsIgnoreCase(userName))) {
                send(exchange, 409, MAPPER.createObjectNode().put("scimType", "uniqueness"), Map.of());
                return;
            }
            String id = UUID.randomUUID().toString();
            ObjectNode user = ((ObjectNode) body).deepCopy().put("id", id);
            users.put(id, user);
            versions.put(id, 1);
            send(exchange, 201, user, etag(id));
        } else if (path.startsWith("/Users/")) {
            String id = path.substring("/Users/".length());
            ObjectNode user = users.get(id);
            if (user == null) {
                send(exchange, 404, MAPPER.createObjectNode(), Map.of());
            } else if (method.equals("GET")) {
                send(exchange, 200, withGroups(user), etag(id));
            } else if (method.equals("DELETE")) {
                users.remove(id);
                members.values().forEach(m -> m.remove(id));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            } else if (method.equals("PATCH")) {
                for (JsonNode operation : body.path("Operations")) {
                    String target = operation.path("path").asText();
                    if (operation.path("op").asText().equals("remove")) {
                        user.remove(target);
                    } else if (target.contains(".")) {
                        String[] parts = target.split("\\.", 2);
                        (user.has(parts[0]) ? (ObjectNode) user.get(parts[0]) : user.putObject(parts[0]))
                                .set(parts[1], operation.get("value"));
                    } else {
                        user.set(target, operation.get("value"));
                    }
                }
                versions.merge(id, 1, Integer::sum);
                send(exchange, 200, user, etag(id));
            }
        } else if (path.equals("/Groups") && method.equals("GET")) {
            Matcher filter = DISPLAY_NAME_FILTER.matcher(query);
            List<JsonNode> found = new ArrayList<>();
            if (filter.find()) {
                groupNames.forEach((id, name) -> {
                    if (name.equalsIgnoreCase(filter.group(1))) {
                        found.add(MAPPER.createObjectNode().put("id", id).put("displayName", name));
                    }
                });
            }
            send(exchange, 200, list(found), Map.of());
        } else if (path.equals("/Groups") && method.equals("POST")) {
            if (body.has("members")) {
                send(exchange, 400, MAPPER.createObjectNode().put("detail", "members not allowed on create"), Map.of());
                return;
            }
            String id = UUID.randomUUID().toString();
            groupNames.put(id, body.path("displayName").asText());
            members.put(id, new LinkedHashSet<>());
            send(exchange, 201, MAPPER.createObjectNode().put("id", id).put("displayName", groupNames.get(id)), Map.of());
        } else if (path.startsWith("/Groups/") && method.equals("PATCH")) {
            String id = path.substring("/Groups/".length());
            Set<String> groupMembers = members.get(id);
            for (JsonNode operation : body.path("Operations")) {
                if (operation.path("op").asText().equals("add")) {
                    operation.path("value").forEach(member -> groupMembers.add(member.path("value").asText()));
                } else {
                    Matcher member = MEMBER_PATH.matcher(operation.path("path").asText());
                    if (member.matches()) {
                        groupMembers.remove(member.group(1));
                    }
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        } else {
            send(exchange, 404, MAPPER.createObjectNode(), Map.of());
        }
    }

    private JsonNode withGroups(ObjectNode user) {
        ObjectNode copy = user.deepCopy();
        String id = user.path("id").asText();
        ArrayNode groups = copy.putArray("groups");
        members.forEach((groupId, groupMembers) -> {
            if (groupMembers.contains(id)) {
                groups.addObject().put("value", groupId).put("display", groupNames.get(groupId));
            }
        });
        if (etags) {
            copy.putObject("meta").put("version", "W/\"" + versions.get(id) + "\"");
        }
        return copy;
    }

    private Map<String, String> etag(String id) {
        return etags ? Map.of("ETag", "W/\"" + versions.get(id) + "\"") : Map.of();
    }

    private static ObjectNode list(List<JsonNode> resources) {
        ObjectNode list = MAPPER.createObjectNode().put("totalResults", resources.size());
        list.putArray("Resources").addAll(resources);
        return list;
    }

    private Fault takeFault(String method, String path) {
        for (Fault fault : faults) {
            if (fault.method().equals(method) && path.startsWith(fault.pathPrefix()) && faults.remove(fault)) {
                return fault;
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body, Map<String, String> headers) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/scim+json");
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /**
     * A slow server: the answer is held until the delay is over or the server is closed, whichever
     * comes first, so that a closed server never leaves a handler behind.
     */
    private void holdAnswer(long millis) {
        try {
            closed.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
