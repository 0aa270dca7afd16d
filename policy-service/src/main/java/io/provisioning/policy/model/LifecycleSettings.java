package io.provisioning.policy.model;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * @param deleteAfterDays days between a leaver's termination instant and the deletion of their accounts
 * @param noticeDays      days before a contractor's end date that {@code worker.access-expiring} is announced
 * @param timeZones       worker location to time zone; dates of workers elsewhere are read in UTC
 */
public record LifecycleSettings(int deleteAfterDays, int noticeDays, Map<String, String> timeZones) {

    public static final LifecycleSettings DEFAULTS = new LifecycleSettings(30, 7, Map.of());

    public LifecycleSettings {
        timeZones = timeZones == null ? Map.of() : Map.copyOf(timeZones);
    }

    /** The zone in which a worker's dates are read. */
    public ZoneId zoneOf(String location) {
        String zone = location == null ? null : timeZones.get(location);
        return zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
    }
}
