package io.provisioning.policy.store;

import io.provisioning.policy.naming.AccountNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hibernate.Session;

/**
 * Reserves, before a batch of HR events is applied, the account names its workers will need, in a
 * short transaction of its own: the name-base counters are locked for milliseconds instead of for
 * the whole batch, so batches from different partitions run side by side.
 *
 * <p>A reserved name is the worker's for good (it is found again by worker id), so a batch that then
 * fails loses nothing: applying its events again finds the same names. A worker who ends up without
 * an account there keeps the reservation for the day they need one. A name taken meanwhile (a name
 * whose own base ends in digits, "smith2") is skipped: that worker's name is then chosen while the
 * batch is applied, one statement at a time.
 */
@ApplicationScoped
public class NameReservations {

    /** One worker who has no name in a target yet, and the base they would get there. */
    public record Need(String workerId, String targetId, String base, int maxLength) {
    }

    private record Base(String targetId, String base) {
    }

    @Inject
    EntityManager em;

    /** 1 for the first worker with this base, then 2, 3, ...: one row lock, no search. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long nextNumber(String targetId, String base) {
        return ((Number) em.createNativeQuery("""
                        INSERT INTO account_name_base (target_id, base, last) VALUES (?1, ?2, 1)
                        ON CONFLICT (target_id, base) DO UPDATE SET last = account_name_base.last + 1
                        RETURNING last""")
                .setParameter(1, targetId).setParameter(2, base).getSingleResult()).longValue();
    }

    /** @param needs in the order of the batch's events: earlier events get the lower numbers */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void reserve(List<Need> needs) {
        if (needs.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(c -> {
            List<Need> unnamed = withoutName(c, needs);
            if (unnamed.isEmpty()) {
                return;
            }
            Map<Base, Long> next = allocate(c, unnamed);
            List<String[]> rows = new ArrayList<>();
            for (Need need : unnamed) {
                long n = next.merge(new Base(need.targetId(), need.base()), 1L, Long::sum) - 1;
                rows.add(new String[] {need.targetId(), AccountNames.variant(need.base(), need.maxLength(), n),
                        need.workerId()});
            }
            insert(c, rows);
        });
    }

    /** The needs of workers who have no name in that target yet, one per worker and target. */
    private static List<Need> withoutName(Connection c, List<Need> needs) throws SQLException {
        Set<String> named = new HashSet<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT worker_id, target_id FROM account_name WHERE worker_id = ANY (?)")) {
            select.setArray(1, c.createArrayOf("text", needs.stream().map(Need::workerId).distinct().toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    named.add(rs.getString(1) + "\n" + rs.getString(2));
                }
            }
        }
        Map<String, Need> unnamed = new LinkedHashMap<>();
        for (Need need : needs) {
            String key = need.workerId() + "\n" + need.targetId();
            if (!named.contains(key)) {
                unnamed.putIfAbsent(key, need);
            }
        }
        return List.copyOf(unnamed.values());
    }

    /**
     * Advances each base's counter by the number of workers who need it, in one statement that
     * locks the counters in one order (so concurrent batches never deadlock); returns the first
     * number each base hands out.
     */
    private static Map<Base, Long> allocate(Connection c, List<Need> unnamed) throws SQLException {
        Map<Base, Long> counts = new TreeMap<>(Comparator.comparing(Base::targetId).thenComparing(Base::base));
        for (Need need : unnamed) {
            counts.merge(new Base(need.targetId(), need.base()), 1L, Long::sum);
        }
        Map<Base, Long> first = new HashMap<>();
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO account_name_base AS b (target_id, base, last)
                SELECT t, n, k FROM unnest(?::text[], ?::text[], ?::bigint[]) WITH ORDINALITY AS v(t, n, k, i) ORDER BY i
                ON CONFLICT (target_id, base) DO UPDATE SET last = b.last + excluded.last
                RETURNING target_id, base, last""")) {
            upsert.setArray(1, c.createArrayOf("text", counts.keySet().stream().map(Base::targetId).toArray()));
            upsert.setArray(2, c.createArrayOf("text", counts.keySet().stream().map(Base::base).toArray()));
            upsert.setArray(3, c.createArrayOf("int8", counts.values().toArray()));
            try (ResultSet rs = upsert.executeQuery()) {
                while (rs.next()) {
                    Base base = new Base(rs.getString(1), rs.getString(2));
                    first.put(base, rs.getLong(3) - counts.get(base) + 1);
                }
            }
        }
        return first;
    }

    private static void insert(Connection c, List<String[]> rows) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO account_name (target_id, account_id, worker_id)
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[]) ON CONFLICT DO NOTHING""")) {
            insert.setArray(1, c.createArrayOf("text", rows.stream().map(r -> r[0]).toArray()));
            insert.setArray(2, c.createArrayOf("text", rows.stream().map(r -> r[1]).toArray()));
            insert.setArray(3, c.createArrayOf("text", rows.stream().map(r -> r[2]).toArray()));
            insert.executeUpdate();
        }
    }
}
