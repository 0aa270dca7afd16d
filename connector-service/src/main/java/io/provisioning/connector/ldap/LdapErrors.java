package io.provisioning.connector.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import io.provisioning.connector.spi.AlreadyExistsException;
import io.provisioning.connector.spi.ConnectionFailedException;
import io.provisioning.connector.spi.ConnectorException;
import io.provisioning.connector.spi.InvalidAttributeValueException;
import io.provisioning.connector.spi.PermanentException;
import io.provisioning.connector.spi.RetryableException;
import io.provisioning.connector.spi.UnknownAccountException;
import java.util.Set;

/** Translates LDAP result codes into the connector exception taxonomy. */
final class LdapErrors {

    private static final Set<ResultCode> INVALID_ATTRIBUTE = Set.of(
            ResultCode.CONSTRAINT_VIOLATION, ResultCode.INVALID_ATTRIBUTE_SYNTAX,
            ResultCode.UNDEFINED_ATTRIBUTE_TYPE, ResultCode.OBJECT_CLASS_VIOLATION,
            ResultCode.NAMING_VIOLATION, ResultCode.NOT_ALLOWED_ON_RDN,
            ResultCode.INAPPROPRIATE_MATCHING, ResultCode.INVALID_DN_SYNTAX,
            ResultCode.OBJECT_CLASS_MODS_PROHIBITED, ResultCode.ATTRIBUTE_OR_VALUE_EXISTS);
    private static final Set<ResultCode> PERMANENT = Set.of(
            ResultCode.INSUFFICIENT_ACCESS_RIGHTS, ResultCode.UNWILLING_TO_PERFORM,
            ResultCode.NOT_ALLOWED_ON_NONLEAF, ResultCode.PROTOCOL_ERROR,
            ResultCode.AUTH_METHOD_NOT_SUPPORTED, ResultCode.STRONG_AUTH_REQUIRED);
    private static final Set<ResultCode> CONNECTION = Set.of(
            ResultCode.INVALID_CREDENTIALS, ResultCode.SERVER_DOWN, ResultCode.CONNECT_ERROR,
            ResultCode.UNAVAILABLE, ResultCode.LOCAL_ERROR);

    private LdapErrors() {
    }

    /**
     * @param operation what was attempted, e.g. {@code "add uid=jdoe,ou=people,…"}; must not hold secrets
     */
    static ConnectorException translate(String operation, LDAPException e) {
        ResultCode code = e.getResultCode();
        String message = "LDAP " + operation + ": " + code.getName() + " (" + code.intValue() + ")"
                + (e.getDiagnosticMessage() == null ? "" : ": " + e.getDiagnosticMessage());
        if (code == ResultCode.ENTRY_ALREADY_EXISTS) {
            return new AlreadyExistsException(message, null);
        }
        if (code == ResultCode.NO_SUCH_OBJECT) {
            return new UnknownAccountException(message, null);
        }
        if (INVALID_ATTRIBUTE.contains(code)) {
            return new InvalidAttributeValueException(message, null);
        }
        if (PERMANENT.contains(code)) {
            return new PermanentException(message, null);
        }
        if (CONNECTION.contains(code) || !code.isConnectionUsable()) {
            return new ConnectionFailedException(message, null);
        }
        return new RetryableException(message, null);
    }
}
