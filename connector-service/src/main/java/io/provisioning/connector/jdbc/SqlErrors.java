package io.provisioning.connector.jdbc;

import io.provisioning.connector.spi.AlreadyExistsException;
import io.provisioning.connector.spi.ConnectionFailedException;
import io.provisioning.connector.spi.ConnectorException;
import io.provisioning.connector.spi.InvalidAttributeValueException;
import io.provisioning.connector.spi.PermanentException;
import io.provisioning.connector.spi.RetryableException;
import java.sql.SQLException;

/** Translates SQL states (the standard's classes) into the connector exception taxonomy. */
final class SqlErrors {

    private SqlErrors() {
    }

    /**
     * @param operation what was attempted; never holds values, which may be personal data
     */
    static ConnectorException translate(String operation, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = "SQL " + operation + ": SQL state " + state;
        String sqlClass = state.length() >= 2 ? state.substring(0, 2) : "";
        return switch (sqlClass) {
            case "23" -> state.equals("23505")
                    ? new AlreadyExistsException(message + " (unique violation)", null)
                    : new InvalidAttributeValueException(message + " (integrity constraint)", null);
            case "22" -> new InvalidAttributeValueException(message + " (invalid value)", null);
            case "42" -> state.equals("42703")
                    ? new InvalidAttributeValueException(message + " (no such column)", null)
                    : new PermanentException(message + " (schema or privilege)", null);
            case "08", "28", "57" -> new ConnectionFailedException(message + " (connection)", null);
            default -> new RetryableException(message, null);
        };
    }
}
