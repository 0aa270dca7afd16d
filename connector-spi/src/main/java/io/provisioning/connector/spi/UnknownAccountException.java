package io.provisioning.connector.spi;

/** The account does not exist in the target. */
public class UnknownAccountException extends ConnectorException {

    public UnknownAccountException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "UNKNOWN_ACCOUNT";
    }
}
