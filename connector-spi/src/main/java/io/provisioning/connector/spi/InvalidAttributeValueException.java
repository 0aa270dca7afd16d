package io.provisioning.connector.spi;

/** The target refused an attribute or one of its values (schema, syntax, constraint). */
public class InvalidAttributeValueException extends PermanentException {

    public InvalidAttributeValueException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "INVALID_ATTRIBUTE";
    }
}
