package io.provisioning.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioning.connector.spi.TargetConfiguration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetPropertiesTest {

    private static List<TargetConfiguration> discover(Map<String, String> properties) {
        return TargetProperties.discover(properties.keySet(), name -> Optional.ofNullable(properties.get(name)));
    }

    @Test
    void anEnvironmentVariableSetsAKeyOfATargetWhoseIdHasADash() {
        // PROVISIONING_TARGETS_CORP_LDAP_BATCH_SIZE=1000, a key application.properties does not name
        Map<String, String> properties = Map.of(
                "provisioning.targets.corp-ldap.type", "ldap",
                "provisioning.targets.corp-ldap.url", "ldap://127.0.0.1:1389",
                "provisioning.targets.corp.ldap.batch.size", "1000");

        List<TargetConfiguration> targets = discover(properties);

        assertThat(targets).singleElement().satisfies(target -> {
            assertThat(target.targetId()).isEqualTo("corp-ldap");
            assertThat(target.getInt("batch-size", 500)).isEqualTo(1000);
            assertThat(target.get("url")).contains("ldap://127.0.0.1:1389");
        });
    }

    @Test
    void anEnvironmentVariableSetsADashedKeyOfATargetWhoseIdHasNone() {
        Map<String, String> properties = Map.of(
                "provisioning.targets.hr.type", "jdbc",
                "provisioning.targets.hr.max.attempts", "7");

        assertThat(discover(properties)).singleElement()
                .satisfies(target -> assertThat(target.getInt("max-attempts", 5)).isEqualTo(7));
    }

    @Test
    void aKeySetUnderItsOwnNameKeepsThatValue() {
        Map<String, String> properties = Map.of(
                "provisioning.targets.corp-ldap.type", "ldap",
                "provisioning.targets.corp-ldap.bind-password", "from-the-file-or-its-variable",
                "provisioning.targets.corp.ldap.bind.password", "from-the-variable-form");

        assertThat(discover(properties)).singleElement()
                .satisfies(target -> assertThat(target.get("bind-password")).contains("from-the-file-or-its-variable"));
    }

    @Test
    void keysOfNoConfiguredTargetAreRefusedWithTheirNamesButNotTheirValues() {
        Map<String, String> properties = Map.of(
                "provisioning.targets.corp-ldap.type", "ldap",
                "provisioning.targets.crop.ldap.bind.password", "s3cret");

        assertThatThrownBy(() -> discover(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provisioning.targets.crop.type is required")
                .hasMessageContaining("ldap-bind-password")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aDisabledTargetIsLeftOut() {
        Map<String, String> properties = Map.of(
                "provisioning.targets.corp-ldap.type", "ldap",
                "provisioning.targets.legacy-db.type", "jdbc",
                "provisioning.targets.legacy-db.enabled", "false");

        assertThat(discover(properties)).extracting(TargetConfiguration::targetId).containsExactly("corp-ldap");
    }
}
