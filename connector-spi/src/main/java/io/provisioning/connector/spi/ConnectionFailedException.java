package io.provisioning.connector.spi;

/** The target could not be reached, or refused the configured credentials. */
public class ConnectionFailedException extends RetryableException {

    public ConnectionFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "CONNECTION_FAILED";
    }
}
