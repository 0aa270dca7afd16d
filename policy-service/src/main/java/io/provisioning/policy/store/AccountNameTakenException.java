package io.provisioning.policy.store;

/**
 * A batch chose account names of which some were taken meanwhile (a name whose own base ends in
 * digits, such as "smith2"). The batch rolls back and its events are applied one by one, which
 * skips a taken name.
 */
public class AccountNameTakenException extends RuntimeException {

    public AccountNameTakenException(int taken) {
        super(taken + " account name(s) chosen in the batch were taken");
    }
}
