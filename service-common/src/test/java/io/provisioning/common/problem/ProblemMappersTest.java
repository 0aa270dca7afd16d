package io.provisioning.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void aDatabaseThatIsDownOrRestartingIsA503WithRetryAfterNotA500() {
        for (Throwable failure : new Throwable[] {
                new IllegalStateException("cannot look up accepted event ids",
                        new SQLException("Connection to 127.0.0.1:15432 refused", "08001", new ConnectException())),
                new IllegalStateException("reading failed", new SQLException("terminating connection", "57P01")),
                new RuntimeException(new SQLException("the database system is starting up", "57P03")),
                new RuntimeException(new SQLException("Sorry, acquisition timeout!")),
                new RuntimeException(new SQLTransientConnectionException("no connection"))}) {
            Response response = mappers.internal(failure);

            assertThat(response.getStatus()).as("%s", failure.getCause()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
            assertThat(((Problem) response.getEntity()).type()).endsWith("database-unavailable");
        }
    }

    @Test
    void aDefectStaysA500ThatNamesOnlyAnErrorId() {
        Response response = mappers.internal(new IllegalStateException("boom",
                new SQLException("duplicate key value violates unique constraint", "23505")));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(((Problem) response.getEntity()).detail()).doesNotContain("boom").contains("error id");
    }
}
