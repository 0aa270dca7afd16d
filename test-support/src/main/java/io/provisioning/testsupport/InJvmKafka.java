package io.provisioning.testsupport;

import io.provisioning.contracts.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real Kafka 4 broker (KRaft, combined broker and controller) inside the test JVM, shared by
 * every test class of the JVM; it ends with the JVM. Topics are created explicitly, as in
 * production; broker auto-creation is off.
 */
public final class InJvmKafka {

    /** Partitions per topic: more than one so that per-key ordering is really exercised. */
    public static final int PARTITIONS = 3;

    private static KafkaClusterTestKit cluster;

    private InJvmKafka() {
    }

    /**
     * Starts the broker if it does not run yet.
     *
     * @return the bootstrap servers, never null
     * @throws IllegalStateException if the broker cannot start
     */
    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            // No graceful stop: a controlled broker shutdown can outlast the test JVM's exit
            // timeout; the broker's threads end with the JVM and its files live under target/.
            cluster = start();
        }
        return cluster.bootstrapServers();
    }

    /**
     * Creates topics that do not exist yet, with {@link #PARTITIONS} partitions.
     *
     * @throws IllegalStateException if the broker refuses
     */
    public static void createTopics(Set<String> names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String name : names) {
                if (!existing.contains(name)) {
                    NewTopic topic = new NewTopic(name, PARTITIONS, (short) 1);
                    if (name.startsWith(Topics.DESIRED_PREFIX) || name.equals(Topics.AUDIT_CHECKPOINTS)) {
                        topic.configs(Map.of("cleanup.policy", "compact"));
                    }
                    missing.add(topic);
                }
            }
            admin.createTopics(missing).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + names, e);
        }
    }

    /** The topics of the contract, with the command and dead-letter topics of the given targets. */
    public static Set<String> contractTopics(String... targetIds) {
        Set<String> topics = new java.util.TreeSet<>(Set.of(Topics.HR_EVENTS, Topics.OUTCOMES, Topics.POLICY_CHANGES,
                Topics.deadLetter(Topics.HR_EVENTS), Topics.deadLetter(Topics.OUTCOMES), Topics.HR_EVENTS_INBOUND,
                Topics.deadLetter(Topics.HR_EVENTS_INBOUND), Topics.AUDIT_CHECKPOINTS));
        for (String target : targetIds) {
            topics.add(Topics.commands(target));
            topics.add(Topics.deadLetter(Topics.commands(target)));
            topics.add(Topics.desired(target));
        }
        return topics;
    }

    private static KafkaClusterTestKit start() {
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(java.nio.file.Files.createTempDirectory(
                            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target")), "kafka-"))
                    .build())
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("num.partitions", String.valueOf(PARTITIONS))
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return kit;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-JVM Kafka broker", e);
        }
    }


}
