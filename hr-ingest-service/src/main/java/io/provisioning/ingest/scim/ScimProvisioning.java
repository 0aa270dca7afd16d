package io.provisioning.ingest.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.provisioning.contracts.hr.HrEvent;
import io.provisioning.contracts.hr.HrEventData;
import io.provisioning.contracts.hr.HrEventType;
import io.provisioning.contracts.hr.LeaveChange;
import io.provisioning.contracts.hr.Termination;
import io.provisioning.contracts.hr.Worker;
import io.provisioning.contracts.hr.WorkerChange;
import io.provisioning.contracts.validation.Violation;
import io.provisioning.ingest.intake.HrEventIntake;
import io.provisioning.ingest.publisher.Publisher;
import io.provisioning.ingest.scim.ScimUserMapping.MappedUser;
import io.provisioning.ingest.scim.ScimUserStore.History;
import io.provisioning.ingest.scim.ScimUserStore.Known;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns SCIM writes on Users into the HR events they mean. Each operation is compared with the
 * worker's stored resource (or, for a worker first named by CloudEvents or a snapshot, with what
 * those said): a new active worker is hired, an inactive one who becomes active is rehired, a
 * change of any worker field is an update, {@code active: false} or a DELETE is a termination
 * effective today, and new leave dates in our extension start or end a leave. A resource that
 * changes nothing HR knows publishes nothing, so the same bulk sent twice publishes nothing new.
 *
 * <p>The events go through the same validation and de-duplication as CloudEvents, and are on
 * {@code hr.events} before the resources are stored and the statuses answered. Event ids are
 * derived from the worker, the version compared against and the content, so a request retried
 * after a failure publishes the same ids, which downstream de-duplication recognises.
 */
@ApplicationScoped
public class ScimProvisioning {

    @Inject
    ScimUserStore store;

    @Inject
    ScimUserMapping mapping;

    @Inject
    HrEventIntake intake;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    /** The source of a client's SCIM events; {client} is its OIDC client id. */
    @ConfigProperty(name = "provisioning.ingest.scim.source", defaultValue = "urn:hris:scim:{client}")
    String sourceTemplate;

    /** {@code terminate}: DELETE terminates the worker today; {@code refuse}: 405. */
    @ConfigProperty(name = "provisioning.ingest.scim.delete", defaultValue = "terminate")
    String deletion;

    /** The state of one worker while a request's operations run, in order. */
    private static final class Current {
        StoredUser stored;
        final Known known;

        Current(StoredUser stored, Known known) {
            this.stored = stored;
            this.known = known;
        }

        boolean exists() {
            return stored != null && !stored.deleted();
        }

        boolean known() {
            return stored != null || known != null;
        }

        boolean active() {
            return stored != null ? stored.active() && !stored.deleted()
                    : known != null && known.history() == History.ACTIVE;
        }
    }

    /** Everything one request shares: the clock reading, the source and what it has done so far. */
    private final class Run {
        final Publisher publisher;
        final String source;
        final Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        final LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        final Map<String, Current> workers = new HashMap<>();
        final Map<String, String> userNames = new HashMap<>();
        /** The userNames (lower-cased) whose holders were read: absent from userNames means free. */
        final Set<String> namesRead = new java.util.HashSet<>();
        final List<HrEvent> events = new ArrayList<>();
        final Map<String, StoredUser> changed = new LinkedHashMap<>();
        boolean envelopeChecked;

        Run(Publisher publisher) {
            this.publisher = publisher;
            this.source = sourceTemplate.replace("{client}", publisher.client());
        }
    }

    public boolean deleteAllowed() {
        return !"refuse".equalsIgnoreCase(deletion.strip());
    }

    /**
     * Runs the operations in order and publishes what they mean.
     *
     * @param failOnErrors stop after this many failed operations (the rest are not run); 0 for no limit
     * @return one result per operation run, in order
     * @throws ScimException 403 if the publisher may not publish for its SCIM source
     */
    public List<OperationResult> apply(List<ScimOperation> operations, Publisher publisher, int failOnErrors) {
        return apply(operations, java.util.Collections.nCopies(operations.size(), null), publisher, failOnErrors);
    }

    /**
     * Runs the request in a transaction, again from the start if another request changed one of its
     * workers in between (optimistic: rows are read without locks and written only if unchanged).
     * The resources are written before anything is published, so a request that must run again has
     * published nothing.
     *
     * @param refusals per operation, the reason it cannot run (a malformed bulk operation), or null;
     *                 such an operation fails in its place and counts towards failOnErrors
     * @throws ScimException 503 if its workers kept changing under it
     */
    public List<OperationResult> apply(List<ScimOperation> operations, List<ScimException> refusals,
                                       Publisher publisher, int failOnErrors) {
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> attempt(operations, refusals, publisher, failOnErrors));
            } catch (ScimUserStore.ConcurrentChange e) {
                meters.counter("provisioning.hr.scim.retries").increment();
                if (attempt == MAX_ATTEMPTS) {
                    throw new ScimException(503, null, "The request's workers were changed by other requests "
                            + MAX_ATTEMPTS + " times while it ran; nothing of it was applied: send it again");
                }
            }
        }
    }

    private static final int MAX_ATTEMPTS = 5;

    private List<OperationResult> attempt(List<ScimOperation> operations, List<ScimException> refusals,
                                          Publisher publisher, int failOnErrors) {
        Run run = new Run(publisher);
        if (!publisher.mayPublish(run.source)) {
            throw new ScimException(403, null, "client " + publisher.client() + " may not publish for source "
                    + run.source + " (provisioning.ingest.publisher-sources binds it to "
                    + (publisher.sources().isEmpty() ? "no source" : String.join(", ", publisher.sources())) + ")");
        }
        Map<String, String> bulkIds = bulkIds(operations);
        List<Object> targets = new ArrayList<>(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            try {
                if (refusals.get(i) != null) {
                    throw refusals.get(i);
                }
                targets.add(target(operations.get(i), bulkIds));
            } catch (ScimException e) {
                targets.add(e);
            }
        }
        Map<String, Long> readVersions = prepare(run, targets, operations);
        List<OperationResult> results = new ArrayList<>(operations.size());
        int errors = 0;
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < operations.size() && (failOnErrors <= 0 || errors < failOnErrors); i++) {
            ScimOperation operation = operations.get(i);
            OperationResult result;
            try {
                if (targets.get(i) instanceof ScimException refused) {
                    throw refused;
                }
                result = run(run, operation, (String) targets.get(i), bulkIds);
            } catch (ScimException e) {
                result = OperationResult.failed(operation, e);
                errors++;
            }
            results.add(result);
            counts.merge(operation.method() + ' ' + result.status(), 1, Integer::sum);
        }
        store.save(run.changed.values(), readVersions);
        intake.acceptBuilt(run.events, "scim", publisher);
        counts.forEach((key, count) -> meters.counter("provisioning.hr.scim.operations", "method",
                key.substring(0, key.indexOf(' ')), "status", key.substring(key.indexOf(' ') + 1)).increment(count));
        return results;
    }

    /** bulkId → the worker id its POST creates, so that other operations may refer to it as {@code bulkId:<id>}. */
    private Map<String, String> bulkIds(List<ScimOperation> operations) {
        Map<String, String> ids = new HashMap<>();
        for (ScimOperation operation : operations) {
            if (operation.bulkId() != null && operation.data() instanceof ObjectNode data) {
                String workerId = operation.id() != null ? operation.id() : mapping.workerId(data);
                if (workerId != null) {
                    ids.put(operation.bulkId(), workerId);
                }
            }
        }
        return ids;
    }

    /** The worker an operation is about. */
    private String target(ScimOperation operation, Map<String, String> bulkIds) {
        String workerId = targetId(operation, bulkIds);
        if (hasControlCharacter(workerId)) {
            throw ScimException.invalidValue(mapping.pathOf("workerId") + ": must not hold control characters");
        }
        return workerId;
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private String targetId(ScimOperation operation, Map<String, String> bulkIds) {
        if (operation.id() != null) {
            return resolve(operation.id(), bulkIds);
        }
        if (!(operation.data() instanceof ObjectNode data)) {
            throw ScimException.invalidSyntax("data: a User resource (an object) is required");
        }
        String workerId = mapping.workerId(data);
        if (workerId == null) {
            throw ScimException.invalidValue(mapping.pathOf("workerId") + ": the worker's id (the HR employee id) is"
                    + " required; it becomes the resource's id");
        }
        return workerId;
    }

    private static String resolve(String value, Map<String, String> bulkIds) {
        if (value.startsWith("bulkId:")) {
            String resolved = bulkIds.get(value.substring("bulkId:".length()));
            if (resolved == null) {
                throw ScimException.invalidValue("'" + value + "' names no operation of this bulk");
            }
            return resolved;
        }
        return value;
    }

    /**
     * Reads the workers' resources and histories, then who holds the userNames they carry: two
     * queries. Returns the version each worker's row had (0: none), against which they are saved.
     */
    private Map<String, Long> prepare(Run run, List<Object> targets, List<ScimOperation> operations) {
        Set<String> ids = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i) instanceof String id) {
                ids.add(id);
                if (operations.get(i).data() instanceof ObjectNode data && data.get("userName") != null
                        && !hasControlCharacter(data.get("userName").asText())) {
                    names.add(data.get("userName").asText()); // one with control characters is refused when run
                }
            }
        }
        Map<String, Long> versions = new HashMap<>();
        store.load(ids).forEach((id, found) -> {
            run.workers.put(id, new Current(found.stored(), found.known()));
            versions.put(id, found.stored() == null ? 0L : found.stored().version());
            if (found.stored() != null && !found.stored().deleted()) {
                names.add(found.stored().userName());
            }
        });
        run.userNames.putAll(store.userNameHolders(names));
        names.forEach(name -> run.namesRead.add(name.toLowerCase(Locale.ROOT)));
        return versions;
    }

    private OperationResult run(Run run, ScimOperation operation, String workerId, Map<String, String> bulkIds) {
        Current current = run.workers.get(workerId);
        return switch (operation.method()) {
            case "POST" -> {
                if (current.exists() && !operation.upsert()) {
                    throw new ScimException(409, "uniqueness", "User " + workerId + " exists; PUT or PATCH it");
                }
                ObjectNode resource = resource(operation.data(), bulkIds);
                yield change(run, operation, workerId, current, resource, current.exists() ? 200 : 201);
            }
            case "PUT" -> {
                requireExisting(current, workerId, operation);
                ObjectNode resource = resource(operation.data(), bulkIds);
                if (mapping.workerId(resource) == null) {
                    resource.put("externalId", workerId);
                }
                yield change(run, operation, workerId, current, resource, 200);
            }
            case "PATCH" -> {
                requireExisting(current, workerId, operation);
                ObjectNode resource = ScimPatch.apply(current.stored.resource().deepCopy(), operation.data(),
                        mapping.extensions());
                resolveBulkIds(resource, bulkIds);
                yield change(run, operation, workerId, current, resource, 200);
            }
            case "DELETE" -> delete(run, operation, workerId, current);
            default -> throw new ScimException(405, null, operation.method() + " is not supported on Users");
        };
    }

    private static void requireExisting(Current current, String workerId, ScimOperation operation) {
        if (!current.exists()) {
            throw ScimException.notFound(workerId);
        }
        if (operation.ifMatch() != null && !operation.ifMatch().equals("*")
                && !operation.ifMatch().equals(current.stored.etag())) {
            throw new ScimException(412, null, "User " + workerId + " is at version " + current.stored.etag()
                    + ", not " + operation.ifMatch());
        }
    }

    private OperationResult delete(Run run, ScimOperation operation, String workerId, Current current) {
        if (!deleteAllowed()) {
            throw new ScimException(405, null, "DELETE is switched off (provisioning.ingest.scim.delete=refuse);"
                    + " set active to false to terminate a worker");
        }
        requireExisting(current, workerId, operation);
        if (current.active()) {
            publish(run, workerId, current, HrEventType.TERMINATED,
                    new Termination(workerId, run.today, "SCIM DELETE"));
        }
        StoredUser deleted = new StoredUser(workerId, current.stored.userName(), current.stored.resource(), false, true,
                current.stored.version() + 1, run.source, current.stored.created(), run.now);
        keep(run, current, deleted);
        return new OperationResult(operation, 204, null, null);
    }

    private OperationResult change(Run run, ScimOperation operation, String workerId, Current current,
                                   ObjectNode resource, int status) {
        if (current.exists() && AttributePath.child(resource, "active") == null) {
            // a replacement that leaves active out keeps the worker as they were, never rehires or terminates
            resource = resource.deepCopy().put("active", current.stored.active());
        }
        String userName = userName(resource);
        if (run.namesRead.add(userName.toLowerCase(Locale.ROOT))) {
            // a userName the request's bodies did not name up front (a PATCH renaming the User)
            run.userNames.putAll(store.userNameHolders(List.of(userName)));
        }
        String holder = run.userNames.get(userName.toLowerCase(Locale.ROOT));
        if (holder != null && !holder.equals(workerId)) {
            throw new ScimException(409, "uniqueness", "userName " + userName + " is held by User " + holder);
        }
        MappedUser before = current.exists() ? previous(current.stored.resource(), run.today) : null;
        MappedUser after = mapping.map(resource, before == null ? null : before.worker(), run.today);
        if (!workerId.equals(after.worker().workerId())) {
            throw new ScimException(400, "mutability", mapping.pathOf("workerId") + " is the resource's id ("
                    + workerId + ") and cannot change");
        }
        if (current.known != null && !run.publisher.mayPublish(current.known.owner())) {
            throw new ScimException(403, null, "worker " + workerId + " belongs to source " + current.known.owner()
                    + ", which client " + run.publisher.client() + " may not publish for");
        }
        List<HrEvent> events = events(run, workerId, current, before, after);
        if (current.exists() && current.stored.active() == after.active()
                && current.stored.resource().equals(resource) && events.isEmpty()) {
            return new OperationResult(operation, status, current.stored, null);
        }
        run.events.addAll(events);
        Instant created = current.exists() ? current.stored.created() : run.now;
        long version = current.stored == null ? 1 : current.stored.version() + 1;
        StoredUser stored = new StoredUser(workerId, userName, resource, after.active(), false, version, run.source,
                created, run.now);
        if (current.exists()) {
            run.userNames.remove(current.stored.userName().toLowerCase(Locale.ROOT));
        }
        run.userNames.put(userName.toLowerCase(Locale.ROOT), workerId);
        keep(run, current, stored);
        return new OperationResult(operation, status, stored, null);
    }

    /** The HR events that take the worker from what was known to what the resource says; validated. */
    private List<HrEvent> events(Run run, String workerId, Current current, MappedUser before, MappedUser after) {
        List<HrEvent> events = new ArrayList<>();
        Worker worker = after.worker();
        boolean changed = before == null || !before.worker().equals(worker);
        if (after.active()) {
            if (!current.known()) {
                add(run, workerId, current, HrEventType.HIRED, WorkerChange.of(worker, null), events);
            } else if (!current.active()) {
                add(run, workerId, current, HrEventType.REHIRED, WorkerChange.of(worker, null), events);
            } else if (changed) {
                add(run, workerId, current, HrEventType.UPDATED, WorkerChange.of(worker, null), events);
            }
            if (after.leaveStart() != null && (before == null || !after.leaveStart().equals(before.leaveStart()))) {
                add(run, workerId, current, HrEventType.LEAVE_STARTED, new LeaveChange(workerId, after.leaveStart()), events);
            }
            if (after.leaveEnd() != null && (before == null || !after.leaveEnd().equals(before.leaveEnd()))) {
                add(run, workerId, current, HrEventType.LEAVE_ENDED, new LeaveChange(workerId, after.leaveEnd()), events);
            }
        } else if (current.known()) {
            // a leaver's record is kept up to date too; a worker first seen inactive has nothing to provision
            if (changed) {
                add(run, workerId, current, HrEventType.UPDATED, WorkerChange.of(worker, null), events);
            }
            if (current.active()) {
                add(run, workerId, current, HrEventType.TERMINATED,
                        new Termination(workerId, run.today, "SCIM active set to false"), events);
            }
        }
        return events;
    }

    /**
     * Adds the event of that data, validated. The envelope is the service's own: it is checked whole
     * once per request, then only each worker record, whose JSON also gives the event id its hash.
     */
    private void add(Run run, String workerId, Current current, HrEventType type, HrEventData data,
                     List<HrEvent> events) {
        JsonNode content = Scim.JSON.valueToTree(data);
        HrEvent event = event(run, workerId, current, type, data, content, events);
        List<Violation> violations = run.envelopeChecked && data instanceof WorkerChange change
                && change.effectiveDate() == null
                ? HrEventIntake.workerViolations(content) : HrEventIntake.violations(event);
        if (!violations.isEmpty()) {
            throw ScimException.invalidValue(describe(violations));
        }
        run.envelopeChecked = true;
        events.add(event);
    }

    private void publish(Run run, String workerId, Current current, HrEventType type, HrEventData data) {
        run.events.add(event(run, workerId, current, type, data, Scim.JSON.valueToTree(data), List.of()));
    }

    /**
     * An event whose id follows from the worker, the version its operation was compared with, its
     * place among that operation's events and a hash of its content: the same operation retried
     * gets the same id, and the id says whose event it is to anyone reading the trail.
     */
    private HrEvent event(Run run, String workerId, Current current, HrEventType type, HrEventData data,
                          JsonNode content, List<HrEvent> before) {
        long version = current.stored == null ? 0 : current.stored.version();
        long hash = fnv1a(fnv1a(fnv1a(FNV_OFFSET, run.source), type.wireName()), content);
        String id = "scim-" + workerId + '-' + version + '-' + before.size() + '-' + Long.toHexString(hash);
        return new HrEvent(HrEvent.SPEC_VERSION, id, run.source, type, workerId,
                run.now.plus(run.events.size() + before.size(), ChronoUnit.MICROS).atOffset(ZoneOffset.UTC),
                "application/json", data);
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;

    /** 64-bit FNV-1a: a fast hash that tells two contents of one worker's event apart. */
    static long fnv1a(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        // a separator, so that "ab","c" and "a","bc" differ
        hash ^= 0x1f;
        return hash * 0x100000001b3L;
    }

    /** FNV-1a over a JSON value: every field name and value, in order, with its kind. */
    static long fnv1a(long hash, JsonNode node) {
        if (node instanceof ObjectNode object) {
            hash = fnv1a(hash, "{");
            for (var fields = object.fields(); fields.hasNext(); ) {
                var field = fields.next();
                hash = fnv1a(fnv1a(hash, field.getKey()), field.getValue());
            }
            return fnv1a(hash, "}");
        }
        if (node instanceof ArrayNode array) {
            hash = fnv1a(hash, "[");
            for (JsonNode element : array) {
                hash = fnv1a(hash, element);
            }
            return fnv1a(hash, "]");
        }
        return fnv1a(fnv1a(hash, node.getNodeType().name()), node.asText());
    }

    private String describe(List<Violation> violations) {
        List<String> parts = new ArrayList<>();
        for (Violation v : violations) {
            String pointer = v.pointer();
            String field = pointer.startsWith("/data/") ? pointer.substring("/data/".length()) : pointer;
            parts.add((field.isEmpty() ? "the resource" : mapping.pathOf(field)) + ": " + v.message());
        }
        return String.join("; ", parts);
    }

    private MappedUser previous(ObjectNode resource, LocalDate today) {
        try {
            return mapping.map(resource, null, today);
        } catch (ScimException e) {
            return null; // stored under another mapping: every field counts as changed
        }
    }

    private static void keep(Run run, Current current, StoredUser user) {
        current.stored = user;
        run.changed.put(user.workerId(), user);
    }

    private static String userName(ObjectNode resource) {
        JsonNode userName = AttributePath.child(resource, "userName");
        if (userName == null || !userName.isTextual() || userName.asText().isBlank()) {
            throw ScimException.invalidValue("userName: required (a string)");
        }
        if (hasControlCharacter(userName.asText())) {
            throw ScimException.invalidValue("userName: must not hold control characters");
        }
        return userName.asText().strip();
    }

    /** The resource as stored: what the client sent, without the attributes the service owns. */
    private ObjectNode resource(JsonNode data, Map<String, String> bulkIds) {
        if (!(data instanceof ObjectNode object)) {
            throw ScimException.invalidSyntax("a User resource (an object) is required");
        }
        JsonNode schemas = object.get("schemas");
        boolean user = false;
        if (schemas instanceof ArrayNode list) {
            for (JsonNode schema : list) {
                user |= Scim.USER.equalsIgnoreCase(schema.asText());
            }
        }
        if (!user) {
            throw ScimException.invalidValue("schemas: must list " + Scim.USER);
        }
        // the request's own tree, used once: stored as it is, without the attributes the service owns
        ObjectNode resource = object;
        resource.remove(List.of("id", "meta"));
        resolveBulkIds(resource, bulkIds);
        return resource;
    }

    /** Replaces {@code bulkId:<id>} references (e.g. a manager created in the same bulk) by the worker id. */
    private static void resolveBulkIds(JsonNode node, Map<String, String> bulkIds) {
        if (bulkIds.isEmpty()) {
            return;
        }
        if (node instanceof ObjectNode object) {
            for (var fields = object.fields(); fields.hasNext(); ) {
                var field = fields.next();
                if (field.getValue().isTextual() && field.getValue().asText().startsWith("bulkId:")) {
                    object.put(field.getKey(), resolve(field.getValue().asText(), bulkIds));
                } else {
                    resolveBulkIds(field.getValue(), bulkIds);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> resolveBulkIds(element, bulkIds));
        }
    }
}
