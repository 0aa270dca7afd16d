package io.provisioning.connector.ldap;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.util.List;
import java.util.Optional;

/** How a directory marks an account as unusable without deleting it. */
enum DisableStrategy {

    /**
     * OpenLDAP password policy: {@code pwdAccountLockedTime} of {@value #PERMANENT_LOCK} locks the
     * account until an administrator removes it, so binds fail with invalid credentials.
     */
    PPOLICY {
        @Override
        boolean isEnabled(Entry entry) {
            return !entry.hasAttribute(LOCKED_TIME);
        }

        @Override
        List<String> initialValues(boolean enabled) {
            return enabled ? List.of() : List.of(PERMANENT_LOCK);
        }

        @Override
        Modification change(Entry entry, boolean enabled) {
            return changeWithoutEntry(enabled).orElseThrow();
        }

        @Override
        Optional<Modification> changeWithoutEntry(boolean enabled) {
            return Optional.of(enabled
                    ? new Modification(ModificationType.DELETE, LOCKED_TIME)
                    : new Modification(ModificationType.REPLACE, LOCKED_TIME, PERMANENT_LOCK));
        }

        @Override
        String attribute() {
            return LOCKED_TIME;
        }
    },

    /** Active Directory: bit 2 (ACCOUNTDISABLE) of {@code userAccountControl}; 512 is a normal account. */
    USER_ACCOUNT_CONTROL {
        @Override
        boolean isEnabled(Entry entry) {
            return (flags(entry) & ACCOUNT_DISABLE) == 0;
        }

        @Override
        List<String> initialValues(boolean enabled) {
            return List.of(Integer.toString(enabled ? NORMAL_ACCOUNT : NORMAL_ACCOUNT | ACCOUNT_DISABLE));
        }

        @Override
        Modification change(Entry entry, boolean enabled) {
            int flags = flags(entry);
            int changed = enabled ? flags & ~ACCOUNT_DISABLE : flags | ACCOUNT_DISABLE;
            return new Modification(ModificationType.REPLACE, USER_ACCOUNT_CONTROL_ATTRIBUTE,
                    Integer.toString(changed));
        }

        @Override
        Optional<Modification> changeWithoutEntry(boolean enabled) {
            return Optional.empty(); // the other bits of the entry's flags must be kept
        }

        @Override
        String attribute() {
            return USER_ACCOUNT_CONTROL_ATTRIBUTE;
        }

        private int flags(Entry entry) {
            Integer value = entry.getAttributeValueAsInteger(USER_ACCOUNT_CONTROL_ATTRIBUTE);
            return value == null ? NORMAL_ACCOUNT : value;
        }
    };

    static final String LOCKED_TIME = "pwdAccountLockedTime";
    static final String PERMANENT_LOCK = "000001010000Z";
    static final String USER_ACCOUNT_CONTROL_ATTRIBUTE = "userAccountControl";
    static final int ACCOUNT_DISABLE = 0x2;
    static final int NORMAL_ACCOUNT = 0x200;

    abstract boolean isEnabled(Entry entry);

    /** The values of {@link #attribute()} for a new account; empty for none. */
    abstract List<String> initialValues(boolean enabled);

    /** The modification that enables or disables the account as read in {@code entry}. */
    abstract Modification change(Entry entry, boolean enabled);

    /** The modification that enables or disables any account, if there is one that needs no read. */
    abstract Optional<Modification> changeWithoutEntry(boolean enabled);

    /** The attribute that carries the state; read explicitly because it may be operational. */
    abstract String attribute();

    static DisableStrategy of(String name) {
        return switch (name.toLowerCase()) {
            case "ppolicy" -> PPOLICY;
            case "user-account-control" -> USER_ACCOUNT_CONTROL;
            default -> throw new IllegalArgumentException(
                    "disable-strategy must be ppolicy or user-account-control, not " + name);
        };
    }
}
