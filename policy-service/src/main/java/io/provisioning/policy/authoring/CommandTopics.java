package io.provisioning.policy.authoring;

import io.provisioning.common.kafka.KafkaClientProperties;
import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.contracts.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which targets have their command topic. Topics are created explicitly, never by the broker, so a
 * policy naming a target whose topic does not exist yet would leave its commands waiting in the
 * outbox, and every message behind them: such a policy is refused before it is activated.
 */
@ApplicationScoped
public class CommandTopics {

    private static final long TIMEOUT_SECONDS = 10;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private Admin admin;

    /** The targets of the set that have no command topic. */
    public Set<String> missing(Set<String> targets) {
        Set<String> existing;
        try {
            existing = admin().listTopics(new ListTopicsOptions().timeoutMs((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS)))
                    .names().get(TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable();
        }
        Set<String> missing = new TreeSet<>();
        targets.forEach(target -> {
            if (!existing.contains(Topics.commands(target))) {
                missing.add(target);
            }
        });
        return missing;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> properties = new HashMap<>(KafkaClientProperties.common(bootstrapServers));
            properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "policy-service-topics");
            properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS) / 2);
            properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            admin = Admin.create(properties);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }

    private static ProblemException unavailable() {
        return new ProblemException(Problem.of("unavailable", "Service unavailable", 503,
                "The command topics of the policy's targets cannot be checked now; nothing was activated. Try again."));
    }
}
