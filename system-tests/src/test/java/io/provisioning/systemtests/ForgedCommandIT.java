package io.provisioning.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.provisioning.contracts.Topics;
import io.provisioning.stack.StackKafka;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The broker lets only policy-service write commands, and connector-service put its own targets'
 * back (a retried dead letter, a reconciliation's repair); KafkaAccessIT proves the others are refused.
 * Should its credential leak, a forged command still cannot widen what the connector changes: the
 * groups it may touch come from the target's configuration, so a command that puts a worker's
 * account into the directory's Domain Admins is dead-lettered and the directory stays as it was.
 */
class ForgedCommandIT {

    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private static final String DOMAIN_ADMINS = "cn=Domain Admins,ou=groups,dc=example,dc=com";

    @Test
    void aCommandPuttingAnAccountIntoAGroupNotHandedToTheProductIsDeadLetteredAndTheDirectoryIsUnchanged()
            throws Exception {
        String workerId = "FC-" + UUID.randomUUID().toString().substring(0, 8);
        hire(workerId);
        SearchResultEntry hired = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> entry(workerId), e -> e != null && e.hasAttributeValue("memberOf",
                        "cn=engineering,ou=groups,dc=example,dc=com"));
        String uid = hired.getAttributeValue("uid");
        try (LDAPConnection ldap = admin()) {
            if (ldap.getEntry(DOMAIN_ADMINS) == null) {
                ldap.add(new Entry("dn: " + DOMAIN_ADMINS, "objectClass: groupOfNames", "cn: Domain Admins",
                        "member: cn=admin,dc=example,dc=com"));
            }
        }
        String commandId = UUID.randomUUID().toString();
        String forged = """
                {"commandId":"%s","correlationId":"forged","workerId":"%s","targetId":"corp-ldap","accountId":"%s",
                 "sequence":1000000,"state":"PRESENT","attributes":{"cn":["%s"],"sn":["x"]},
                 "groups":["all-staff","engineering","Domain Admins"],
                 "managedGroups":["all-staff","engineering","Domain Admins"],"grants":{},"policyVersion":1,
                 "reason":"MOVER","issuedAt":"%s"}""".formatted(commandId, workerId, uid,
                hired.getAttributeValue("cn"), Instant.now());
        Map<String, Object> policyServiceCredential = new HashMap<>(StackKafka.client("policy-service"));
        policyServiceCredential.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(policyServiceCredential,
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.commands("corp-ldap"), workerId, forged)).get();
        }

        JsonPath letter = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(
                () -> given().auth().oauth2(Stack.token("ops-console")).queryParam("targetId", "corp-ldap")
                        .queryParam("status", "ALL").queryParam("limit", 500)
                        .get(Stack.CONNECTOR + "/api/v1/dead-letters").then().statusCode(200).extract().jsonPath(),
                page -> page.getList("items.commandId").contains(commandId));
        String path = "items.find { it.commandId == '" + commandId + "' }";
        assertThat(letter.getString(path + ".errorCode")).isEqualTo("GROUP_NOT_MANAGED");
        assertThat(letter.getString(path + ".error")).contains("'Domain Admins'");
        try (LDAPConnection ldap = admin()) {
            assertThat(ldap.getEntry(DOMAIN_ADMINS).getAttributeValues("member"))
                    .doesNotContain("uid=" + uid + "," + PEOPLE);
        }
        assertThat(entry(workerId).getAttributeValues("memberOf")).containsExactlyInAnyOrder(
                "cn=all-staff,ou=groups,dc=example,dc=com", "cn=engineering,ou=groups,dc=example,dc=com");
    }

    private static void hire(String workerId) {
        String id = UUID.randomUUID().toString();
        String event = """
                {"specversion":"1.0","id":"%s","source":"urn:hris:system-test","type":"hr.worker.hired","subject":"%s",
                 "time":"%s","datacontenttype":"application/json","data":{"workerId":"%s","givenName":"Mallory",
                 "familyName":"Forger","workerType":"EMPLOYEE","department":"Engineering","startDate":"%s"}}"""
                .formatted(id, workerId, Instant.now(), workerId, LocalDate.now(ZoneOffset.UTC).minusDays(1));
        given().auth().oauth2(Stack.token("hris-publisher")).contentType("application/cloudevents+json")
                .body(event.getBytes(StandardCharsets.UTF_8)).post(Stack.INGEST + "/api/v1/hr-events")
                .then().statusCode(202).body("accepted", contains(id));
    }

    private static LDAPConnection admin() throws Exception {
        return new LDAPConnection(Stack.LDAP_HOST, Stack.LDAP_PORT, "cn=admin,dc=example,dc=com", "admin");
    }

    private static SearchResultEntry entry(String workerId) throws Exception {
        try (LDAPConnection ldap = admin()) {
            List<SearchResultEntry> found = ldap.search(PEOPLE, SearchScope.ONE,
                    Filter.createEqualityFilter("employeeNumber", workerId), "*", "memberOf").getSearchEntries();
            return found.isEmpty() ? null : found.get(0);
        }
    }
}
