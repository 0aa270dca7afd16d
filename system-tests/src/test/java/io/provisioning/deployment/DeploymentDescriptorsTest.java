package io.provisioning.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioning.contracts.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, the Dockerfiles and the Kubernetes manifests cannot be run here (no
 * container engine), so what can be checked is checked: every configuration key they set exists
 * in the service's configuration, ports and health paths agree with the services, and the topics
 * are the contract's.
 */
class DeploymentDescriptorsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** A configuration expression's key: {@code ${name}} or {@code ${name:default}}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([a-z0-9.-]+)[:}]");
    private static final Map<String, Integer> SERVICES = Map.of(
            "hr-ingest-service", 8081, "policy-service", 8082, "connector-service", 8083, "audit-service", 8084,
            "ops-console", 8085);
    /** The console reads the four services' APIs and no topic: it has no Kafka principal nor Kafka settings. */
    private static final Set<String> KAFKA_CLIENTS = Set.of(
            "hr-ingest-service", "policy-service", "connector-service", "audit-service");

    @Test
    void composeSetsOnlyConfigurationKeysTheServicesHaveOnTheirOwnPorts() throws IOException {
        Map<String, Object> services = map(compose().get("services"));
        for (var service : SERVICES.entrySet()) {
            Map<String, Object> definition = map(services.get(service.getKey()));
            Set<String> known = configurationEnvNames(service.getKey());
            for (String name : map(definition.get("environment")).keySet()) {
                assertThat(known).as(service.getKey() + " has no configuration key for " + name).contains(name);
            }
            assertThat(String.valueOf(definition.get("ports"))).isEqualTo("[" + service.getValue() + ":" + service.getValue() + "]");
            assertThat(httpPort(service.getKey())).isEqualTo(service.getValue());
            Map<String, Object> build = map(definition.get("build"));
            assertThat(ROOT.resolve(build.get("context").toString()).resolve(build.get("dockerfile").toString())).exists();
        }
    }

    @Test
    void everyDockerfileExposesItsServicesPortAndChecksReadiness() throws IOException {
        for (var service : SERVICES.entrySet()) {
            String dockerfile = Files.readString(ROOT.resolve(service.getKey()).resolve("src/main/docker/Dockerfile.jvm"));
            assertThat(dockerfile).contains("EXPOSE " + service.getValue())
                    .contains("http://127.0.0.1:" + service.getValue() + "/q/health/ready")
                    .contains("target/quarkus-app/");
        }
    }

    @Test
    void theTopicListIsTheContractsWithEveryConfiguredTargetsTopics() throws IOException {
        Set<String> listed = topicList();
        Set<String> expected = new TreeSet<>(List.of(Topics.HR_EVENTS, Topics.deadLetter(Topics.HR_EVENTS),
                Topics.HR_EVENTS_INBOUND, Topics.deadLetter(Topics.HR_EVENTS_INBOUND), Topics.POLICY_CHANGES,
                Topics.OUTCOMES, Topics.deadLetter(Topics.OUTCOMES), Topics.AUDIT_CHECKPOINTS));
        for (String target : configuredTargets()) {
            expected.add(Topics.commands(target));
            expected.add(Topics.deadLetter(Topics.commands(target)));
            expected.add(Topics.desired(target));
        }
        assertThat(listed).isEqualTo(expected);
        assertThat(map(map(compose().get("services")).get("kafka-topics")).get("volumes").toString())
                .contains("./deploy/kafka/topics.txt:/topics.txt");
    }

    @Test
    void kubernetesDeploymentsMatchTheServicesAndStrimziManagesEveryTopic() throws IOException {
        Set<String> commonKeys = new TreeSet<>();
        Set<String> topicNames = new TreeSet<>();
        List<Map<String, Object>> deployments = new ArrayList<>();
        for (Map<String, Object> resource : kubernetesResources()) {
            String kind = String.valueOf(resource.get("kind"));
            switch (kind) {
                case "ConfigMap" -> {
                    if (name(resource).equals("provisioning-common")) {
                        commonKeys.addAll(map(resource.get("data")).keySet());
                    }
                }
                case "KafkaTopic" -> topicNames.add(String.valueOf(map(resource.get("spec")).get("topicName")));
                case "Deployment" -> deployments.add(resource);
                default -> {
                }
            }
        }
        assertThat(topicNames).isEqualTo(topicList());
        assertThat(deployments).extracting(d -> map(d.get("metadata")).get("name"))
                .containsExactlyInAnyOrderElementsOf(SERVICES.keySet());
        for (Map<String, Object> deployment : deployments) {
            String service = String.valueOf(map(deployment.get("metadata")).get("name"));
            Set<String> known = configurationEnvNames(service);
            Set<String> knownOrKafkaTls = new TreeSet<>(known);
            // kafka.ssl.* is handed to the Kafka clients as it is (TLS settings of the broker's listener)
            commonKeys.stream().filter(key -> key.startsWith("KAFKA_SSL_")).forEach(knownOrKafkaTls::add);
            if (KAFKA_CLIENTS.contains(service)) {
                assertThat(knownOrKafkaTls).as(service + " has no key for the common ConfigMap").containsAll(commonKeys);
            }
            Map<String, Object> container = map(((List<?>) map(map(map(deployment.get("spec")).get("template"))
                    .get("spec")).get("containers")).get(0));
            assertThat(container.get("image")).isEqualTo("provisioning/" + service + ":latest");
            assertThat(map(((List<?>) container.get("ports")).get(0)).get("containerPort")).isEqualTo(SERVICES.get(service));
            assertThat(map(map(container.get("readinessProbe")).get("httpGet")).get("path")).isEqualTo("/q/health/ready");
            assertThat(map(map(container.get("livenessProbe")).get("httpGet")).get("path")).isEqualTo("/q/health/live");
            for (Object variable : (List<?>) container.get("env")) {
                String name = String.valueOf(map(variable).get("name"));
                assertThat(known).as(service + " has no configuration key for " + name).contains(name);
            }
        }
    }

    @Test
    void everyServiceSignsInToKafkaAsItsOwnPrincipalWithTheStacksAcls() throws IOException {
        Map<String, Object> services = map(compose().get("services"));
        for (String service : KAFKA_CLIENTS) {
            assertThat(map(map(services.get(service)).get("environment"))).as(service + " in compose")
                    .containsKey("PROVISIONING_KAFKA_PASSWORD");
        }
        assertThat(map(services.get("kafka-topics")).get("volumes").toString())
                .contains("./deploy/kafka/acls.txt:/acls.txt");

        Set<String> granted = new TreeSet<>();
        Map<String, String> kafkaPasswordSecret = new java.util.HashMap<>();
        for (Map<String, Object> resource : kubernetesResources()) {
            String kind = String.valueOf(resource.get("kind"));
            String name = name(resource);
            if (kind.equals("KafkaUser")) {
                Map<String, Object> spec = map(resource.get("spec"));
                assertThat(map(spec.get("authentication")).get("type")).isEqualTo("scram-sha-512");
                for (Object acl : (List<?>) map(spec.get("authorization")).get("acls")) {
                    Map<String, Object> pattern = map(map(acl).get("resource"));
                    for (Object operation : (List<?>) map(acl).get("operations")) {
                        granted.add(String.join(" ", name, operation.toString().toUpperCase(),
                                pattern.get("type").toString().toUpperCase(),
                                pattern.get("patternType").equals("prefix") ? "PREFIXED" : "LITERAL",
                                pattern.get("name").toString()));
                    }
                }
            } else if (kind.equals("Kafka")) {
                Map<String, Object> kafka = map(map(resource.get("spec")).get("kafka"));
                assertThat(map(kafka.get("authorization")).get("type")).isEqualTo("simple");
                for (Object listener : (List<?>) kafka.get("listeners")) {
                    assertThat(map(listener).get("tls")).isEqualTo(true);
                    assertThat(map(map(listener).get("authentication")).get("type")).isEqualTo("scram-sha-512");
                }
            } else if (kind.equals("Deployment")) {
                Map<String, Object> container = map(((List<?>) map(map(map(resource.get("spec")).get("template"))
                        .get("spec")).get("containers")).get(0));
                for (Object variable : (List<?>) container.get("env")) {
                    if (map(variable).get("name").equals("PROVISIONING_KAFKA_PASSWORD")) {
                        kafkaPasswordSecret.put(name, String.valueOf(
                                map(map(map(variable).get("valueFrom")).get("secretKeyRef")).get("name")));
                    }
                }
            }
        }
        assertThat(granted).as("the KafkaUsers' ACLs are deploy/kafka/acls.txt's").isEqualTo(stackAcls());
        assertThat(kafkaPasswordSecret).as("the console has no Kafka password").doesNotContainKey("ops-console");
        for (String service : KAFKA_CLIENTS) {
            assertThat(kafkaPasswordSecret).as(service + "'s Kafka password is its KafkaUser's").containsEntry(service, service);
        }
    }

    /** Every resource of the kustomize base, from all its YAML files. */
    private static List<Map<String, Object>> kubernetesResources() throws IOException {
        List<Map<String, Object>> resources = new ArrayList<>();
        try (var files = Files.list(ROOT.resolve("deploy/k8s/base"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    if (document != null) {
                        resources.add(map(document));
                    }
                }
            }
        }
        return resources;
    }

    private static String name(Map<String, Object> resource) {
        return resource.get("metadata") instanceof Map<?, ?> metadata ? String.valueOf(metadata.get("name")) : "";
    }

    /** deploy/kafka/acls.txt, one "principal operation resource pattern name" a grant, {target} expanded. */
    private static Set<String> stackAcls() throws IOException {
        Set<String> grants = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve("deploy/kafka/acls.txt"))) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            assertThat(fields).hasSize(5);
            for (String target : fields[4].contains("{target}") ? configuredTargets() : Set.of("")) {
                grants.add(String.join(" ", fields[0], fields[1], fields[2], fields[3], fields[4].replace("{target}", target)));
            }
        }
        return grants;
    }

    /**
     * The environment variable names of every key of a service's application.properties, profiles
     * stripped, and of the defaults every service shares (service-common), with the keys their values
     * refer to (a password without a default, such as {@code ${provisioning.kafka.password}}).
     */
    private static Set<String> configurationEnvNames(String service) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        try (Reader reader = Files.newBufferedReader(
                ROOT.resolve("service-common/src/main/resources/META-INF/microprofile-config.properties"))) {
            properties.load(reader);
        }
        Set<String> names = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            String plain = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            names.add(plain.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
            Matcher reference = REFERENCE.matcher(properties.getProperty(key));
            while (reference.find()) {
                names.add(reference.group(1).toUpperCase().replaceAll("[^A-Z0-9]", "_"));
            }
        }
        return names;
    }

    private static int httpPort(String service) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return Integer.parseInt(properties.getProperty("quarkus.http.port"));
    }

    private static Set<String> configuredTargets() throws IOException {
        Set<String> targets = new TreeSet<>();
        Matcher type = Pattern.compile("(?m)^provisioning\\.targets\\.([a-z0-9-]+)\\.type=")
                .matcher(Files.readString(ROOT.resolve("connector-service/src/main/resources/application.properties")));
        while (type.find()) {
            targets.add(type.group(1));
        }
        assertThat(targets).isNotEmpty();
        return targets;
    }

    private static Set<String> topicList() throws IOException {
        Set<String> topics = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve("deploy/kafka/topics.txt"))) {
            if (!line.isBlank()) {
                topics.add(line.trim());
            }
        }
        return topics;
    }

    private static Map<String, Object> compose() throws IOException {
        return map(new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml"))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
