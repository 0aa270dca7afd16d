package io.provisioning.connector.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioning.connector.execution.AccountOwnership;
import io.provisioning.connector.execution.CommandResult;
import io.provisioning.connector.execution.OneCommand;
import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorContractTest;
import io.provisioning.connector.spi.CorrelateOp;
import io.provisioning.connector.spi.CreateOp;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.spi.TargetConfiguration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The connector contract against the SCIM 2.0 API of the stack's Keycloak (deploy/stack up):
 * client {@code provisioning-scim} with the client-credentials grant.
 */
class KeycloakScimConnectorIT extends ConnectorContractTest {

    static final String KEYCLOAK = System.getProperty("stack.keycloak.url", "http://127.0.0.1:8180");

    static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("base-url", KEYCLOAK + "/realms/provisioning/scim/v2");
        settings.put("auth", "client-credentials");
        settings.put("token-url", KEYCLOAK + "/realms/provisioning/protocol/openid-connect/token");
        settings.put("client-id", "provisioning-scim");
        settings.put("client-secret", "provisioning-scim-secret");
        return settings;
    }

    @Override
    protected Connector newConnector() {
        return new ScimConnectorFactory().create(new TargetConfiguration("apps-scim", "scim", settings()));
    }

    /** Keycloak refuses a second user with the same e-mail address: each account gets its own. */
    @Override
    protected Map<String, List<String>> attributesOf(String givenName, String familyName) {
        return Map.of("name.givenName", List.of(givenName), familyNameAttribute(), List.of(familyName),
                mailAttribute(), List.of(givenName.toLowerCase() + "." + java.util.UUID.randomUUID() + "@example.com"));
    }

    @Override
    protected String familyNameAttribute() {
        return "name.familyName";
    }

    @Override
    protected String mailAttribute() {
        return "emails";
    }

    @Override
    protected Optional<Map<String, List<String>>> refusedAttribute() {
        return Optional.of(Map.of("emails", List.of("not an address")));
    }

    @Test
    void anAccountCreatedTwiceIsReadBackOnceWithItsNames() {
        String id = newAccountId();
        op(CreateOp.class).create(id, attributesOf("Hedy", "Lamarr"), true);

        ConnectorAccount account = op(GetOp.class).get(id).orElseThrow();
        assertThat(account.attributes()).containsEntry("name.givenName", List.of("Hedy"));
        assertThat(account.reference()).isNotBlank();
    }

    @Test
    void aUserIsRenamedInPlaceKeepingItsIdentityAndAttributes() {
        String id = newAccountId();
        String renamed = newAccountId();
        op(CreateOp.class).create(id, attributesOf("Emmy", "Noether"), true);
        String reference = op(GetOp.class).get(id).orElseThrow().reference();

        op(CorrelateOp.class).rename(id, renamed);

        assertThat(op(GetOp.class).get(id)).isEmpty();
        ConnectorAccount account = op(GetOp.class).get(renamed).orElseThrow();
        assertThat(account.reference()).isEqualTo(reference);
        assertThat(account.attributes()).containsEntry("name.familyName", List.of("Noether"));
    }

    @Test
    void aUserMadeInKeycloakBeforeTheHireIsNeverTakenOverButOneTheProductLinkedIsConverged() throws Exception {
        String id = newAccountId();
        op(CreateOp.class).create(id, attributesOf("Hand", "Made"), true);
        ProvisioningCommand hire = new ProvisioningCommand(java.util.UUID.randomUUID().toString(), "evt-" + id, "W-" + id,
                "apps-scim", id, 1, AccountState.PRESENT, attributesOf("New", "Hire"), List.of(), List.of(), Map.of(), 1,
                "JOINER", java.time.Instant.now());

        // Keycloak keeps no externalId it returns: a user it holds is the product's only once linked
        CommandResult refused = OneCommand.execute(connector, hire, new AccountOwnership("externalId", a -> false));
        CommandResult linked = OneCommand.execute(connector, hire, new AccountOwnership("externalId", id::equals));

        assertThat(refused.failure().code()).isEqualTo("NAME_CONFLICT");
        assertThat(linked.failure()).isNull();
        assertThat(op(GetOp.class).get(id).orElseThrow().attributes()).containsEntry("name.familyName", List.of("Hire"));
    }

    @Test
    void aCommandSettingThePasswordOrTheActiveFlagIsRefusedBeforeKeycloakIsCalled() throws Exception {
        String id = newAccountId();
        for (String attribute : List.of("password", "active", "userName")) {
            ProvisioningCommand forged = new ProvisioningCommand(java.util.UUID.randomUUID().toString(), "evt-" + id,
                    "W-" + id, "apps-scim", id, 1, AccountState.PRESENT, Map.of(attribute, List.of("x")), List.of(),
                    List.of(), Map.of(), 1, "JOINER", java.time.Instant.now());
            assertThat(OneCommand.execute(connector, forged).failure().getMessage()).contains(attribute);
        }
        assertThat(op(GetOp.class).get(id)).isEmpty();
    }

    @Test
    void keycloakDeclaresPatchGroupsAndTheEnterpriseExtensionThroughItsResourceTypes() {
        ScimCapabilities capabilities = ((ScimConnector) connector).capabilities();

        assertThat(capabilities.patch()).isTrue();
        assertThat(capabilities.groups()).isTrue();
        assertThat(capabilities.enterprise()).isTrue();
        assertThat(capabilities.etag()).isFalse();
    }
}
