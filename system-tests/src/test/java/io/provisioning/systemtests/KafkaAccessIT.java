package io.provisioning.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioning.contracts.Topics;
import io.provisioning.stack.StackKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stack's broker serves only authenticated clients, and each service's principal only the
 * topics its work needs: nobody on the network can write a command, forge a fact for the audit
 * trail or read people's data, and a service's leaked credential opens only that service's topics.
 */
class KafkaAccessIT {

    private static final Duration REFUSAL_WAIT = Duration.ofSeconds(10);

    @Test
    void aClientWithoutCredentialsCanNeitherProduceNorConsume() {
        Map<String, Object> anonymous = new HashMap<>(Map.of("bootstrap.servers", StackKafka.bootstrapServers()));
        try (KafkaProducer<String, String> producer = producer(anonymous)) {
            // the broker closes the connection at the first request that is not part of a SASL handshake
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.commands("corp-ldap"), "W-1", "{}")).get())
                    .as("a command produced in plaintext, without credentials")
                    .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(TimeoutException.class));
        }
        try (KafkaConsumer<String, String> consumer = consumer(anonymous)) {
            assertThatThrownBy(() -> consumer.partitionsFor(Topics.HR_EVENTS, REFUSAL_WAIT))
                    .as("hr.events read in plaintext, without credentials")
                    .isInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void aKnownPrincipalWithAWrongPasswordIsRefusedAuthentication() {
        Map<String, Object> settings = StackKafka.client("policy-service");
        String jaas = (String) settings.get("sasl.jaas.config");
        settings.put("sasl.jaas.config", jaas.replaceAll("password=\"[^\"]*\"", "password=\"guessed\""));
        try (KafkaProducer<String, String> producer = producer(settings)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.commands("corp-ldap"), "W-1", "{}")).get())
                    .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(SaslAuthenticationException.class));
        }
    }

    @ParameterizedTest(name = "{0} may not write {1}")
    @CsvSource({
            // only policy-service writes commands (and connector-service puts its own targets' back)
            "hr-ingest-service, provisioning.commands.corp-ldap",
            "hris-publisher, provisioning.commands.corp-ldap",
            "audit-service, provisioning.commands.corp-ldap",
            // only hr-ingest-service writes validated events: an HRIS goes through its validation
            "hris-publisher, hr.events",
            "policy-service, hr.events",
            "connector-service, hr.events",
            // only connector-service reports what a target did
            "policy-service, provisioning.outcomes",
            "hris-publisher, provisioning.outcomes",
            // the audit trail's reader writes only its own checkpoints
            "audit-service, policy.changes",
            "audit-service, hr.events",
            // only audit-service signs checkpoints of its trail
            "policy-service, audit.checkpoints",
            "connector-service, audit.checkpoints",
            // the desired state that reconciliation enforces is policy-service's alone
            "connector-service, provisioning.desired.corp-ldap",
    })
    void aPrincipalCannotWriteATopicItHasNoBusinessWith(String principal, String topic) {
        try (KafkaProducer<String, String> producer = producer(StackKafka.client(principal))) {
            // refused for the topic, or, for a principal that may write nowhere, for the producer id
            // that every idempotent producer asks the cluster for first
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "W-" + UUID.randomUUID(), "{}")).get())
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfAny(TopicAuthorizationException.class, ClusterAuthorizationException.class);
        }
    }

    @ParameterizedTest(name = "{0} may not read {1}")
    @CsvSource({
            "hris-publisher, hr.events",
            "hris-publisher, provisioning.commands.corp-ldap",
            "connector-service, hr.events",
            "hr-ingest-service, provisioning.commands.corp-ldap",
            "policy-service, provisioning.commands.apps-scim.dlq",
    })
    void aPrincipalCannotReadATopicItHasNoBusinessWith(String principal, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(StackKafka.client(principal))) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            assertThatThrownBy(() -> consumer.poll(REFUSAL_WAIT)).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aPrincipalCannotJoinAnotherServicesConsumerGroup() {
        // connector-service may read the commands, but not as policy-service's group (which would
        // take partitions away from policy-service or move its committed offsets)
        Map<String, Object> settings = StackKafka.client("connector-service");
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "policy-service");
        try (KafkaConsumer<String, String> consumer = consumer(settings)) {
            consumer.subscribe(List.of(Topics.commands("corp-ldap")));
            assertThatThrownBy(() -> consumer.poll(REFUSAL_WAIT)).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    /** The refusals above come from the ACLs, not from credentials that do not work at all. */
    @Test
    void eachPrincipalIsAllowedWhatItsWorkNeeds() throws Exception {
        try (KafkaProducer<String, String> hris = producer(StackKafka.client("hris-publisher"))) {
            // not an event: hr-ingest-service dead-letters it, nobody's access changes
            RecordMetadata written = hris.send(new ProducerRecord<>(Topics.HR_EVENTS_INBOUND, "KA-" + UUID.randomUUID(),
                    "{\"probe\":\"kafka access test\"}")).get();
            assertThat(written.offset()).isGreaterThanOrEqualTo(0);
        }
        for (String[] allowed : new String[][] {
                {"policy-service", Topics.HR_EVENTS}, {"connector-service", Topics.commands("corp-ldap")},
                {"audit-service", Topics.commands("corp-ldap")}, {"audit-service", Topics.HR_EVENTS},
                {"hr-ingest-service", Topics.HR_EVENTS_INBOUND}}) {
            try (KafkaConsumer<String, String> consumer = consumer(StackKafka.client(allowed[0]))) {
                List<TopicPartition> partitions = List.of(new TopicPartition(allowed[1], 0));
                consumer.assign(partitions);
                assertThat(consumer.endOffsets(partitions, REFUSAL_WAIT)).as(allowed[0] + " reads " + allowed[1])
                        .containsKey(partitions.get(0));
            }
        }
    }

    private static Throwable rootCause(Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) REFUSAL_WAIT.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) REFUSAL_WAIT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REFUSAL_WAIT.toMillis() / 2);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REFUSAL_WAIT.toMillis());
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
