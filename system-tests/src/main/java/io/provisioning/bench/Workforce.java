package io.provisioning.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Random;

/**
 * Synthetic, realistic workers: departments, titles, locations, 10 % contractors, and many
 * colliding names (a small pool of given and family names).
 */
final class Workforce {

    static final String[] GIVEN = {"John", "Maria", "Wei", "Aisha", "José", "Zoë", "Łukasz", "Anna",
            "Mohammed", "Olga", "Siobhán", "Kenji", "Fatima", "Lars", "Priya", "Noah"};
    static final String[] FAMILY = {"Smith", "García", "Wang", "Okafor", "Müller", "O'Brien", "Kowalski",
            "Nguyễn", "Johansson", "Sato", "Haddad", "Rossi", "Patel", "Novák", "Silva", "Lee"};
    private static final String[] DEPARTMENTS = {"Engineering", "Sales", "Finance", "Marketing", "Support",
            "Human Resources", "Legal", "Operations", "Facilities", "IT"};
    static final String[] TITLES = {"Analyst", "Engineer", "Manager", "Specialist", "Director",
            "Associate", "Consultant", "Coordinator"};
    static final String[] LOCATIONS = {"Berlin", "Dublin", "New York", "Singapore", "São Paulo", "Warsaw"};

    private final Random random;
    private final String prefix;

    Workforce(String prefix, long seed) {
        this.prefix = prefix;
        this.random = new Random(seed);
    }

    String workerId(int n) {
        return prefix + "-" + n;
    }

    /** One worker as a JSON object (the data of a hired event). */
    String workerJson(int n) {
        boolean contractor = n % 10 == 0;
        LocalDate start = LocalDate.of(2027, 1, 1).plusDays(n % 60);
        return "{\"workerId\":\"" + workerId(n) + "\",\"givenName\":\"" + pick(GIVEN) + "\",\"familyName\":\""
                + pick(FAMILY) + "\",\"workerType\":\"" + (contractor ? "CONTRACTOR" : "EMPLOYEE")
                + "\",\"department\":\"" + pick(DEPARTMENTS) + "\",\"jobTitle\":\"" + pick(TITLES)
                + "\",\"location\":\"" + pick(LOCATIONS) + "\",\"startDate\":\"" + start + "\""
                + (contractor ? ",\"endDate\":\"" + start.plusMonths(6) + "\"" : "") + "}";
    }

    String hiredEvent(int n, String eventId) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"urn:hris:bench\","
                + "\"type\":\"hr.worker.hired\",\"subject\":\"" + workerId(n) + "\",\"time\":\"" + Instant.now()
                + "\",\"datacontenttype\":\"application/json\",\"data\":" + workerJson(n) + "}";
    }

    /** The CSV header and one row per worker. */
    static final String CSV_HEADER = "workerId,givenName,familyName,workerType,department,jobTitle,location,startDate,endDate";

    String csvRow(int n) {
        boolean contractor = n % 10 == 0;
        LocalDate start = LocalDate.of(2027, 1, 1).plusDays(n % 60);
        return workerId(n) + "," + pick(GIVEN) + "," + pick(FAMILY) + "," + (contractor ? "CONTRACTOR" : "EMPLOYEE")
                + "," + pick(DEPARTMENTS) + "," + pick(TITLES) + "," + pick(LOCATIONS) + "," + start + ","
                + (contractor ? start.plusMonths(6).toString() : "");
    }

    /**
     * One worker as a SCIM User in the shape Entra's inbound uploads send (core, enterprise and our
     * HR extension), started in the past so that their accounts are enabled at once.
     */
    String scimUser(int n) {
        boolean contractor = n % 10 == 0;
        LocalDate start = LocalDate.of(2026, 1, 1).plusDays(n % 60);
        String id = workerId(n);
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\","
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\","
                + "\"urn:ietf:params:scim:schemas:extension:provisioning:2.0:Worker\"],"
                + "\"externalId\":\"" + id + "\",\"userName\":\"" + id.toLowerCase() + "@example.com\","
                + "\"name\":{\"givenName\":\"" + pick(GIVEN) + "\",\"familyName\":\"" + pick(FAMILY) + "\"},"
                + "\"title\":\"" + pick(TITLES) + "\",\"active\":true,"
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"department\":\"" + pick(DEPARTMENTS) + "\"},"
                + "\"urn:ietf:params:scim:schemas:extension:provisioning:2.0:Worker\":{\"workerType\":\""
                + (contractor ? "CONTRACTOR" : "EMPLOYEE") + "\",\"location\":\"" + pick(LOCATIONS)
                + "\",\"startDate\":\"" + start + "\"" + (contractor ? ",\"endDate\":\"" + start.plusYears(2) + "\"" : "")
                + "}}";
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
