package io.provisioning.ingest.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublisherTest {

    @Test
    void anExactGrantMatchesOnlyThatSourceAndAStarGrantsAPrefix() {
        Publisher publisher = new Publisher("hris", List.of("urn:hris:workday", "urn:hr-snapshot:*"));

        assertThat(publisher.mayPublish("urn:hris:workday")).isTrue();
        assertThat(publisher.mayPublish("urn:hris:workday2")).isFalse();
        assertThat(publisher.mayPublish("urn:hris:contractors")).isFalse();
        assertThat(publisher.mayPublish("urn:hr-snapshot:anything")).isTrue();
        assertThat(new Publisher("none", List.of()).mayPublish("urn:hris:workday")).isFalse();
    }

    @Test
    void grantsBecomeLikePatternsWithTheirWildcardCharactersEscaped() {
        Publisher publisher = new Publisher("hris", List.of("urn:hris:a_b%c", "urn:hr-snapshot:x_*", "back\\slash"));

        assertThat(publisher.likePatterns()).containsExactly("urn:hris:a\\_b\\%c", "urn:hr-snapshot:x\\_%",
                "back\\\\slash");
    }

    @Test
    void aClientMayHoldSeveralGrantsAndAMalformedOneStopsTheStart() {
        Map<String, List<String>> grants = PublisherSources.parse(List.of("workday=urn:hris:workday",
                " workday = urn:hr-snapshot:workday ", "contractors=urn:hris:contractors"));

        assertThat(grants).containsEntry("workday", List.of("urn:hris:workday", "urn:hr-snapshot:workday"))
                .containsEntry("contractors", List.of("urn:hris:contractors"));
        assertThatThrownBy(() -> PublisherSources.parse(List.of("workday")))
                .hasMessageContaining("'workday' is not <client>=<source>");
        assertThatThrownBy(() -> PublisherSources.parse(List.of("=urn:hris:x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
