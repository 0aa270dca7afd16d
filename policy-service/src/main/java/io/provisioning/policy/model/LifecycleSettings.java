package io.provisioning.policy.model;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * @param deleteAfterDays days between a leaver's termination instant and the deletion of their accounts
 * @param noticeDays      days before a contractor's end date that {@code worker.access-expiring} is announced
 * @param timeZones       worker location to time zone; dates of workers elsewhere are read in UTC
 * @param sponsorLeftDays days a worker keeps access after their sponsor left, unless HR names another
 *                        sponsor (default 14)
 */
public record LifecycleSettings(int deleteAfterDays, int noticeDays, Map<String, String> timeZones,
                                Integer sponsorLeftDays) {

    public static final int DEFAULT_SPONSOR_LEFT_DAYS = 14;
    public static final LifecycleSettings DEFAULTS = new LifecycleSettings(30, 7, Map.of());

    public LifecycleSettings {
        timeZones = timeZones == null ? Map.of() : Map.copyOf(timeZones);
        sponsorLeftDays = sponsorLeftDays == null ? DEFAULT_SPONSOR_LEFT_DAYS : sponsorLeftDays;
    }

    public LifecycleSettings(int deleteAfterDays, int noticeDays, Map<String, String> timeZones) {
        this(deleteAfterDays, noticeDays, timeZones, null);
    }

    /** The zone in which a worker's dates are read. */
    public ZoneId zoneOf(String location) {
        String zone = location == null ? null : timeZones.get(location);
        return zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
    }
}
