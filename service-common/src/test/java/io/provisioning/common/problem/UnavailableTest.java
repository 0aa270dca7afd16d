package io.provisioning.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import org.junit.jupiter.api.Test;

class UnavailableTest {

    @Test
    void aDeadlockOrACancelledStatementIsWaitedOutButIsNotTheDatabaseBeingAway() {
        Throwable deadlock = new IllegalStateException(new SQLTransactionRollbackException("deadlock detected", "40P01"));
        Throwable cancelled = new RuntimeException(new SQLException("canceling statement", "57014"));

        assertThat(Unavailable.worthWaitingOut(deadlock)).isTrue();
        assertThat(Unavailable.worthWaitingOut(cancelled)).isTrue();
        assertThat(Unavailable.database(deadlock)).isFalse();
    }

    @Test
    void theDatabaseAwayIsWaitedOutAndAConstraintViolationIsNot() {
        assertThat(Unavailable.worthWaitingOut(new RuntimeException(new SQLException("refused", "08001")))).isTrue();
        assertThat(Unavailable.worthWaitingOut(new RuntimeException(new SQLException("duplicate key", "23505")))).isFalse();
    }
}
