package io.provisioning.console.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorMetricsTest {

    private static String page(long applied, long failed, long under50ms, long under1s, long total) {
        return """
                # HELP provisioning_connector_outcomes_total Outcomes published, by target and status
                # TYPE provisioning_connector_outcomes_total counter
                provisioning_connector_outcomes_total{status="APPLIED",target="corp-ldap"} %d.0
                provisioning_connector_outcomes_total{status="NOOP",target="corp-ldap"} 1.0
                provisioning_connector_outcomes_total{status="FAILED",target="corp-ldap"} %d.0
                provisioning_connector_outcomes_total{status="RETRYING",target="corp-ldap"} 7.0
                provisioning_end_to_end_latency_seconds_bucket{target="corp-ldap",le="0.05"} %d
                provisioning_end_to_end_latency_seconds_bucket{target="corp-ldap",le="1.0"} %d
                provisioning_end_to_end_latency_seconds_bucket{target="corp-ldap",le="+Inf"} %d
                jvm_threads_live_threads 42.0
                """.formatted(applied, failed, under50ms, under1s, total);
    }

    @Test
    void outcomesAreCountedAsSucceededOrFailedAndRetriesAreNotAnEnd() {
        TargetSample sample = ConnectorMetrics.read(page(10, 2, 5, 9, 10)).get("corp-ldap");

        assertThat(sample.succeeded()).isEqualTo(11);
        assertThat(sample.failed()).isEqualTo(2);
        assertThat(sample.quantileMillis(0.5)).isEqualTo(50);
        assertThat(sample.quantileMillis(0.99)).isEqualTo(1000);
    }

    @Test
    void theFiguresAreThoseOfTheWindowNotSinceTheServiceStarted() {
        MetricsSampler sampler = new MetricsSampler();
        sampler.window = Duration.ofHours(1);
        Instant start = Instant.parse("2026-12-07T10:00:00Z");
        sampler.record(start, ConnectorMetrics.read(page(100, 5, 100, 105, 105)));
        sampler.record(start.plusSeconds(5), ConnectorMetrics.read(page(110, 5, 100, 115, 115)));

        MetricsSampler.TargetFigures figures = sampler.figures().get("corp-ldap");
        assertThat(figures.succeeded()).isEqualTo(10);
        assertThat(figures.failed()).isZero();
        // the ten latencies of the window were all between 50 ms and 1 s
        assertThat(figures.p50Millis()).isEqualTo(1000);
        assertThat(figures.lastSuccess()).isEqualTo(start.plusSeconds(5));
        MetricsSampler.Series series = sampler.series();
        assertThat(series.throughput()).containsExactly(2.0);
        assertThat(series.p99Millis()).containsExactly(1000L);
    }

    @Test
    void aRestartOfConnectorServiceCountsFromZeroInsteadOfGoingNegative() {
        MetricsSampler sampler = new MetricsSampler();
        sampler.window = Duration.ofHours(1);
        Instant start = Instant.parse("2026-12-07T10:00:00Z");
        sampler.record(start, ConnectorMetrics.read(page(100, 5, 100, 105, 105)));
        sampler.record(start.plusSeconds(5), ConnectorMetrics.read(page(3, 0, 3, 3, 3)));

        assertThat(sampler.figures().get("corp-ldap").succeeded()).isEqualTo(4);
    }

    @Test
    void samplesOlderThanTheWindowAreDropped() {
        MetricsSampler sampler = new MetricsSampler();
        sampler.window = Duration.ofMinutes(1);
        Instant start = Instant.parse("2026-12-07T10:00:00Z");
        sampler.record(start, ConnectorMetrics.read(page(100, 0, 0, 0, 0)));
        sampler.record(start.plusSeconds(90), ConnectorMetrics.read(page(150, 0, 0, 0, 0)));
        sampler.record(start.plusSeconds(95), ConnectorMetrics.read(page(160, 0, 0, 0, 0)));

        assertThat(sampler.figures().get("corp-ldap").succeeded()).isEqualTo(10);
        assertThat(Map.copyOf(sampler.figures())).hasSize(1);
    }
}
