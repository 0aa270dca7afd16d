package io.provisioning.ingest.store;

import io.provisioning.common.problem.Problem;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.ingest.publisher.Publisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Which source each worker belongs to: the source of the first accepted event that named them. A
 * publisher bound to other sources cannot change, and so cannot terminate, that worker.
 */
@ApplicationScoped
public class WorkerOwners {

    @Inject
    DataSource dataSource;

    /**
     * Records the events' sources as the owners of workers not seen before, then checks that the
     * publisher may speak for every worker's owner. All or nothing: a refused batch records no owner.
     *
     * @throws io.provisioning.common.problem.ProblemException 403 naming each event whose worker belongs to a source
     *                                                         the publisher is not bound to
     */
    @Transactional
    public void claim(List<HrEvent> events, Publisher publisher) {
        if (events.isEmpty()) {
            return;
        }
        Map<String, String> owners = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("""
                     INSERT INTO worker_owner (worker_id, source)
                     SELECT * FROM unnest(?::text[], ?::text[]) ON CONFLICT (worker_id) DO NOTHING""");
             PreparedStatement select = c.prepareStatement(
                     "SELECT worker_id, source FROM worker_owner WHERE worker_id = ANY (?)")) {
            Object[] workers = events.stream().map(HrEvent::workerId).toArray();
            insert.setArray(1, c.createArrayOf("text", workers));
            insert.setArray(2, c.createArrayOf("text", events.stream().map(HrEvent::source).toArray()));
            insert.executeUpdate();
            select.setArray(1, c.createArrayOf("text", workers));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    owners.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up the sources workers belong to", e);
        }
        List<Problem.FieldError> refused = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String owner = owners.get(events.get(i).workerId());
            if (owner != null && !publisher.mayPublish(owner)) {
                refused.add(new Problem.FieldError(i, "/subject", "worker " + events.get(i).workerId()
                        + " belongs to source " + owner));
            }
        }
        if (!refused.isEmpty()) {
            throw publisher.notAllowed(refused.size() + " event(s) concern workers of another source; nothing was"
                    + " published", refused);
        }
    }
}
