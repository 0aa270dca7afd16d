package io.provisioning.connector.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioning.connector.execution.CommandResult;
import io.provisioning.connector.execution.OneCommand;
import io.provisioning.connector.spi.AttributeDelta;
import io.provisioning.connector.spi.ConnectionFailedException;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.spi.GroupMembershipOp;
import io.provisioning.connector.spi.RetryableException;
import io.provisioning.connector.spi.TargetConfiguration;
import io.provisioning.connector.spi.UpdateDeltaOp;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.AppliedChange;
import io.provisioning.contracts.command.ChangeKind;
import io.provisioning.contracts.command.ProvisioningCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the SCIM connector meets a service provider that is busy, slow, racing or large. */
class ScimErrorPathsTest {

    private FakeScimServer server;
    private Connector connector;

    @BeforeEach
    void start() throws Exception {
        server = new FakeScimServer(true);
        connector = connector(Map.of());
    }

    @AfterEach
    void stop() {
        connector.close();
        server.close();
    }

    @Test
    void tooManyRequestsIsRetryableAfterTheTimeTheServerAsksFor() {
        server.fail(new FakeScimServer.Fault("GET", "/Users", 429, Map.of("Retry-After", "7"), 0, false));

        assertThatThrownBy(() -> ((GetOp) connector).get("anyone"))
                .isInstanceOfSatisfying(RetryableException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
        assertThat(((GetOp) connector).get("anyone")).isEmpty();
    }

    @Test
    void unavailableAndServerErrorsAreRetryable() {
        server.fail(new FakeScimServer.Fault("GET", "/Users", 503, Map.of(), 0, false));
        server.fail(new FakeScimServer.Fault("GET", "/Users", 500, Map.of(), 0, false));

        assertThatThrownBy(() -> ((GetOp) connector).get("anyone")).isInstanceOf(RetryableException.class);
        assertThatThrownBy(() -> ((GetOp) connector).get("anyone"))
                .isInstanceOf(RetryableException.class).hasMessageContaining("HTTP 500");
    }

    @Test
    void aServerTooSlowToAnswerIsAConnectionFailure() {
        try (Connector impatient = connector(Map.of("request-timeout-ms", "300"))) {
            server.fail(new FakeScimServer.Fault("GET", "/Users", 200, Map.of(), 2000, false));

            assertThatThrownBy(() -> ((GetOp) impatient).get("anyone"))
                    .isInstanceOf(ConnectionFailedException.class).hasMessageContaining("no answer within 300 ms");
        }
    }

    @Test
    void aCreateThatMeetsAUserCreatedMeanwhileAdoptsAndConvergesIt() throws Exception {
        server.addUser("racer", false);
        // the lookup misses the user, so the create meets it: 409, then adoption
        server.fail(new FakeScimServer.Fault("GET", "/Users", 0, Map.of(), 0, true));
        ProvisioningCommand command = new ProvisioningCommand("c1", "e1", "W1", "apps-scim", "racer", 1,
                AccountState.PRESENT, Map.of("name.familyName", List.of("Racer")), List.of("developers"),
                List.of("developers"), Map.of(), 1, "JOINER", Instant.now());

        CommandResult result = OneCommand.execute(connector, command);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.changes()).doesNotContain(AppliedChange.of(ChangeKind.ACCOUNT_CREATED))
                .contains(new AppliedChange(ChangeKind.ATTRIBUTE_SET, "name.familyName", List.of("Racer")),
                        AppliedChange.of(ChangeKind.ACCOUNT_ENABLED), AppliedChange.of(ChangeKind.GROUP_ADDED, "developers"));
        assertThat(server.user("racer").path("active").asBoolean()).isTrue();
        assertThat(server.requests()).anyMatch(r -> r.method().equals("POST") && r.path().equals("/Users"));
    }

    @Test
    void aChangeRefusedBecauseTheUserChangedMeanwhileIsReReadAndAppliedWithTheNewVersion() {
        server.addUser("etag", true);
        server.fail(new FakeScimServer.Fault("PATCH", "/Users/", 412, Map.of(), 0, false));

        ((UpdateDeltaOp) connector).update("etag", new AttributeDelta(Map.of("title", List.of("Lead")), Set.of()));

        assertThat(server.user("etag").path("title").asText()).isEqualTo("Lead");
        List<FakeScimServer.Request> patches = server.requests().stream()
                .filter(r -> r.method().equals("PATCH")).toList();
        assertThat(patches).hasSize(2).allMatch(r -> "W/\"1\"".equals(r.ifMatch()));
    }

    @Test
    void aGroupOfFiveThousandMembersChangesInBatchesWithoutReplacingItsMemberList() {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            server.addUser("m" + i, true);
            accounts.add("m" + i);
        }

        ((GroupMembershipOp) connector).addMembers("everyone", accounts);
        ((GroupMembershipOp) connector).removeMembers("everyone", accounts.subList(0, 2500));

        assertThat(server.membersOf("everyone")).hasSize(2500);
        List<FakeScimServer.Request> groupWrites = server.requests().stream()
                .filter(r -> r.path().startsWith("/Groups/")).toList();
        assertThat(groupWrites).hasSize(10 + 5).allMatch(r -> r.method().equals("PATCH"));
        assertThat(groupWrites).allMatch(r -> r.body().path("Operations").size() <= 500);
        assertThat(groupWrites).noneMatch(r -> r.body().toString().contains("\"replace\""));
    }

    @Test
    void aRejectedTokenIsFetchedAgainOnceAndTheRequestRepeated() {
        assertThat(((GetOp) connector).get("nobody")).isEmpty();
        server.fail(new FakeScimServer.Fault("GET", "/Users", 401, Map.of(), 0, false));

        assertThat(((GetOp) connector).get("nobody")).isEmpty();
        assertThat(server.tokensIssued.get()).isEqualTo(2);
    }

    private Connector connector(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "base-url", server.baseUrl(),
                "auth", "client-credentials",
                "token-url", server.tokenUrl(),
                "client-id", "connector",
                "client-secret", "Scim-s3cret"));
        settings.putAll(extra);
        return new ScimConnectorFactory().create(new TargetConfiguration("apps-scim", "scim", settings));
    }
}
