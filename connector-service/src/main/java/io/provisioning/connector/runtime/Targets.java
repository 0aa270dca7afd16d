package io.provisioning.connector.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.common.health.SchemaReady;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorFactory;
import io.provisioning.connector.spi.TargetConfiguration;
import io.provisioning.connector.store.CommandLog;
import io.provisioning.contracts.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The configured targets ({@code provisioning.targets.<id>.type} and the keys beside it): creates
 * each one's connector through the {@link ConnectorFactory} of its type at start-up, starts one
 * {@link TargetWorker} per target once the schema is ready, and closes everything at shutdown.
 */
@ApplicationScoped
public class Targets {

    private static final Logger LOG = Logger.getLogger(Targets.class);
    private static final String PREFIX = TargetProperties.PREFIX;
    static final String PRODUCER_STOPPED = "the outcome producer stopped: no command is settled until the service restarts";

    @Inject
    Config config;

    @Inject
    CommandLog log;

    @Inject
    RecordPublisher publisher;

    @Inject
    WorkerMetrics metrics;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    @Inject
    jakarta.enterprise.event.Event<TargetsReady> ready;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final Map<String, TargetWorker> workers = new LinkedHashMap<>();
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, TargetConfiguration> configurations = new LinkedHashMap<>();
    private final List<ExecutorService> pools = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private boolean schemaReady;
    private boolean configured;
    private volatile boolean started;

    void onStart(@Observes StartupEvent event) {
        synchronized (threads) {
            configure();
            configured = true;
            startWorkersOnceReady();
        }
    }

    private void configure() {
        Map<String, ConnectorFactory> factories = new TreeMap<>();
        ServiceLoader.load(ConnectorFactory.class, Targets.class.getClassLoader())
                .forEach(factory -> factories.put(factory.type(), factory));
        for (TargetConfiguration target : configured()) {
            ConnectorFactory factory = factories.get(target.type());
            if (factory == null) {
                throw new IllegalArgumentException(PREFIX + target.targetId() + ".type=" + target.type()
                        + " is not a known connector type; known: " + factories.keySet());
            }
            Topics.commands(target.targetId()); // rejects ids that cannot name a topic
            WorkerSettings settings = WorkerSettings.from(target);
            if (settings.managedGroups().none()) {
                LOG.warnf("target %s: no group is handed over to the product (%s%s.%s is not set): a command that"
                        + " names a group is dead-lettered", target.targetId(), PREFIX, target.targetId(),
                        ManagedGroups.KEY);
            }
            Connector connector = factory.create(target);
            ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency(), runnable -> {
                Thread thread = new Thread(runnable, "connector-" + target.targetId());
                thread.setDaemon(true);
                return thread;
            });
            pools.add(pool);
            TargetWorker worker = new TargetWorker(target.targetId(), connector, settings, pool, log, publisher,
                    metrics, clock, bootstrapServers);
            workers.put(target.targetId(), worker);
            types.put(target.targetId(), target.type());
            configurations.put(target.targetId(), target);
            Gauge.builder("provisioning.connector.backlog", worker, TargetWorker::backlog)
                    .description("Commands waiting in the target's topic").tag("target", target.targetId())
                    .register(registry);
            Gauge.builder("provisioning.connector.circuit.open", worker,
                    w -> w.circuitState() == CircuitBreaker.State.CLOSED ? 0 : 1)
                    .description("1 while the target's circuit is open or half-open").tag("target", target.targetId())
                    .register(registry);
            LOG.infof("target %s: %s connector, %d thread(s), batches of up to %d commands gathered for up to %d ms,"
                    + " up to %d attempts", target.targetId(), target.type(), settings.concurrency(), settings.batchSize(),
                    settings.batchWait().toMillis(), settings.maxAttempts());
        }
    }

    void onSchemaReady(@ObservesAsync SchemaReady ready) {
        synchronized (threads) {
            schemaReady = true;
            startWorkersOnceReady();
        }
    }

    /** The schema may be ready before or after the connectors are built: whichever comes second starts the workers. */
    private void startWorkersOnceReady() {
        if (!schemaReady || !configured || !threads.isEmpty()) {
            return;
        }
        workers.values().forEach(worker -> {
            Thread thread = new Thread(worker, "worker-" + worker.targetId());
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        });
        started = true;
        ready.fireAsync(new TargetsReady());
    }

    /** Each target's health, probed once its worker runs: a target that stops answering shows within one period. */
    @Scheduled(every = "${provisioning.connector.health-interval:PT15S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probeTargets() {
        if (started) {
            workers.values().forEach(TargetWorker::probe);
        }
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        started = false;
        workers.values().forEach(TargetWorker::stop);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        pools.forEach(ExecutorService::shutdownNow);
        for (ExecutorService pool : pools) {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        workers.values().forEach(worker -> worker.connector().close());
    }

    /** Every configured target's worker, in id order. */
    public List<TargetStatus> statuses() {
        boolean publishing = publisher.running();
        return workers.values().stream().map(worker -> new TargetStatus(worker.targetId(),
                types.get(worker.targetId()), publishing ? worker.health() : "DOWN", worker.circuitState().name(),
                worker.backlog(), publishing ? worker.lastError().orElse(null) : PRODUCER_STOPPED,
                worker.concurrency(), worker.managedGroups())).toList();
    }

    /** The targets whose worker ended although it was meant to run. */
    public List<String> deadWorkers() {
        return workers.values().stream().filter(TargetWorker::died).map(TargetWorker::targetId).toList();
    }

    public boolean isConfigured(String targetId) {
        return workers.containsKey(targetId);
    }

    /** The configuration of a configured target. */
    public java.util.Optional<TargetConfiguration> configuration(String targetId) {
        return java.util.Optional.ofNullable(configurations.get(targetId));
    }

    /** The attribute in which a configured target keeps the worker id; null if it keeps none or is not configured. */
    public String correlationAttribute(String targetId) {
        TargetWorker worker = workers.get(targetId);
        return worker == null ? null : worker.correlationAttribute();
    }

    /** The connector of a configured target. */
    public java.util.Optional<Connector> connector(String targetId) {
        return java.util.Optional.ofNullable(workers.get(targetId)).map(TargetWorker::connector);
    }

    private List<TargetConfiguration> configured() {
        return TargetProperties.discover(config.getPropertyNames(), name -> config.getOptionalValue(name, String.class));
    }
}
