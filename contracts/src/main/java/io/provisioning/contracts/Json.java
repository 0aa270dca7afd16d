package io.provisioning.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The Jackson settings every producer and consumer of the contracts agrees on. */
public final class Json {

    private Json() {
    }

    /**
     * Applies the contract settings to a mapper: ISO-8601 dates, absent optional fields omitted,
     * unknown fields ignored (publishers may send more than we know).
     *
     * @return the same mapper, for chaining
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** A new mapper with the contract settings. */
    public static ObjectMapper mapper() {
        return configure(new ObjectMapper());
    }
}
