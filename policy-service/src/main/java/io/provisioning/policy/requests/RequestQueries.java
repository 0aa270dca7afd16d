package io.provisioning.policy.requests;

import io.provisioning.common.problem.ProblemException;
import io.provisioning.common.problem.QueryParameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads requests for the API. A worker sees the requests they are in: for them, made by them, waiting
 * for them or decided by them, and those of the workers they manage; auditors, operators and policy
 * administrators see every one. A request someone may not see is answered as unknown.
 */
@ApplicationScoped
public class RequestQueries {

    @Inject
    EntityManager em;

    @Inject
    People people;

    /**
     * @param beneficiary only requests for this worker; null for any
     * @param approver    {@code me}: only requests whose current stage waits for the caller; a worker id
     *                    (readers only); null for any
     * @param state       only requests in this state; null for any
     */
    @Transactional
    public List<AccessRequestView> list(Caller caller, String beneficiary, String approver, String state,
                                        QueryParameters.Page page) {
        StringBuilder sql = new StringBuilder("SELECT * FROM access_request r WHERE TRUE");
        List<Object> parameters = new ArrayList<>();
        boolean managesBeneficiary = beneficiary != null && caller.workerId() != null
                && people.manages(caller.workerId(), beneficiary);
        if (!caller.reader() && !managesBeneficiary) {
            String me = caller.workerId();
            int n = parameters.size() + 1;
            sql.append(" AND (r.beneficiary_id = ?").append(n).append(" OR r.requested_by = ?").append(n)
                    .append(" OR r.approver_id = ?").append(n).append(" OR r.approver_group = ANY (?").append(n + 1)
                    .append(") OR EXISTS (SELECT 1 FROM access_request_step s WHERE s.request_id = r.request_id"
                            + " AND s.actor = ?").append(n).append("))");
            parameters.add(me);
            parameters.add(groups(caller));
        }
        if (beneficiary != null) {
            sql.append(" AND r.beneficiary_id = ?").append(parameters.size() + 1);
            parameters.add(beneficiary);
        }
        if (approver != null) {
            String who = approver.equals("me") ? caller.workerId() : approver;
            int n = parameters.size() + 1;
            sql.append(" AND r.state = 'PENDING' AND (r.approver_id = ?").append(n);
            if (approver.equals("me")) {
                sql.append(" OR (r.approver_group = ANY (?").append(n + 1).append(")")
                        .append(" AND r.beneficiary_id <> ?").append(n).append(" AND r.requested_by <> ?").append(n)
                        .append(")");
            }
            sql.append(")");
            parameters.add(who);
            if (approver.equals("me")) {
                parameters.add(groups(caller));
            }
        }
        if (state != null) {
            sql.append(" AND r.state = ?").append(parameters.size() + 1);
            parameters.add(state);
        }
        sql.append(" ORDER BY r.created_at DESC, r.request_id LIMIT ").append(page.size())
                .append(" OFFSET ").append(page.offset());
        Query query = em.createNativeQuery(sql.toString(), AccessRequestEntity.class);
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        @SuppressWarnings("unchecked")
        List<AccessRequestEntity> rows = query.getResultList();
        return rows.stream().map(r -> AccessRequestView.of(r, null)).toList();
    }

    /** One request with its steps, if the caller may see it. */
    @Transactional
    public AccessRequestView get(Caller caller, UUID requestId) {
        AccessRequestEntity request = em.find(AccessRequestEntity.class, requestId);
        if (request == null) {
            throw ProblemException.notFound(RequestProblems.NO_REQUEST);
        }
        List<AccessRequestView.Step> steps = steps(requestId);
        String me = caller.workerId();
        boolean visible = caller.reader() || me != null && (me.equals(request.beneficiaryId)
                || me.equals(request.requestedBy) || me.equals(request.approverId)
                || request.approverGroup != null && caller.groups().contains(request.approverGroup)
                || steps.stream().anyMatch(s -> me.equals(s.actor()))
                || people.manages(me, request.beneficiaryId));
        if (!visible) {
            throw ProblemException.notFound(RequestProblems.NO_REQUEST);
        }
        return AccessRequestView.of(request, steps);
    }

    private List<AccessRequestView.Step> steps(UUID requestId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT seq, at, action, stage, actor, actor_name, approver, comment FROM access_request_step
                        WHERE request_id = ?1 ORDER BY seq""")
                .setParameter(1, requestId).getResultList();
        return rows.stream().map(row -> new AccessRequestView.Step(((Number) row[0]).intValue(), instant(row[1]),
                (String) row[2], ((Number) row[3]).intValue(), (String) row[4], (String) row[5], (String) row[6],
                (String) row[7])).toList();
    }

    private static String[] groups(Caller caller) {
        return caller.groups().toArray(String[]::new);
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
