package io.provisioning.policy.lifecycle;

import io.provisioning.policy.model.LifecycleSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Turns HR dates into instants in the worker's time zone. Conventions: a start date, leave date
 * or termination effective date is the first day of the new state (it begins at 00:00 local); an
 * end date is the last day of a contract (access ends at the following 00:00 local).
 */
public final class EffectiveDates {

    private final ZoneId zone;
    private final LifecycleSettings settings;

    public EffectiveDates(LifecycleSettings settings, String location) {
        this.settings = settings;
        this.zone = settings.zoneOf(location);
    }

    /** 00:00 local on that date: when a start, leave or termination takes effect. */
    public Instant startOf(LocalDate date) {
        return date.atStartOfDay(zone).toInstant();
    }

    /** 00:00 local after that date: when a contract that ends on it loses access. */
    public Instant endOf(LocalDate lastDay) {
        return lastDay.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** When the accounts of a worker who left at that instant are deleted. */
    public Instant deletionAfter(Instant termination) {
        return termination.plus(Duration.ofDays(settings.deleteAfterDays()));
    }

    /** When a worker whose sponsor left at that instant loses access, unless HR names another sponsor. */
    public Instant sponsorlessAfter(Instant left) {
        return left.plus(Duration.ofDays(settings.sponsorLeftDays()));
    }

    /** When the end of a contract is announced. */
    public Instant noticeBefore(Instant end) {
        return end.minus(Duration.ofDays(settings.noticeDays()));
    }
}
