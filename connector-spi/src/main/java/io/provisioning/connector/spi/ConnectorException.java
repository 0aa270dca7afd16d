package io.provisioning.connector.spi;

/**
 * The root of the connector exception taxonomy. Messages must be safe to show an operator and to
 * store in an outcome: never a password, token or bind credential.
 */
public abstract class ConnectorException extends RuntimeException {

    protected ConnectorException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** A stable code for outcomes and dead letters, e.g. {@code CONNECTION_FAILED}. */
    public abstract String code();

    /** Whether trying the same operation again later may succeed. */
    public boolean isRetryable() {
        return false;
    }
}
