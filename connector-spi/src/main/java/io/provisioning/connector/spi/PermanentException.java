package io.provisioning.connector.spi;

/** The target refused the operation for a reason that trying again will not change. */
public class PermanentException extends ConnectorException {

    public PermanentException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "PERMANENT_FAILURE";
    }
}
