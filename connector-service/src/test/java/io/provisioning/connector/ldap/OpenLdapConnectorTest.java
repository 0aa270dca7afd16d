package io.provisioning.connector.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import io.provisioning.connector.spi.RequestSaving;
import io.provisioning.connector.spi.AttributeDelta;
import io.provisioning.connector.spi.ConnectionFailedException;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorContractTest;
import io.provisioning.connector.spi.CreateOp;
import io.provisioning.connector.spi.DeleteOp;
import io.provisioning.connector.spi.EnableOp;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.spi.GroupMembershipOp;
import io.provisioning.connector.spi.TargetConfiguration;
import io.provisioning.connector.spi.TestOp;
import io.provisioning.connector.spi.UpdateDeltaOp;
import io.provisioning.testsupport.OpenLdapServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The connector contract, and what is particular to OpenLDAP, against a real slapd. */
public class OpenLdapConnectorTest extends ConnectorContractTest {

    private static final String PASSWORD = "Acc0unt-pass";

    /** The connector settings for the test directory (a real slapd). */
    public static Map<String, String> settings(OpenLdapServer server) {
        Map<String, String> settings = new HashMap<>();
        settings.put("url", server.url());
        settings.put("bind-dn", OpenLdapServer.ADMIN_DN);
        settings.put("bind-password", OpenLdapServer.ADMIN_PASSWORD);
        settings.put("people-dn", OpenLdapServer.PEOPLE_DN);
        settings.put("groups-dn", OpenLdapServer.GROUPS_DN);
        settings.put("group-placeholder-member", OpenLdapServer.PLACEHOLDER_DN);
        settings.put("member-of-attribute", "memberOf");
        return settings;
    }

    @Override
    protected Connector newConnector() {
        return new LdapConnectorFactory().create(new TargetConfiguration("corp-ldap", "ldap", settings(OpenLdapServer.get())));
    }

    @Override
    protected Optional<Map<String, List<String>>> refusedAttribute() {
        // mail is an IA5 string: the directory refuses non-ASCII
        return Optional.of(Map.of("mail", List.of("zoë@example.com")));
    }

    @Test
    void aDisabledAccountCannotBindUntilEnabledAgain() throws LDAPException {
        String id = newAccountId();
        String dn = createWithPassword(id, "Lock", "Ed");
        bind(dn, PASSWORD).close();

        op(EnableOp.class).setEnabled(id, false);
        assertBindRefused(dn);

        op(EnableOp.class).setEnabled(id, true);
        bind(dn, PASSWORD).close();
    }

    @Test
    void anAccountNamedByItsIdIsDisabledInOneRequestByAConnectorThatNeverSawIt() throws LDAPException {
        String id = newAccountId();
        String dn = createWithPassword(id, "Leo", "Aver");

        try (Connector fresh = newConnector()) {
            assertThat(((RequestSaving) fresh).disableReadingBefore(id)).hasValueSatisfying(before -> {
                assertThat(before.enabled()).isTrue();
                assertThat(before.reference()).isEqualTo(dn);
                assertThat(before.attributes()).containsEntry("sn", List.of("Aver"));
            });
        }
        assertBindRefused(dn);
    }

    /** Creates an enabled account that can bind with {@link #PASSWORD}; its DN. */
    private String createWithPassword(String id, String givenName, String familyName) {
        Map<String, List<String>> attributes = new HashMap<>(attributesOf(givenName, familyName));
        attributes.put("userPassword", List.of(PASSWORD));
        op(CreateOp.class).create(id, attributes, true);
        return "uid=" + id + "," + OpenLdapServer.PEOPLE_DN;
    }

    /** A locked account's bind fails as a wrong password would. */
    private static void assertBindRefused(String dn) {
        assertThatThrownBy(() -> bind(dn, PASSWORD))
                .isInstanceOfSatisfying(LDAPException.class,
                        e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS));
    }

    @Test
    void anotherAccountNowAtTheDnLastSeenForALeaverIsLeftAlone() {
        try (Connector sawIt = namedByCn(); Connector elsewhere = namedByCn()) {
            String leaver = newAccountId();
            String newcomer = newAccountId();
            ((CreateOp) sawIt).create(leaver, attributesOf("Ada", leaver), true);
            ((UpdateDeltaOp) elsewhere).update(leaver,
                    new AttributeDelta(Map.of("cn", List.of("Ada Moved " + leaver)), Set.of()));
            ((CreateOp) elsewhere).create(newcomer, attributesOf("Ada", leaver), true);

            assertThat(((RequestSaving) sawIt).disableReadingBefore(leaver)).isEmpty();

            assertThat(((GetOp) elsewhere).get(newcomer).orElseThrow().enabled()).isTrue();
            assertThat(((GetOp) elsewhere).get(leaver).orElseThrow().enabled()).isTrue();
        }
    }

    @Test
    void changingTheNamingAttributeRenamesTheEntryAndKeepsItsGroups() {
        try (Connector byCn = namedByCn()) {
            String id = newAccountId();
            ((CreateOp) byCn).create(id, attributesOf("Mary", id), true);
            ((GroupMembershipOp) byCn).addMembers("grp-" + id, List.of(id));

            ((UpdateDeltaOp) byCn).update(id, new AttributeDelta(Map.of("cn", List.of("Mary Renamed " + id)), Set.of()));

            var account = ((GetOp) byCn).get(id).orElseThrow();
            assertThat(account.reference()).isEqualTo("cn=Mary Renamed " + id + "," + OpenLdapServer.PEOPLE_DN);
            assertThat(account.attributes()).containsEntry("cn", List.of("Mary Renamed " + id));
            assertThat(account.groups()).containsExactly("grp-" + id);
        }
    }

    @Test
    void anAccountRenamedSinceItWasReadIsChangedUnderItsNewName() {
        try (Connector byCn = namedByCn()) {
            String id = newAccountId();
            ((CreateOp) byCn).create(id, attributesOf("Alan", id), true);
            var read = ((GetOp) byCn).get(id).orElseThrow();
            ((UpdateDeltaOp) byCn).update(id, new AttributeDelta(Map.of("cn", List.of("Alan Moved " + id)), Set.of()));

            ((UpdateDeltaOp) byCn).update(read, new AttributeDelta(Map.of("sn", List.of("Kay")), Set.of()));
            ((EnableOp) byCn).setEnabled(read, false);

            var account = ((GetOp) byCn).get(id).orElseThrow();
            assertThat(account.reference()).isEqualTo("cn=Alan Moved " + id + "," + OpenLdapServer.PEOPLE_DN);
            assertThat(account.attributes()).containsEntry("sn", List.of("Kay"));
            assertThat(account.enabled()).isFalse();
        }
    }

    /** A connector whose entries are named by cn, so that a change of cn renames them. */
    private static Connector namedByCn() {
        Map<String, String> cnNamed = settings(OpenLdapServer.get());
        cnNamed.put("naming-attribute", "cn");
        return new LdapConnectorFactory().create(new TargetConfiguration("corp-ldap", "ldap", cnNamed));
    }

    @Test
    void aWrongPasswordIsAConnectionFailureThatDoesNotShowThePassword() {
        Map<String, String> wrong = settings(OpenLdapServer.get());
        wrong.put("bind-password", "Wrong-s3cret-Pa55");
        try (Connector connector = new LdapConnectorFactory().create(new TargetConfiguration("corp-ldap", "ldap", wrong))) {
            assertThatThrownBy(() -> ((TestOp) connector).test())
                    .isInstanceOf(ConnectionFailedException.class)
                    .hasMessageContaining("invalid credentials")
                    .hasMessageNotContaining("Wrong-s3cret-Pa55");
        }
    }

    @Test
    void anUnreachableDirectoryIsARetryableConnectionFailure() {
        Map<String, String> nowhere = settings(OpenLdapServer.get());
        nowhere.put("url", "ldap://127.0.0.1:" + OpenLdapServer.freePort());
        try (Connector connector = new LdapConnectorFactory().create(new TargetConfiguration("corp-ldap", "ldap", nowhere))) {
            assertThatThrownBy(() -> ((GetOp) connector).get("anyone"))
                    .isInstanceOfSatisfying(ConnectionFailedException.class, e -> assertThat(e.isRetryable()).isTrue());
        }
    }

    @Test
    void oneModifyAddsManyMembersToALargeGroup() {
        String group = "grp-large-" + newAccountId();
        List<String> ids = createAccounts(200, "Member");
        op(GroupMembershipOp.class).addMembers(group, ids);

        try (LDAPConnection connection = OpenLdapServer.get().connect()) {
            var entry = connection.getEntry("cn=" + group + "," + OpenLdapServer.GROUPS_DN);
            // every account plus the placeholder that keeps the group valid when it empties
            assertThat(entry.getAttributeValues("member")).hasSize(201);
        } catch (LDAPException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aGroupLargeEnoughToBeStoredApartFromItsEntryKeepsExactlyItsMembers() throws LDAPException {
        // past 100 members the directory keeps them beside the group entry (multival): adding and
        // removing there, in bulk and one by one, must lose or keep nobody else
        String group = "grp-split-" + newAccountId();
        List<String> ids = createAccounts(150, "Split");
        GroupMembershipOp groups = op(GroupMembershipOp.class);
        groups.addMembers(group, ids.subList(0, 120));
        ids.subList(120, 150).forEach(id -> groups.addMembers(group, List.of(id)));
        groups.removeMembers(group, List.of(ids.get(0)));
        groups.removeMembers(group, ids.subList(1, 40));
        groups.removeMembers(group, List.of(ids.get(149)));
        groups.addMembers(group, List.of(ids.get(149)));

        assertGroupHoldsExactly(group, ids.subList(40, 150), ids.subList(0, 40));
    }

    @Test
    void membersJoinAndLeaveALargeGroupInOneModifyAndTheirMemberOfFollows() throws LDAPException {
        String group = "grp-moved-" + newAccountId();
        List<String> ids = createAccounts(170, "Moved");
        GroupMembershipOp groups = op(GroupMembershipOp.class);
        groups.addMembers(group, ids.subList(0, 140));

        groups.changeMembers(group, ids.subList(140, 170), ids.subList(0, 40));

        assertGroupHoldsExactly(group, ids.subList(40, 170), ids.subList(0, 40));
        assertThat(op(GetOp.class).get(ids.get(0)).orElseThrow().groups()).isEmpty();
        assertThat(op(GetOp.class).get(ids.get(169)).orElseThrow().groups()).containsExactly(group);
    }

    @Test
    void aDeletedAccountIsTakenOutOfEveryGroupItWasIn() throws LDAPException {
        // the directory's memberof overlay does this (memberof-refint): no group may keep naming an
        // entry that is gone, whether the group keeps its members in its entry or beside it
        String small = "grp-left-" + newAccountId();
        String large = "grp-left-large-" + newAccountId();
        List<String> ids = createAccounts(120, "Left");
        GroupMembershipOp groups = op(GroupMembershipOp.class);
        groups.addMembers(small, ids.subList(0, 2));
        groups.addMembers(large, ids);
        String leaver = ids.get(0);

        op(DeleteOp.class).delete(leaver);

        try (LDAPConnection connection = OpenLdapServer.get().connect()) {
            List<String> smallMembers = members(connection, small);
            List<String> largeMembers = members(connection, large);
            assertThat(smallMembers).hasSize(2).contains(OpenLdapServer.PLACEHOLDER_DN)
                    .anyMatch(dn -> dn.contains(ids.get(1)));
            assertThat(largeMembers).hasSize(120);
            assertThat(List.of(smallMembers, largeMembers))
                    .allSatisfy(members -> assertThat(members).noneMatch(dn -> dn.contains(leaver)));
        }
    }

    /** The group names every kept account and none of the gone ones, besides its placeholder member. */
    private static void assertGroupHoldsExactly(String group, List<String> kept, List<String> gone) throws LDAPException {
        try (LDAPConnection connection = OpenLdapServer.get().connect()) {
            List<String> members = members(connection, group);
            assertThat(members).hasSize(kept.size() + 1).contains(OpenLdapServer.PLACEHOLDER_DN);
            assertThat(kept).allSatisfy(id -> assertThat(members).anyMatch(dn -> dn.contains(id)));
            assertThat(gone).allSatisfy(id -> assertThat(members).noneMatch(dn -> dn.contains(id)));
        }
    }

    private static List<String> members(LDAPConnection connection, String group) throws LDAPException {
        return List.of(connection.getEntry("cn=" + group + "," + OpenLdapServer.GROUPS_DN).getAttributeValues("member"));
    }

    /** Creates count enabled accounts named given + number; their ids, in order. */
    private List<String> createAccounts(int count, String given) {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = newAccountId();
            op(CreateOp.class).create(id, attributesOf(given, given.charAt(0) + Integer.toString(i)), true);
            ids.add(id);
        }
        return ids;
    }

    private static LDAPConnection bind(String dn, String password) throws LDAPException {
        return new LDAPConnection("127.0.0.1", OpenLdapServer.get().port(), dn, password);
    }
}
