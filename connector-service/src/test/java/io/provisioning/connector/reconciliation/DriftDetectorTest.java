package io.provisioning.connector.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.ProvisioningCommand;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {

    private static final ProvisioningCommand DESIRED = new ProvisioningCommand("W1:apps-scim:3", "c", "W1", "apps-scim",
            "wone", 3, AccountState.PRESENT, Map.of(), List.of("developers"), List.of("developers", "it-admins",
            "support-desk"), Map.of("developers", List.of("engineering")), 1, "MOVER", Instant.EPOCH);

    @Test
    void extraGroupsAreTheManagedGroupsHeldBeyondTheDesiredStateAndNoOthers() {
        ConnectorAccount actual = new ConnectorAccount("wone", "ref", true, Map.of(),
                Set.of("Developers", "IT-Admins", "coffee-club"));

        assertThat(DriftDetector.extraGroups(actual, DESIRED)).containsExactly("it-admins");
        assertThat(DriftDetector.compare(actual, DESIRED)).extracting(DriftItem::detail).contains("extra it-admins");
    }

    @Test
    void anAccountHoldingWhatItShouldHasNoExtraGroups() {
        ConnectorAccount actual = new ConnectorAccount("wone", "ref", true, Map.of(), Set.of("developers"));

        assertThat(DriftDetector.extraGroups(actual, DESIRED)).isEmpty();
    }
}
