package io.provisioning.console.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineDiffTest {

    @Test
    void linesOnlyInTheNewerAreAddedAndOnlyInTheOlderRemovedTheRestKeptInOrder() {
        List<LineDiff.Line> diff = LineDiff.of("a\nb\nc\nd", "a\nc\nx\nd");

        assertThat(diff).extracting(LineDiff.Line::kind, LineDiff.Line::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple("same", "a"), org.assertj.core.groups.Tuple.tuple("del", "b"),
                org.assertj.core.groups.Tuple.tuple("same", "c"), org.assertj.core.groups.Tuple.tuple("add", "x"),
                org.assertj.core.groups.Tuple.tuple("same", "d"));
        assertThat(diff.get(3).newNumber()).isEqualTo(3);
        assertThat(diff.get(1).oldNumber()).isEqualTo(2);
        assertThat(diff.get(1).marker()).isEqualTo("-");
    }

    @Test
    void identicalDocumentsHaveNoChangeAndAnEmptyOneIsAllAdded() {
        assertThat(LineDiff.of("x\ny", "x\ny")).allMatch(l -> l.kind().equals("same"));
        assertThat(LineDiff.of("", "x\ny")).extracting(LineDiff.Line::kind).containsExactly("add", "add");
    }

    @Test
    void documentsTooLongToCompareAreRefusedRatherThanExhaustingMemory() {
        String big = "line\n".repeat(LineDiff.MAX_LINES + 1);
        assertThatThrownBy(() -> LineDiff.of(big, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
