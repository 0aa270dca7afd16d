package io.provisioning.connector.runtime;

import io.provisioning.connector.spi.PermanentException;

/** A command named a group its target's configuration does not hand over (see {@link ManagedGroups}). */
final class GroupNotManagedException extends PermanentException {

    GroupNotManagedException(String message) {
        super(message, null);
    }

    @Override
    public String code() {
        return "GROUP_NOT_MANAGED";
    }
}
