package io.provisioning.policy.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.hr.Worker;

/** A worker record as policy-service stores it: on an identity, in a scheduled update. */
public final class WorkerJson {

    private static final ObjectMapper MAPPER = Json.mapper();

    private WorkerJson() {
    }

    public static Worker read(String json) {
        try {
            return MAPPER.readValue(json, Worker.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored worker record is unreadable", e);
        }
    }

    public static String write(Worker worker) {
        try {
            return MAPPER.writeValueAsString(worker);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the worker record of " + worker.workerId(), e);
        }
    }
}
