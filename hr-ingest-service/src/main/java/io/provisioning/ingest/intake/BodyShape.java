package io.provisioning.ingest.intake;

import java.util.Locale;

/** What a request's media type promises about its body: one CloudEvent, a batch, or either. */
public enum BodyShape {
    SINGLE, BATCH, EITHER;

    public static final String CLOUDEVENT = "application/cloudevents+json";
    public static final String CLOUDEVENT_BATCH = "application/cloudevents-batch+json";

    public static BodyShape of(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith(CLOUDEVENT_BATCH)) {
            return BATCH;
        }
        return type.startsWith(CLOUDEVENT) ? SINGLE : EITHER;
    }
}
