package io.provisioning.policy.requests;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * The body of {@code POST /api/v1/access-requests}, as sent.
 *
 * @param beneficiary   the worker the access is for; the caller's own worker when absent
 * @param targetId      the target whose group is asked for
 * @param group         a group the policy makes requestable in that target
 * @param justification why it is needed, in the requester's words (shown to approvers and kept in the trail)
 * @param start         ISO-8601 instant the grant starts; now when absent
 * @param end           ISO-8601 instant the grant ends; or give {@code duration}
 * @param duration      ISO-8601 duration from the start (e.g. PT8H, P30D); or give {@code end}
 */
public record NewAccessRequest(@JsonAlias({"beneficiaryId", "workerId"}) String beneficiary,
                               @JsonAlias("target") String targetId, String group, String justification,
                               @JsonAlias("startsAt") String start, @JsonAlias("endsAt") String end,
                               String duration) {
}
