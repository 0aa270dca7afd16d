import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the local stack's topics when they are missing, then prints each
 * topic with its partition count. Safe to run any number of times.
 *
 * Usage: java -cp 'LIBS/*' EnsureTopics.java ADMIN_CLIENT_PROPERTIES PARTITIONS TOPIC...
 *
 * The broker runs with auto.create.topics.enable=false, so the topics must
 * exist before the services start; one JVM for all topics keeps `up` fast.
 */
public class EnsureTopics {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: EnsureTopics ADMIN_CLIENT_PROPERTIES PARTITIONS TOPIC...");
            System.exit(2);
        }
        int partitions = Integer.parseInt(args[1]);
        List<String> wanted = List.of(args).subList(2, args.length);

        // the bootstrap servers and the super user's credentials
        Properties props = new Properties();
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(args[0]))) {
            props.load(in);
        }
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "stack-ensure-topics");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);

        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : wanted) {
                if (!existing.contains(topic)) {
                    NewTopic created = new NewTopic(topic, partitions, (short) 1);
                    if (topic.startsWith("provisioning.desired.") || topic.equals("audit.checkpoints")) {
                        // the newest desired state per worker is all reconciliation needs; the
                        // newest signed checkpoint is what the audit trail is held against
                        created.configs(java.util.Map.of("cleanup.policy", "compact"));
                    }
                    missing.add(created);
                }
            }
            if (!missing.isEmpty()) {
                var results = admin.createTopics(missing).values();
                for (var entry : results.entrySet()) {
                    try {
                        entry.getValue().get(60, TimeUnit.SECONDS);
                        System.out.println("created topic " + entry.getKey());
                    } catch (ExecutionException e) {
                        // Another `up` may have created it in the meantime: that is fine.
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
            Map<String, TopicDescription> described =
                    admin.describeTopics(wanted).allTopicNames().get(60, TimeUnit.SECONDS);
            for (var entry : new TreeMap<>(described).entrySet()) {
                int count = entry.getValue().partitions().size();
                String note = count < partitions ? "  (fewer than " + partitions + ")" : "";
                System.out.println("topic " + entry.getKey() + " partitions=" + count + note);
            }
        }
    }
}
