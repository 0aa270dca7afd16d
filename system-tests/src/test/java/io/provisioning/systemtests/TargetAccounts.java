package io.provisioning.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the three targets of the stack really hold for a set of workers, read from the targets
 * themselves (never from the provisioning services): the directory by employeeNumber, the legacy
 * application's tables by employee_number, Keycloak's users through its admin API (its SCIM API
 * returns no group membership), matched to workers by the given and family names.
 */
final class TargetAccounts {

    /** One account found in a target. */
    record Found(String accountId, boolean enabled, TreeSet<String> groups) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private static final String LEGACY_DB = "jdbc:postgresql://127.0.0.1:15432/legacy";
    private static final List<String> APPS_GROUPS = List.of("developers", "support-desk", "it-admins");

    private final HttpClient http = HttpClient.newHttpClient();

    /** corp-ldap entries whose employeeNumber starts with the prefix, by worker id. */
    Map<String, List<Found>> directory(String workerIdPrefix) throws LDAPException {
        Map<String, List<Found>> found = new HashMap<>();
        try (LDAPConnection ldap = new LDAPConnection(Stack.LDAP_HOST, Stack.LDAP_PORT, "cn=admin,dc=example,dc=com", "admin")) {
            for (SearchResultEntry entry : ldap.search(PEOPLE, SearchScope.ONE,
                    Filter.createSubstringFilter("employeeNumber", workerIdPrefix, null, null),
                    "uid", "employeeNumber", "memberOf", "pwdAccountLockedTime").getSearchEntries()) {
                TreeSet<String> groups = new TreeSet<>();
                String[] memberOf = entry.getAttributeValues("memberOf");
                for (String group : memberOf == null ? new String[0] : memberOf) {
                    groups.add(new DN(group).getRDN().getAttributeValues()[0]);
                }
                found.computeIfAbsent(entry.getAttributeValue("employeeNumber"), k -> new ArrayList<>())
                        .add(new Found(entry.getAttributeValue("uid"), !entry.hasAttribute("pwdAccountLockedTime"), groups));
            }
        }
        return found;
    }

    /** legacy-db users whose employee_number starts with the prefix, by worker id. */
    Map<String, List<Found>> ledger(String workerIdPrefix) throws SQLException {
        Map<String, String> workerOf = new LinkedHashMap<>();
        Map<String, Found> byLogin = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(LEGACY_DB, "legacy_app", "legacy_app");
             PreparedStatement s = db.prepareStatement("""
                     SELECT u.login, u.locked, u.employee_number, r.role
                     FROM app_users u LEFT JOIN app_user_roles r ON r.login = u.login
                     WHERE u.employee_number LIKE ?""")) {
            s.setString(1, workerIdPrefix.replace("_", "\\_").replace("%", "\\%") + "%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String login = rs.getString(1);
                    workerOf.put(login, rs.getString(3));
                    Found account = byLogin.get(login);
                    if (account == null) {
                        account = new Found(login, !rs.getBoolean(2), new TreeSet<>());
                        byLogin.put(login, account);
                    }
                    if (rs.getString(4) != null) {
                        account.groups().add(rs.getString(4));
                    }
                }
            }
        }
        Map<String, List<Found>> found = new HashMap<>();
        byLogin.forEach((login, account) -> found.computeIfAbsent(workerOf.get(login), k -> new ArrayList<>()).add(account));
        return found;
    }

    /**
     * apps-scim (Keycloak) users whose family name contains the stem, by worker id.
     *
     * @param workerByName "givenName familyName" to worker id
     */
    Map<String, List<Found>> apps(String familyStem, Function<String, String> workerByName)
            throws IOException, InterruptedException {
        String token = adminToken();
        String realm = Stack.KEYCLOAK + "/admin/realms/provisioning";
        Map<String, TreeSet<String>> groupsOf = new HashMap<>();
        for (String group : APPS_GROUPS) {
            for (JsonNode g : get(realm + "/groups?exact=true&search=" + group, token)) {
                if (!g.path("name").asText().equals(group)) {
                    continue;
                }
                for (JsonNode member : get(realm + "/groups/" + g.path("id").asText()
                        + "/members?briefRepresentation=true&max=1000000", token)) {
                    groupsOf.computeIfAbsent(member.path("username").asText(), u -> new TreeSet<>()).add(group);
                }
            }
        }
        Map<String, List<Found>> found = new HashMap<>();
        for (JsonNode user : get(realm + "/users?briefRepresentation=false&max=1000000&search="
                + URLEncoder.encode(familyStem, StandardCharsets.UTF_8), token)) {
            String worker = workerByName.apply(user.path("firstName").asText() + " " + user.path("lastName").asText());
            if (worker == null) {
                continue;
            }
            String userName = user.path("username").asText();
            found.computeIfAbsent(worker, k -> new ArrayList<>()).add(new Found(userName,
                    user.path("enabled").asBoolean(), groupsOf.getOrDefault(userName, new TreeSet<>())));
        }
        return found;
    }

    private String adminToken() throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create(Stack.KEYCLOAK + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=password&client_id=admin-cli&username=admin&password=admin"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("no Keycloak admin token: HTTP " + answer.statusCode());
        }
        return MAPPER.readTree(answer.body()).path("access_token").asText();
    }

    private JsonNode get(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("Keycloak admin API: HTTP " + answer.statusCode() + " for " + url);
        }
        return MAPPER.readTree(answer.body());
    }
}
