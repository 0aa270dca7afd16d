package io.provisioning.policy.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void literalTextAndPlaceholdersRenderInOrder() {
        Map<String, String> values = Map.of("givenName", "Jane", "familyName", "Doe", "department", "IT");
        assertThat(Template.parse("{givenName:1}.{familyName}@{department}.example.com").render(values))
                .isEqualTo("J.Doe@IT.example.com");
        assertThat(Template.parse("cn={givenName} {familyName},ou=people").render(values))
                .isEqualTo("cn=Jane Doe,ou=people");
        assertThat(Template.parse("static").render(values)).isEqualTo("static");
    }

    @Test
    void aPrefixCountsCharactersNotCharUnits() {
        // "𝒜" is one character stored as two chars (a surrogate pair): a prefix never splits it
        assertThat(Template.parse("{givenName:1}{familyName:2}").render(Map.of("givenName", "𝒜lice", "familyName", "Zoë")))
                .isEqualTo("𝒜Zo");
    }

    @Test
    void aMissingValueNamesTheFieldAndTheTemplate() {
        assertThatThrownBy(() -> Template.parse("{preferredName}").render(Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessage("field preferredName has no value for template \"{preferredName}\"");
    }

    @Test
    void asciiNamesFoldLikeAnyOther() {
        assertThat(AsciiFolding.fold("O'Brien-Smith 2nd")).isEqualTo("obriensmith2nd");
        assertThat(AsciiFolding.fold("ZOË")).isEqualTo("zoe");
        assertThat(AsciiFolding.fold("#$%")).isEmpty();
    }
}
