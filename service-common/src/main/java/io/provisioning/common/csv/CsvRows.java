package io.provisioning.common.csv;

import java.io.IOException;
import java.io.Writer;

/** CSV as the exports write it: RFC 4180, every cell quoted, rows ended by CRLF. */
public final class CsvRows {

    private CsvRows() {
    }

    public static void write(Writer writer, String... cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                writer.write(',');
            }
            writer.write(cell(cells[i]));
        }
        writer.write("\r\n");
    }

    /**
     * One RFC 4180 cell, always quoted. A cell a spreadsheet would run as a formula (it begins with
     * {@code = + - @}, a tab or a carriage return) is neutralised with a leading apostrophe.
     */
    public static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
