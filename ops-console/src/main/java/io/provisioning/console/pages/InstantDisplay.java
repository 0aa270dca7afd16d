package io.provisioning.console.pages;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Instants as people read them on the pages: to the second, in UTC, said so ({@code <time>} keeps the exact one). */
@TemplateExtension
public final class InstantDisplay {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private InstantDisplay() {
    }

    static String display(Instant instant) {
        return instant == null ? "" : UTC.format(instant);
    }
}
