package io.provisioning.ingest.snapshot;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.common.problem.Problem.FieldError;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.hr.Worker;
import io.provisioning.contracts.validation.PayloadValidator;
import io.provisioning.contracts.validation.Violation;
import io.provisioning.ingest.snapshot.CsvReader.CsvFormatException;
import io.provisioning.ingest.snapshot.CsvReader.CsvRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a workforce snapshot, CSV (header row with the worker record's field names) or a JSON
 * array of worker records, record by record, validating each one like an event's data and handing
 * each valid one, as its canonical record, to a sink: nothing of the snapshot is kept here, so its
 * size does not bound memory. A bad row is reported with its line (CSV) or index (JSON); the caller
 * refuses the whole snapshot.
 */
public final class SnapshotParser {

    /** Errors beyond this many are not listed: the publisher has enough to fix. */
    public static final int MAX_ERRORS = 100;

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final PayloadValidator VALIDATOR = new PayloadValidator();

    /** Where valid rows go, in input order. */
    @FunctionalInterface
    public interface RowSink {
        /**
         * @param position the row's place in the input (CSV: its line; JSON: its index)
         * @param record   the worker record as canonical JSON
         */
        void accept(String workerId, String record, int position) throws IOException;
    }

    private final RowSink sink;
    private final List<FieldError> errors = new ArrayList<>();
    private int rows;

    private SnapshotParser(RowSink sink) {
        this.sink = sink;
    }

    /** Parses CSV (UTF-8, with or without BOM, CRLF or LF). */
    public static ParsedSnapshot csv(InputStream body, RowSink sink) throws IOException {
        SnapshotParser parser = new SnapshotParser(sink);
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            parser.readCsv(new CsvReader(new BufferedReader(new InputStreamReader(body, decoder), 1 << 16)));
        } catch (CsvFormatException e) {
            parser.error(FieldError.atLine(e.line(), "", e.getMessage()));
        } catch (java.nio.charset.CharacterCodingException e) {
            parser.error(new FieldError(null, "", "the body is not valid UTF-8"));
        }
        return parser.result();
    }

    /** Parses a JSON array of worker records. */
    public static ParsedSnapshot json(InputStream body, RowSink sink) throws IOException {
        SnapshotParser parser = new SnapshotParser(sink);
        try (JsonParser json = MAPPER.createParser(body)) {
            parser.readJson(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            parser.error(new FieldError(null, "", "not valid JSON" + where));
        }
        return parser.result();
    }

    /** The fields every worker record has (worker.schema.json). */
    private static final List<String> REQUIRED_COLUMNS = List.of("workerId", "givenName", "familyName", "workerType",
            "department", "startDate");

    private void readCsv(CsvReader csv) throws IOException {
        CsvRecord header = csv.next();
        if (header == null) {
            error(FieldError.atLine(1, "", "the snapshot is empty: a header row is required"));
            return;
        }
        List<String> columns = header.fields().stream().map(String::strip).toList();
        Set<String> distinct = new HashSet<>(columns);
        if (distinct.size() != columns.size()) {
            error(FieldError.atLine(1, "", "the header names a column twice"));
            return;
        }
        // without them no row could be valid, and a header-only snapshot would read as "nobody works here"
        List<String> missing = REQUIRED_COLUMNS.stream().filter(column -> !distinct.contains(column)).toList();
        if (!missing.isEmpty()) {
            error(FieldError.atLine(1, "", "the header lacks the column(s) " + String.join(", ", missing)));
            return;
        }
        for (CsvRecord record = csv.next(); record != null && errors.size() < MAX_ERRORS; record = csv.next()) {
            if (record.fields().size() == 1 && record.fields().get(0).isEmpty()) {
                continue; // a blank line
            }
            if (record.fields().size() != columns.size()) {
                error(FieldError.atLine(record.line(), "", "has " + record.fields().size()
                        + " fields where the header has " + columns.size()));
                continue;
            }
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < columns.size(); i++) {
                String value = record.fields().get(i);
                if (!value.isEmpty()) {
                    row.put(columns.get(i), value);
                }
            }
            accept(row, record.line(), null);
        }
    }

    private void readJson(JsonParser json) throws IOException {
        if (json.nextToken() != JsonToken.START_ARRAY) {
            error(new FieldError(null, "", "must be a JSON array of worker records"));
            return;
        }
        int index = 0;
        for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY && errors.size() < MAX_ERRORS;
             token = json.nextToken(), index++) {
            if (token == null) {
                error(new FieldError(null, "", "the JSON array is not closed"));
                return;
            }
            JsonNode node = json.readValueAsTree();
            if (node instanceof ObjectNode row) {
                accept(row, null, index);
            } else {
                error(new FieldError(index, "", "must be a worker record object"));
            }
        }
    }

    private void accept(ObjectNode row, Integer line, Integer index) throws IOException {
        rows++;
        List<Violation> violations = VALIDATOR.validateWorker(row);
        if (!violations.isEmpty()) {
            violations.forEach(v -> error(new FieldError(index, line, v.pointer(), v.message())));
            return;
        }
        Worker worker;
        try {
            worker = MAPPER.treeToValue(row, Worker.class);
        } catch (JsonProcessingException e) {
            error(new FieldError(index, line, "", "cannot be read as a worker record"));
            return;
        }
        sink.accept(worker.workerId(), canonical(worker), line != null ? line : index);
    }

    /** The worker record as compared and stored: the record's own field order, absent fields omitted. */
    public static String canonical(Worker worker) {
        try {
            return MAPPER.writeValueAsString(worker);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a worker record is always writable", e);
        }
    }

    private void error(FieldError error) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(error);
        }
    }

    private ParsedSnapshot result() {
        return new ParsedSnapshot(List.copyOf(errors), rows);
    }
}
