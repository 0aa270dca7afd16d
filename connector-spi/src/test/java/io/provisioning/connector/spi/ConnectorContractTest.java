package io.provisioning.connector.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every connector must do, whatever its target. A connector's test extends this class and
 * says how to make an instance; the suite then runs the same operations against it. Account ids
 * are unique per test, so instances may share a target.
 */
public abstract class ConnectorContractTest {

    protected Connector connector;

    /** A fresh connector instance on the test's target. */
    protected abstract Connector newConnector();

    /** The attributes of a new account: names, family name and mail, as this target names them. */
    protected Map<String, List<String>> attributesOf(String givenName, String familyName) {
        return Map.of("cn", List.of(givenName + " " + familyName), familyNameAttribute(), List.of(familyName),
                "givenName", List.of(givenName), mailAttribute(), List.of(givenName.toLowerCase() + "@example.com"));
    }

    /** The attribute that holds the family name in this target. */
    protected String familyNameAttribute() {
        return "sn";
    }

    /** The attribute that holds the mail address in this target. */
    protected String mailAttribute() {
        return "mail";
    }

    /** An attribute and a value the target refuses; empty if the target refuses nothing. */
    protected abstract Optional<Map<String, List<String>>> refusedAttribute();

    @BeforeEach
    void open() {
        connector = newConnector();
    }

    @AfterEach
    void close() {
        connector.close();
    }

    protected String newAccountId() {
        return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Test
    void aCreatedAccountIsReadBackEnabledWithItsAttributes() {
        String id = newAccountId();
        Map<String, List<String>> created = attributesOf("Ada", "Lovelace");
        op(CreateOp.class).create(id, created, true);

        ConnectorAccount account = op(GetOp.class).get(id).orElseThrow();
        assertThat(account.accountId()).isEqualTo(id);
        assertThat(account.enabled()).isTrue();
        assertThat(account.attributes()).containsEntry(familyNameAttribute(), List.of("Lovelace"))
                .containsEntry(mailAttribute(), created.get(mailAttribute()));
        assertThat(account.groups()).isEmpty();
    }

    @Test
    void creatingAnAccountThatExistsThrowsAlreadyExists() {
        String id = newAccountId();
        op(CreateOp.class).create(id, attributesOf("Ada", "Lovelace"), true);

        assertThatThrownBy(() -> op(CreateOp.class).create(id, attributesOf("Ada", "Lovelace"), true))
                .isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void anAccountCreatedDisabledIsReadBackDisabled() {
        String id = newAccountId();
        op(CreateOp.class).create(id, attributesOf("Alan", "Turing"), false);

        assertThat(op(GetOp.class).get(id).orElseThrow().enabled()).isFalse();
    }

    @Test
    void readingAnUnknownAccountFindsNothing() {
        assertThat(op(GetOp.class).get(newAccountId())).isEmpty();
    }

    @Test
    void anUpdateReplacesAndRemovesOnlyTheNamedAttributes() {
        assertAnUpdateChangesOnlyTheNamedAttributes("Grace", "Hopper", "Murray Hopper",
                (id, delta) -> op(UpdateDeltaOp.class).update(id, delta));
    }

    @Test
    void anAccountJustReadIsUpdatedThroughItsReading() {
        assertAnUpdateChangesOnlyTheNamedAttributes("Frances", "Allen", "Elizabeth Allen",
                (id, delta) -> op(UpdateDeltaOp.class).update(op(GetOp.class).get(id).orElseThrow(), delta));
    }

    /** Creates an account, replaces its family name and removes its mail by {@code update}, checks the rest stayed. */
    private void assertAnUpdateChangesOnlyTheNamedAttributes(String given, String family, String newFamily,
            BiConsumer<String, AttributeDelta> update) {
        String id = newAccountId();
        Map<String, List<String>> created = attributesOf(given, family);
        op(CreateOp.class).create(id, created, true);

        update.accept(id, new AttributeDelta(Map.of(familyNameAttribute(), List.of(newFamily)), Set.of(mailAttribute())));

        ConnectorAccount account = op(GetOp.class).get(id).orElseThrow();
        assertThat(account.attributes()).containsEntry(familyNameAttribute(), List.of(newFamily))
                .doesNotContainKey(mailAttribute());
        created.forEach((name, values) -> {
            if (!name.equals(familyNameAttribute()) && !name.equals(mailAttribute())) {
                assertThat(account.attributes()).as("untouched " + name).containsEntry(name, values);
            }
        });
    }

    @Test
    void anAccountJustReadIsDisabledAndEnabledThroughItsReadingAndRepeatingChangesNothing() {
        String id = newAccountId();
        op(CreateOp.class).create(id, attributesOf("Niklaus", "Wirth"), true);
        ConnectorAccount enabled = op(GetOp.class).get(id).orElseThrow();

        op(EnableOp.class).setEnabled(enabled, false);
        op(EnableOp.class).setEnabled(enabled, false);
        ConnectorAccount disabled = op(GetOp.class).get(id).orElseThrow();
        assertThat(disabled.enabled()).isFalse();

        op(EnableOp.class).setEnabled(disabled, true);
        op(EnableOp.class).setEnabled(disabled, true);
        assertThat(op(GetOp.class).get(id).orElseThrow().enabled()).isTrue();
    }

    /** The connector may do it or not; if it does, it must be exact about what the account was. */
    @Test
    void disablingInOneRequestReturnsTheAccountAsItWasOrChangesNothing() {
        org.junit.jupiter.api.Assumptions.assumeTrue(connector instanceof RequestSaving, "the connector saves no requests");
        String id = newAccountId();
        String group = "grp-" + id;
        op(CreateOp.class).create(id, attributesOf("Barbara", "Liskov"), true);
        op(GroupMembershipOp.class).addMembers(group, List.of(id));
        ConnectorAccount read = op(GetOp.class).get(id).orElseThrow();

        Optional<ConnectorAccount> before = op(RequestSaving.class).disableReadingBefore(id);

        ConnectorAccount after = op(GetOp.class).get(id).orElseThrow();
        if (before.isEmpty()) {
            assertThat(after.enabled()).isTrue();
            return;
        }
        assertThat(before.get().accountId()).isEqualTo(id);
        assertThat(before.get().enabled()).isTrue();
        assertThat(before.get().attributes()).isEqualTo(read.attributes());
        assertThat(before.get().groups()).containsExactly(group);
        assertThat(after.enabled()).isFalse();
        assertThat(op(RequestSaving.class).disableReadingBefore(id))
                .hasValueSatisfying(again -> assertThat(again.enabled()).isFalse());
        assertThat(op(RequestSaving.class).disableReadingBefore(newAccountId())).isEmpty();
    }

    @Test
    void changingAnAccountDeletedSinceItWasReadThrowsUnknownAccount() {
        String id = newAccountId();
        op(CreateOp.class).create(id, attributesOf("Kristen", "Nygaard"), true);
        ConnectorAccount read = op(GetOp.class).get(id).orElseThrow();
        op(DeleteOp.class).delete(id);

        assertThatThrownBy(() -> op(UpdateDeltaOp.class).update(read,
                new AttributeDelta(Map.of(familyNameAttribute(), List.of("X")), Set.of())))
                .isInstanceOf(UnknownAccountException.class);
        assertThatThrownBy(() -> op(EnableOp.class).setEnabled(read, false))
                .isInstanceOf(UnknownAccountException.class);
        assertThat(op(GetOp.class).get(id)).isEmpty();
    }

    @Test
    void updatingAnUnknownAccountThrowsUnknownAccount() {
        assertThatThrownBy(() -> op(UpdateDeltaOp.class).update(newAccountId(),
                new AttributeDelta(Map.of(familyNameAttribute(), List.of("X")), Set.of())))
                .isInstanceOf(UnknownAccountException.class);
    }

    @Test
    void aDisabledAccountCanBeEnabledAgainAndRepeatingEitherChangesNothing() {
        String id = newAccountId();
        op(CreateOp.class).create(id, attributesOf("Edsger", "Dijkstra"), true);

        op(EnableOp.class).setEnabled(id, false);
        op(EnableOp.class).setEnabled(id, false);
        assertThat(op(GetOp.class).get(id).orElseThrow().enabled()).isFalse();

        op(EnableOp.class).setEnabled(id, true);
        op(EnableOp.class).setEnabled(id, true);
        assertThat(op(GetOp.class).get(id).orElseThrow().enabled()).isTrue();
    }

    @Test
    void aDeletedAccountIsGoneAndDeletingItAgainThrowsUnknownAccount() {
        String id = newAccountId();
        op(CreateOp.class).create(id, attributesOf("Barbara", "Liskov"), true);

        op(DeleteOp.class).delete(id);

        assertThat(op(GetOp.class).get(id)).isEmpty();
        assertThatThrownBy(() -> op(DeleteOp.class).delete(id)).isInstanceOf(UnknownAccountException.class);
    }

    @Test
    void membersAreAddedToAGroupCreatedOnDemandAndAddingThemAgainChangesNothing() {
        String group = "grp-" + newAccountId();
        String first = newAccountId();
        String second = newAccountId();
        op(CreateOp.class).create(first, attributesOf("Ken", "Thompson"), true);
        op(CreateOp.class).create(second, attributesOf("Dennis", "Ritchie"), true);

        op(GroupMembershipOp.class).addMembers(group, List.of(first, second));
        op(GroupMembershipOp.class).addMembers(group, List.of(first));

        assertThat(op(GetOp.class).get(first).orElseThrow().groups()).containsExactly(group);
        assertThat(op(GetOp.class).get(second).orElseThrow().groups()).containsExactly(group);
    }

    @Test
    void theLastMemberCanLeaveAGroupAndRemovingANonMemberChangesNothing() {
        String group = "grp-" + newAccountId();
        String id = newAccountId();
        op(CreateOp.class).create(id, attributesOf("Donald", "Knuth"), true);
        op(GroupMembershipOp.class).addMembers(group, List.of(id));

        op(GroupMembershipOp.class).removeMembers(group, List.of(id));
        op(GroupMembershipOp.class).removeMembers(group, List.of(id));

        assertThat(op(GetOp.class).get(id).orElseThrow().groups()).isEmpty();
        op(GroupMembershipOp.class).addMembers(group, List.of(id));
        assertThat(op(GetOp.class).get(id).orElseThrow().groups()).containsExactly(group);
    }

    @Test
    void membersJoinAndLeaveAGroupInOneChangeAndALeavingNonMemberChangesNothing() {
        String group = "grp-" + newAccountId();
        String leaving = newAccountId();
        String staying = newAccountId();
        String joining = newAccountId();
        String neverIn = newAccountId();
        op(CreateOp.class).create(leaving, attributesOf("Adele", "Goldberg"), true);
        op(CreateOp.class).create(staying, attributesOf("Alan", "Kay"), true);
        op(CreateOp.class).create(joining, attributesOf("Dan", "Ingalls"), true);
        op(CreateOp.class).create(neverIn, attributesOf("Ted", "Kaehler"), true);
        op(GroupMembershipOp.class).addMembers(group, List.of(leaving, staying));

        op(GroupMembershipOp.class).changeMembers(group, List.of(joining), List.of(leaving, neverIn));

        assertThat(op(GetOp.class).get(leaving).orElseThrow().groups()).isEmpty();
        assertThat(op(GetOp.class).get(neverIn).orElseThrow().groups()).isEmpty();
        assertThat(op(GetOp.class).get(staying).orElseThrow().groups()).containsExactly(group);
        assertThat(op(GetOp.class).get(joining).orElseThrow().groups()).containsExactly(group);
    }

    @Test
    void aChangeOfAGroupNotYetThereCreatesItWithTheJoiningMembers() {
        String group = "grp-" + newAccountId();
        String joining = newAccountId();
        String leaving = newAccountId();
        op(CreateOp.class).create(joining, attributesOf("Radia", "Perlman"), true);
        op(CreateOp.class).create(leaving, attributesOf("Vint", "Cerf"), true);

        op(GroupMembershipOp.class).changeMembers(group, List.of(joining), List.of(leaving));

        assertThat(op(GetOp.class).get(joining).orElseThrow().groups()).containsExactly(group);
        assertThat(op(GetOp.class).get(leaving).orElseThrow().groups()).isEmpty();
    }

    @Test
    void addingAnUnknownAccountToAGroupThrowsUnknownAccount() {
        assertThatThrownBy(() -> op(GroupMembershipOp.class).addMembers("grp-x", List.of(newAccountId())))
                .isInstanceOf(UnknownAccountException.class);
    }

    @Test
    void aValueTheTargetRefusesIsAPermanentInvalidAttributeFailure() {
        Optional<Map<String, List<String>>> refused = refusedAttribute();
        org.junit.jupiter.api.Assumptions.assumeTrue(refused.isPresent(), "the target refuses no value");
        Map<String, List<String>> attributes = new java.util.HashMap<>(attributesOf("Bad", "Value"));
        attributes.putAll(refused.get());

        assertThatThrownBy(() -> op(CreateOp.class).create(newAccountId(), attributes, true))
                .isInstanceOf(InvalidAttributeValueException.class)
                .satisfies(e -> assertThat(((ConnectorException) e).isRetryable()).isFalse());
    }

    @Test
    void listingPagesThroughEveryAccountOnce() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            String id = newAccountId();
            op(CreateOp.class).create(id, attributesOf("List", "Member" + i), true);
            created.add(id);
        }
        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ListOp.Page page = op(ListOp.class).list(cursor, 3);
            page.accounts().forEach(account -> listed.add(account.accountId()));
            cursor = page.nextCursor().orElse(null);
            pages++;
        } while (cursor != null);

        assertThat(listed).doesNotHaveDuplicates().containsAll(created);
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aReachableTargetPassesTheConnectionTest() {
        op(TestOp.class).test();
    }

    protected <T> T op(Class<T> operation) {
        assertThat(connector).as("connector implements " + operation.getSimpleName()).isInstanceOf(operation);
        return operation.cast(connector);
    }
}
