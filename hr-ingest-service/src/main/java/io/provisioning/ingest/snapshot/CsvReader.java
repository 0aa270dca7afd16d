package io.provisioning.ingest.snapshot;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: comma separated, fields optionally in double quotes (which may hold
 * commas, quotes doubled, and line breaks), records ended by CRLF or LF, a leading UTF-8 BOM
 * ignored. Reads one record at a time, so a large snapshot never sits in memory as text; a field
 * longer than any HR value ({@value #MAX_FIELD} characters) ends the reading with its line, so
 * neither can one huge field.
 */
public final class CsvReader {

    private static final int BOM = '\uFEFF';
    private static final int EOF = -1;
    /** The longest field read: HR values are short, and a field is held whole while it is read. */
    static final int MAX_FIELD = 64 * 1024;

    private final Reader reader;
    private int line = 1;
    private int pushedBack = Integer.MIN_VALUE;
    private boolean started;

    public CsvReader(Reader reader) {
        this.reader = reader;
    }

    /**
     * One record: its fields and the line it starts on (1-based).
     */
    public record CsvRecord(int line, List<String> fields) {
    }

    /**
     * The next record, or null at the end of the input. A blank last line is not a record.
     *
     * @throws CsvFormatException if the text breaks RFC 4180 (a stray quote, an unclosed quote)
     * @throws IOException        if the input cannot be read
     */
    public CsvRecord next() throws IOException {
        int c = read();
        if (!started) {
            started = true;
            if (c == BOM) {
                c = read();
            }
        }
        if (c == EOF) {
            return null;
        }
        int startLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            if (c == '"' && field.isEmpty()) {
                c = readQuoted(field, fields.size(), startLine);
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                    if (c == '"') {
                        throw new CsvFormatException(line, "a quote inside an unquoted field; quote the whole field");
                    }
                    append(field, c, fields.size(), startLine);
                    c = read();
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (c == ',') {
                c = read();
                continue;
            }
            endRecord(c);
            return new CsvRecord(startLine, fields);
        }
    }

    /** Reads a quoted field after its opening quote; returns the character after the closing quote. */
    private int readQuoted(StringBuilder field, int index, int startLine) throws IOException {
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new CsvFormatException(startLine, "a quoted field is never closed");
            }
            if (c == '"') {
                int next = read();
                if (next != '"') {
                    if (next != ',' && next != '\n' && next != '\r' && next != EOF) {
                        throw new CsvFormatException(line, "text after a closing quote");
                    }
                    return next;
                }
            }
            if (c == '\n') {
                line++;
            }
            append(field, c, index, startLine);
        }
    }

    private static void append(StringBuilder field, int c, int index, int startLine) throws CsvFormatException {
        if (field.length() >= MAX_FIELD) {
            throw new CsvFormatException(startLine, "field " + (index + 1) + " is longer than " + MAX_FIELD
                    + " characters");
        }
        field.append((char) c);
    }

    private void endRecord(int c) throws IOException {
        if (c == '\r') {
            int next = read();
            if (next != '\n' && next != EOF) {
                pushedBack = next;
            }
        }
        if (c != EOF) {
            line++;
        }
    }

    private int read() throws IOException {
        if (pushedBack != Integer.MIN_VALUE) {
            int c = pushedBack;
            pushedBack = Integer.MIN_VALUE;
            return c;
        }
        return reader.read();
    }

    /** The input is not valid RFC 4180. */
    public static final class CsvFormatException extends IOException {
        private final int line;

        public CsvFormatException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }
}
