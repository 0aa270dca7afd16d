package io.provisioning.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP plumbing of the benchmarks: one pooled client and real Keycloak tokens. */
public final class BenchHttp {

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private BenchHttp() {
    }

    /** A client-credentials token of the local realm (secret = client id + "-secret"). */
    public static String token(String keycloak, String clientId) throws IOException, InterruptedException {
        return token(keycloak, "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientId + "-secret", StandardCharsets.UTF_8), clientId);
    }

    /** A realm user's token (password grant through the ops-console client; local realm: password = user + "-pw"). */
    static String userToken(String keycloak, String user) throws IOException, InterruptedException {
        return token(keycloak, "grant_type=password&client_id=ops-console&client_secret=ops-console-secret&username="
                + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(user + "-pw", StandardCharsets.UTF_8), "user " + user);
    }

    private static String token(String keycloak, String form, String who) throws IOException, InterruptedException {
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(
                        URI.create(keycloak + "/realms/provisioning/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = ACCESS_TOKEN.matcher(answer.body());
        if (answer.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("no token for " + who + ": HTTP " + answer.statusCode());
        }
        return m.group(1);
    }

    static HttpRequest post(String url, String token, String contentType, byte[] body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }
}
