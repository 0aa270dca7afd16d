package io.provisioning.contracts;

import com.fasterxml.jackson.databind.ObjectReader;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.contracts.command.ProvisioningOutcome;
import io.provisioning.contracts.hr.HrEvent;
import java.io.IOException;
import java.util.Optional;

/**
 * The one place a Kafka record's value becomes one of the contracts' records, with the contract
 * settings ({@link Json}). Consumers decide what an unreadable record means for them (skipped,
 * dead-lettered, kept by the audit trail); this only says whether it is one.
 */
public final class ContractReader<T> {

    public static final ContractReader<HrEvent> HR_EVENT = new ContractReader<>(HrEvent.class);
    public static final ContractReader<ProvisioningCommand> COMMAND = new ContractReader<>(ProvisioningCommand.class);
    public static final ContractReader<ProvisioningOutcome> OUTCOME = new ContractReader<>(ProvisioningOutcome.class);

    private final ObjectReader reader;

    private ContractReader(Class<T> type) {
        this.reader = Json.mapper().readerFor(type);
    }

    /**
     * @throws UnreadableRecordException if the value is absent, not JSON, or not such a record
     */
    public T read(String value) {
        if (value == null) {
            throw new UnreadableRecordException("no value", null);
        }
        try {
            T record = reader.readValue(value);
            if (record == null) {
                throw new UnreadableRecordException("the value is JSON null", null);
            }
            return record;
        } catch (IOException | IllegalArgumentException e) {
            throw new UnreadableRecordException(e.getClass().getSimpleName(), e);
        }
    }

    /** The record, or empty if the value is not one. */
    public Optional<T> tryRead(String value) {
        try {
            return Optional.of(read(value));
        } catch (UnreadableRecordException e) {
            return Optional.empty();
        }
    }

    /** A value that is not the record its topic carries; the message never echoes the value. */
    public static final class UnreadableRecordException extends RuntimeException {
        UnreadableRecordException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
