package io.provisioning.connector.execution;

import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.connector.spi.PermanentException;
import io.provisioning.contracts.command.ProvisioningCommand;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Whose an account found in the target is. Names are unique only among the names the product
 * issued: an account that already has the name a command gives (made by hand, or by the system the
 * product replaces) is someone else's unless it carries the worker's id in the target's correlation
 * attribute, or the product has applied a command to it before. Someone else's account is never
 * adopted, changed, disabled or deleted: the command fails with {@link NameConflictException}.
 */
public final class AccountOwnership {

    /** Trusts every account with the name: for tests of the steps themselves, never for a target. */
    public static final AccountOwnership UNCHECKED = new AccountOwnership(null, accountId -> true);

    private final String correlationAttribute;
    private final Predicate<String> appliedBefore;
    private final boolean adoptUnmarked;
    /** Accounts written under this ownership (an earlier round of the same batch created or changed them). */
    private final Set<String> writtenNow = ConcurrentHashMap.newKeySet();

    /**
     * @param correlationAttribute the attribute in which the target keeps the worker id (LDAP
     *                             {@code employeeNumber}, SCIM {@code externalId}); null if none
     * @param appliedBefore        whether the product has applied a command to the account of that name
     */
    public AccountOwnership(String correlationAttribute, Predicate<String> appliedBefore) {
        this(correlationAttribute, appliedBefore, false);
    }

    /**
     * @param adoptUnmarked whether an account that carries no worker id is taken as the worker's
     *                      anyway: for a target that does not return the correlation attribute, where
     *                      such an account cannot be told apart from one the product created just
     *                      before a crash (only another worker's id then refuses an account)
     */
    public AccountOwnership(String correlationAttribute, Predicate<String> appliedBefore, boolean adoptUnmarked) {
        this.correlationAttribute = correlationAttribute;
        this.appliedBefore = appliedBefore;
        this.adoptUnmarked = adoptUnmarked;
    }

    /** Whether the product has applied a command to this account before: then it is the product's. */
    boolean appliedBefore(String accountId) {
        return writtenNow.contains(accountId) || appliedBefore.test(accountId);
    }

    /** Records that a command was applied to the account: later commands of the batch may take it as the product's. */
    void written(String accountId) {
        writtenNow.add(accountId);
    }

    /** @throws NameConflictException if the account is not the command's worker's */
    void requireOwnedBy(ProvisioningCommand command, ConnectorAccount account) {
        String value = correlationValue(account);
        if (value != null) {
            if (!value.equals(command.workerId())) {
                throw new NameConflictException("account " + account.accountId() + " in target " + command.targetId()
                        + " belongs to another worker (its " + correlationAttribute + " is not " + command.workerId()
                        + "); it was not changed");
            }
            return;
        }
        if (!adoptUnmarked && !appliedBefore(account.accountId())) {
            throw new NameConflictException("account " + account.accountId() + " in target " + command.targetId()
                    + " existed before and carries no " + (correlationAttribute == null ? "worker id" : correlationAttribute)
                    + "; it is not adopted for " + command.workerId() + " (link it through a reconciliation)");
        }
    }

    private String correlationValue(ConnectorAccount account) {
        if (correlationAttribute == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> attribute : account.attributes().entrySet()) {
            if (attribute.getKey().equalsIgnoreCase(correlationAttribute) && !attribute.getValue().isEmpty()) {
                String value = attribute.getValue().get(0);
                return value == null || value.isBlank() ? null : value;
            }
        }
        return null;
    }

    /** An account with the command's name belongs to someone else. */
    public static final class NameConflictException extends PermanentException {

        public static final String CODE = "NAME_CONFLICT";

        NameConflictException(String message) {
            super(message, null);
        }

        @Override
        public String code() {
            return CODE;
        }
    }
}
