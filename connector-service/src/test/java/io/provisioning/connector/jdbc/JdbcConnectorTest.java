package io.provisioning.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioning.connector.execution.CommandResult;
import io.provisioning.connector.execution.OneCommand;
import io.provisioning.connector.spi.ConnectionFailedException;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.AppliedChange;
import io.provisioning.contracts.command.ChangeKind;
import io.provisioning.contracts.command.ProvisioningCommand;
import java.time.Instant;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorContractTest;
import io.provisioning.connector.spi.CreateOp;
import io.provisioning.connector.spi.InvalidAttributeValueException;
import io.provisioning.connector.spi.TargetConfiguration;
import io.provisioning.connector.spi.TestOp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The connector contract, and what is particular to tables, against a real PostgreSQL. */
class JdbcConnectorTest extends ConnectorContractTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement ddl = connection.createStatement()) {
            ddl.execute("""
                    create table app_users (
                        login        text primary key,
                        locked       boolean not null default false,
                        display_name text,
                        sn           text,
                        given_name   text,
                        mail         text check (mail ~ '^[ -~]+$'),
                        employee_number text);
                    create table app_user_roles (
                        login text not null references app_users (login),
                        role  text not null check (role not like 'forbidden%'),
                        primary key (login, role));
                    create role legacy_app login password 'Jdbc-s3cret';
                    grant select, insert, update, delete on app_users, app_user_roles to legacy_app;""");
        }
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        postgres.close();
    }

    static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("url", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
        settings.put("username", "legacy_app");
        settings.put("password", "Jdbc-s3cret");
        settings.put("accounts-table", "app_users");
        settings.put("account-id-column", "login");
        settings.put("disabled-column", "locked");
        settings.put("attribute-columns", "cn:display_name,givenName:given_name");
        settings.put("memberships-table", "app_user_roles");
        settings.put("membership-account-column", "login");
        settings.put("membership-group-column", "role");
        return settings;
    }

    @Override
    protected Connector newConnector() {
        return new JdbcConnectorFactory().create(new TargetConfiguration("legacy-db", "jdbc", settings()));
    }

    @Override
    protected Optional<Map<String, List<String>>> refusedAttribute() {
        return Optional.of(Map.of("mail", List.of("zoë@example.com"))); // the check constraint allows ASCII only
    }

    @Test
    void aRowOfAnotherWorkerOrOfNoneIsNeverTakenOverAndOneWithTheWorkersNumberIsLinked() throws Exception {
        String others = newAccountId();
        String nobodys = newAccountId();
        String theirs = newAccountId();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement insert = connection.createStatement()) {
            insert.execute("insert into app_users (login, display_name, employee_number) values ('" + others
                    + "', 'Other', 'E-OTHER'), ('" + nobodys + "', 'Nobody', null), ('" + theirs + "', 'Old', 'W-" + theirs + "')");
        }
        io.provisioning.connector.execution.AccountOwnership ownership =
                new io.provisioning.connector.execution.AccountOwnership("employee_number", accountId -> false);

        CommandResult other = OneCommand.execute(newConnector(), hire(others), ownership);
        CommandResult none = OneCommand.execute(newConnector(), hire(nobodys), ownership);
        CommandResult linked = OneCommand.execute(newConnector(), hire(theirs), ownership);

        assertThat(other.failure().code()).isEqualTo("NAME_CONFLICT");
        assertThat(none.failure().code()).isEqualTo("NAME_CONFLICT");
        assertThat(linked.failure()).isNull();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                ResultSet rows = connection.createStatement().executeQuery("select login, display_name, employee_number"
                        + " from app_users where login in ('" + others + "', '" + nobodys + "', '" + theirs + "') order by display_name")) {
            Map<String, String> byLogin = new HashMap<>();
            while (rows.next()) {
                byLogin.put(rows.getString(1), rows.getString(2) + "/" + rows.getString(3));
            }
            assertThat(byLogin).containsEntry(others, "Other/E-OTHER").containsEntry(nobodys, "Nobody/null")
                    .containsEntry(theirs, "Hire Me/W-" + theirs);
        }
    }

    @Test
    void aCommandWritingTheKeyOrTheDisabledColumnIsRefused() throws Exception {
        String id = newAccountId();
        for (String column : List.of("login", "locked")) {
            ProvisioningCommand forged = new ProvisioningCommand("c-" + column + id, "e", "W-" + id, "legacy-db", id, 1,
                    AccountState.PRESENT, Map.of(column, List.of("x")), List.of(), List.of(), Map.of(), 1, "JOINER",
                    Instant.now());
            CommandResult refused = OneCommand.execute(newConnector(), forged);
            assertThat(refused.failure()).isNotNull();
            assertThat(refused.failure().getMessage()).contains(column);
        }
        assertThat(((GetOp) newConnector()).get(id)).isEmpty();
    }

    private static ProvisioningCommand hire(String id) {
        return new ProvisioningCommand("c-" + id, "e", "W-" + id, "legacy-db", id, 1, AccountState.PRESENT,
                Map.of("cn", List.of("Hire Me"), "employee_number", List.of("W-" + id)), List.of(), List.of(), Map.of(), 1,
                "JOINER", Instant.now());
    }

    @Test
    void attributesAreStoredInTheirMappedColumns() throws Exception {
        String id = newAccountId();
        op(CreateOp.class).create(id, attributesOf("Ada", "Lovelace"), false);

        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                ResultSet row = connection.createStatement().executeQuery(
                        "select display_name, given_name, locked from app_users where login = '" + id + "'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString("display_name")).isEqualTo("Ada Lovelace");
            assertThat(row.getString("given_name")).isEqualTo("Ada");
            assertThat(row.getBoolean("locked")).isTrue();
        }
    }

    @Test
    void aCommandIsOneTransactionSoAFailedGroupLeavesNoAccountBehind() throws Exception {
        String id = newAccountId();
        ProvisioningCommand command = new ProvisioningCommand("c-" + id, "e", "W-" + id, "legacy-db", id, 1,
                AccountState.PRESENT, attributesOf("Tx", "Rollback"), List.of("ledger-users", "forbidden-role"),
                List.of("ledger-users", "forbidden-role"), Map.of(), 1, "JOINER", Instant.now());

        CommandResult failed = OneCommand.execute(connector, command);

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.failure()).isInstanceOf(InvalidAttributeValueException.class);
        assertThat(failed.changes()).isEmpty();
        assertThat(op(GetOp.class).get(id)).isEmpty();

        ProvisioningCommand fixed = new ProvisioningCommand("c2-" + id, "e", "W-" + id, "legacy-db", id, 2,
                AccountState.PRESENT, attributesOf("Tx", "Rollback"), List.of("ledger-users"), List.of("ledger-users"),
                Map.of(), 1, "JOINER", Instant.now());
        CommandResult applied = OneCommand.execute(connector, fixed);

        assertThat(applied.succeeded()).isTrue();
        assertThat(applied.changes()).contains(AppliedChange.of(ChangeKind.ACCOUNT_CREATED),
                AppliedChange.of(ChangeKind.GROUP_ADDED, "ledger-users"));
        assertThat(op(GetOp.class).get(id).orElseThrow().groups()).containsExactly("ledger-users");
    }

    @Test
    void anAttributeWithoutAColumnIsAPermanentInvalidAttributeFailure() {
        assertThatThrownBy(() -> op(CreateOp.class).create(newAccountId(),
                Map.of("sn", List.of("X"), "favouriteColour", List.of("blue")), true))
                .isInstanceOf(InvalidAttributeValueException.class)
                .hasMessageContaining("no such column");
    }

    @Test
    void refusedCredentialsAreAConnectionFailureThatDoesNotShowThePassword() {
        // the embedded server trusts local connections: an unknown role is what it refuses
        Map<String, String> wrong = settings();
        wrong.put("username", "no_such_role");
        wrong.put("password", "Wrong-Jdbc-Pa55");
        try (Connector connector = new JdbcConnectorFactory().create(new TargetConfiguration("legacy-db", "jdbc", wrong))) {
            assertThatThrownBy(() -> ((TestOp) connector).test())
                    .isInstanceOf(ConnectionFailedException.class)
                    .hasMessageNotContaining("Wrong-Jdbc-Pa55");
        }
    }

    @Test
    void aTableNameThatIsNotAPlainIdentifierIsRefusedAtStartUp() {
        Map<String, String> injected = settings();
        injected.put("accounts-table", "app_users; drop table app_users");
        assertThatThrownBy(() -> new JdbcConnectorFactory().create(new TargetConfiguration("legacy-db", "jdbc", injected)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accounts-table");
    }
}
