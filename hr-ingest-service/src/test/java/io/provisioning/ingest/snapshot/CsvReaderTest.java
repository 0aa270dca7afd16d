package io.provisioning.ingest.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioning.ingest.snapshot.CsvReader.CsvFormatException;
import io.provisioning.ingest.snapshot.CsvReader.CsvRecord;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static List<CsvRecord> read(String text) throws IOException {
        CsvReader reader = new CsvReader(new StringReader(text));
        List<CsvRecord> records = new ArrayList<>();
        for (CsvRecord r = reader.next(); r != null; r = reader.next()) {
            records.add(r);
        }
        return records;
    }

    @Test
    void quotedFieldsKeepCommasQuotesAndLineBreaks() throws IOException {
        List<CsvRecord> records = read("a,b\n\"Smith, Jr.\",\"says \"\"hi\"\"\nand bye\"\nx,y\n");

        assertThat(records).hasSize(3);
        assertThat(records.get(1).fields()).containsExactly("Smith, Jr.", "says \"hi\"\nand bye");
        assertThat(records.get(2).line()).isEqualTo(4);
    }

    @Test
    void aFieldOfSixtyFourKilobytesIsReadAndOneCharacterMoreIsRefusedWithItsLine() throws IOException {
        String longest = "x".repeat(CsvReader.MAX_FIELD);
        assertThat(read("a,b\n1," + longest + "\n").get(1).fields().get(1)).hasSize(CsvReader.MAX_FIELD);

        for (String tooLong : List.of("1," + longest + "y\n", "1,\"" + longest + "y\"\n")) {
            assertThatThrownBy(() -> read("a,b\nok,ok\n" + tooLong + "z,z\n"))
                    .isInstanceOf(CsvFormatException.class)
                    .hasMessage("field 2 is longer than 65536 characters")
                    .satisfies(e -> assertThat(((CsvFormatException) e).line()).isEqualTo(3));
        }
    }

    @Test
    void crlfAndLfLineEndsBothEndRecords() throws IOException {
        List<CsvRecord> records = read("a,b\r\n1,2\n3,4\r\n");

        assertThat(records).extracting(CsvRecord::fields)
                .containsExactly(List.of("a", "b"), List.of("1", "2"), List.of("3", "4"));
        assertThat(records).extracting(CsvRecord::line).containsExactly(1, 2, 3);
    }

    @Test
    void leadingByteOrderMarkIsIgnored() throws IOException {
        assertThat(read("\uFEFFworkerId,givenName\n").get(0).fields()).containsExactly("workerId", "givenName");
    }

    @Test
    void lastLineWithoutLineEndIsARecord() throws IOException {
        assertThat(read("a,b\n1,2")).hasSize(2);
    }

    @Test
    void emptyFieldsAreKept() throws IOException {
        assertThat(read(",x,\n").get(0).fields()).containsExactly("", "x", "");
    }

    @Test
    void unclosedQuoteIsReportedAtTheLineWhereTheRecordStarts() {
        assertThatThrownBy(() -> read("a,b\n1,2\n3,\"never closed\n4,5\n"))
                .isInstanceOf(CsvFormatException.class)
                .satisfies(e -> assertThat(((CsvFormatException) e).line()).isEqualTo(3));
    }

    @Test
    void strayQuoteInsideAnUnquotedFieldIsAnError() {
        assertThatThrownBy(() -> read("a,b\nab\"c,d\n"))
                .isInstanceOf(CsvFormatException.class)
                .satisfies(e -> assertThat(((CsvFormatException) e).line()).isEqualTo(2));
    }

    @Test
    void textAfterAClosingQuoteIsAnError() {
        assertThatThrownBy(() -> read("\"a\"b,c\n")).isInstanceOf(CsvFormatException.class);
    }
}
