package io.provisioning.policy.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioning.policy.model.AccountNaming;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccountNamesTest {

    private static final AccountNaming FIRST_LETTER_AND_FAMILY = new AccountNaming("{givenName:1}{familyName}", 20);

    private static String base(String given, String family) {
        return AccountNames.base(FIRST_LETTER_AND_FAMILY, Map.of("givenName", given, "familyName", family)::get);
    }

    @Test
    void unicodeNamesFoldToAscii() {
        assertThat(base("Zoë", "O'Brien-Łukasz")).isEqualTo("zobrienlukasz");
        // the first letter is taken before folding: Æ spells out as "ae"
        assertThat(base("Ægir", "Þórsson")).isEqualTo("aethorsson");
        assertThat(base("Søren", "Groß")).isEqualTo("sgross");
        assertThat(base("José María", "Núñez de Balboa")).isEqualTo("jnunezdebalboa");
        assertThat(base("Nguyễn", "Văn Đức")).isEqualTo("nvanduc");
    }

    @Test
    void namesAreCutToTheMaximumLength() {
        assertThat(base("Anna", "Wolfeschlegelsteinhausenbergerdorff")).hasSize(20).isEqualTo("awolfeschlegelsteinh");
    }

    @Test
    void tenJohnSmithsGetTenDistinctNames() {
        Set<String> taken = new HashSet<>();
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = AccountNames.firstFree(base("John", "Smith"), 20, taken::add);
            names.add(name);
        }
        assertThat(names).containsExactly("jsmith", "jsmith2", "jsmith3", "jsmith4", "jsmith5", "jsmith6",
                "jsmith7", "jsmith8", "jsmith9", "jsmith10");
    }

    @Test
    void suffixStillFitsWhenTheBaseIsAtMaximumLength() {
        Set<String> taken = new HashSet<>(Set.of("awolfeschlegelsteinh"));
        assertThat(AccountNames.firstFree("awolfeschlegelsteinh", 20, taken::add)).isEqualTo("awolfeschlegelstein2");
    }

    @Test
    void variantsNumberFromTwoAndFitTheLength() {
        assertThat(AccountNames.variant("jsmith", 20, 1)).isEqualTo("jsmith");
        assertThat(AccountNames.variant("jsmith", 20, 2)).isEqualTo("jsmith2");
        assertThat(AccountNames.variant("awolfeschlegelsteinh", 20, 12)).isEqualTo("awolfeschlegelstei12");
    }

    @Test
    void everyNameOfTheCorpusInTwelveScriptsGetsAStableAsciiBase() throws Exception {
        List<String[]> corpus = WorkersInManyScripts.read();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(60);
        assertThat(corpus.stream().map(row -> row[0]).distinct()).hasSizeGreaterThanOrEqualTo(12);
        for (String[] row : corpus) {
            Map<String, String> worker = Map.of("workerId", "W-" + row[1].hashCode(), "givenName", row[1],
                    "familyName", row[2]);
            String base = AccountNames.base(FIRST_LETTER_AND_FAMILY, worker::get);
            assertThat(base).as(row[0] + " " + row[1] + " " + row[2]).matches("[a-z0-9]{1,20}")
                    .isEqualTo(AccountNames.base(FIRST_LETTER_AND_FAMILY, worker::get));
        }
    }

    @Test
    void namesInOtherScriptsAreTransliterated() {
        assertThat(base("Иван", "Петров")).isEqualTo("ipetrov");
        // a Hangul syllable is one character: the first letter of 지훈 is the syllable 지, ji
        assertThat(base("지훈", "김")).isEqualTo("jigim");
        assertThat(base("Γιώργος", "Παπαδόπουλος")).isEqualTo("gpapadopoulos");
        assertThat(base("太郎", "山田")).matches("t[a-z]+");
    }

    @Test
    void aNameThatLeavesNothingFallsBackToTheTargetsFallbackTemplate() {
        Map<String, String> worker = Map.of("workerId", "E-10042", "givenName", "★", "familyName", "☆");
        assertThat(AccountNames.base(FIRST_LETTER_AND_FAMILY, worker::get)).isEqualTo("ue10042");
        assertThat(AccountNames.base(new AccountNaming("{givenName:1}{familyName}", 20, "x-{workerId}"), worker::get))
                .isEqualTo("xe10042");
    }

    @Test
    void templateWithAnEmptyFieldCannotRender() {
        assertThatThrownBy(() -> AccountNames.base(new AccountNaming("{preferredName}{familyName}", 20),
                Map.of("familyName", "Lee")::get)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("preferredName");
    }

    @Test
    void malformedTemplateIsRefused() {
        assertThatThrownBy(() -> Template.parse("{givenName")).isInstanceOf(TemplateException.class);
        assertThat(Template.parse("{givenName:1}.{familyName}").fields()).containsExactly("givenName", "familyName");
    }
}
