package io.provisioning.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioning.connector.spi.TargetConfiguration;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.ProvisioningCommand;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagedGroupsTest {

    private static ManagedGroups configured(String value) {
        return ManagedGroups.from(new TargetConfiguration("corp-ldap", "ldap",
                value == null ? Map.of() : Map.of("managed-groups", value)));
    }

    private static ProvisioningCommand command(List<String> groups, List<String> managed) {
        return new ProvisioningCommand("c", "e", "W-1", "corp-ldap", "a", 1, AccountState.PRESENT, Map.of(), groups,
                managed, Map.of(), 1, "JOINER", Instant.now());
    }

    @Test
    void namesAndPrefixesAreHandedOverWithoutRegardToCase() {
        ManagedGroups managed = configured(" all-staff , App-* ,engineering");

        assertThat(managed.covers("ALL-STAFF")).isTrue();
        assertThat(managed.covers("app-crm-users")).isTrue();
        assertThat(managed.covers("engineering")).isTrue();
        assertThat(managed.covers("engineering-leads")).isFalse();
        assertThat(managed.covers("Domain Admins")).isFalse();
        assertThat(managed.covers(null)).isFalse();
        assertThat(managed.refusal(command(List.of("All-Staff", "app-x"), List.of("all-staff", "APP-X", "engineering"))))
                .isEmpty();
    }

    @Test
    void aGroupOutsideTheConfigurationInGroupsOrInManagedGroupsRefusesTheCommand() {
        ManagedGroups managed = configured("all-staff,engineering");

        assertThat(managed.refusal(command(List.of("all-staff", "Domain Admins"), List.of("all-staff", "Domain Admins"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("'Domain Admins'")
                        .contains("provisioning.targets.corp-ldap.managed-groups"));
        // taking someone out of a group is a change to it as much as putting them in
        assertThat(managed.refusal(command(List.of("all-staff"), List.of("all-staff", "Domain Admins"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("'Domain Admins'"));
    }

    @Test
    void withNothingConfiguredNoGroupIsHandedOverButCommandsWithoutGroupsPass() {
        ManagedGroups managed = configured(null);

        assertThat(managed.none()).isTrue();
        assertThat(managed.refusal(command(List.of(), List.of()))).isEmpty();
        assertThat(managed.refusal(command(List.of("all-staff"), List.of("all-staff")))).isPresent();
    }

    @Test
    void aPatternThatWouldHandOverEveryGroupIsRefusedAtStart() {
        for (String everything : List.of("*", "all-staff, *", " * ", "**")) {
            assertThatThrownBy(() -> configured(everything)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("managed-groups").hasMessageContaining("every group");
        }
    }
}
