package io.provisioning.connector.spi;

/** The account (or another object with the same name) already exists. */
public class AlreadyExistsException extends ConnectorException {

    public AlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "ALREADY_EXISTS";
    }
}
