package io.provisioning.common.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvCellTest {

    @Test
    void formulaTriggersAreNeutralisedWithAnApostrophe() {
        assertThat(CsvRows.cell("=1+1")).isEqualTo("\"'=1+1\"");
        assertThat(CsvRows.cell("+1")).isEqualTo("\"'+1\"");
        assertThat(CsvRows.cell("-1")).isEqualTo("\"'-1\"");
        assertThat(CsvRows.cell("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(CsvRows.cell("\tx")).isEqualTo("\"'\tx\"");
    }

    @Test
    void quotesAreDoubledAndOrdinaryTextIsKept() {
        assertThat(CsvRows.cell("say \"hi\", then go")).isEqualTo("\"say \"\"hi\"\", then go\"");
        assertThat(CsvRows.cell(null)).isEmpty();
        assertThat(CsvRows.cell("a=b")).isEqualTo("\"a=b\"");
    }
}
