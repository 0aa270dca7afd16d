package io.provisioning.connector.spi;

import java.util.List;
import java.util.Map;

/** Creates accounts. */
public interface CreateOp extends Connector {

    /**
     * Creates an account.
     *
     * @param accountId  the account's name in the target; never null
     * @param attributes the account's attributes; never null
     * @param enabled    false to create it disabled
     * @throws AlreadyExistsException        if an account with that name exists
     * @throws InvalidAttributeValueException if the target refuses a value
     * @throws RetryableException            if the target could not be reached or was busy
     */
    void create(String accountId, Map<String, List<String>> attributes, boolean enabled);
}
