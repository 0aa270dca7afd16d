package io.provisioning.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvCellTest {

    @Test
    void formulaTriggersAreNeutralisedWithAnApostrophe() {
        assertThat(AuditExport.csvCell("=1+1")).isEqualTo("\"'=1+1\"");
        assertThat(AuditExport.csvCell("+1")).isEqualTo("\"'+1\"");
        assertThat(AuditExport.csvCell("-1")).isEqualTo("\"'-1\"");
        assertThat(AuditExport.csvCell("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(AuditExport.csvCell("\tx")).isEqualTo("\"'\tx\"");
    }

    @Test
    void quotesAreDoubledAndOrdinaryTextIsKept() {
        assertThat(AuditExport.csvCell("say \"hi\", then go")).isEqualTo("\"say \"\"hi\"\", then go\"");
        assertThat(AuditExport.csvCell(null)).isEmpty();
        assertThat(AuditExport.csvCell("a=b")).isEqualTo("\"a=b\"");
    }
}
