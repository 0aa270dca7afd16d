package io.provisioning.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.contracts.Json;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScimPatchTest {

    private static final Set<String> EXTENSIONS = Set.of(Scim.ENTERPRISE_USER, Scim.WORKER);

    private static ObjectNode user() throws Exception {
        return (ObjectNode) Json.mapper().readTree("""
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                 "externalId": "E1", "userName": "ada@example.com",
                 "name": {"givenName": "Ada", "familyName": "Lovelace"},
                 "emails": [{"type": "home", "value": "ada@home.example"}, {"type": "work", "value": "ada@example.com", "primary": true}]}""");
    }

    private static ObjectNode patch(String operations) throws Exception {
        return (ObjectNode) Json.mapper().readTree(
                "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": " + operations + "}");
    }

    @Test
    void replaceOfAFilteredValueChangesOnlyTheMatchingElement() throws Exception {
        ObjectNode patched = ScimPatch.apply(user(), patch("""
                [{"op": "Replace", "path": "emails[type eq \\"work\\"].value", "value": "ada@new.example"}]"""), EXTENSIONS);
        assertThat(patched.at("/emails/1/value").asText()).isEqualTo("ada@new.example");
        assertThat(patched.at("/emails/0/value").asText()).isEqualTo("ada@home.example");
    }

    @Test
    void addOfAnExtensionAttributeCreatesTheExtensionAndListsItsSchema() throws Exception {
        ObjectNode patched = ScimPatch.apply(user(), patch("""
                [{"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", "value": "E9"}]"""),
                EXTENSIONS);
        assertThat(patched.get(Scim.ENTERPRISE_USER).at("/manager/value").asText()).isEqualTo("E9");
        assertThat(patched.get("schemas").toString()).contains(Scim.ENTERPRISE_USER);
    }

    @Test
    void replaceWithoutAPathSetsEachAttributeAndMergesWholeExtensions() throws Exception {
        ObjectNode patched = ScimPatch.apply(user(), patch("""
                [{"op": "replace", "value": {"active": false, "NAME": {"givenName": "Augusta"},
                  "urn:ietf:params:scim:schemas:extension:provisioning:2.0:Worker": {"jobCode": "J7"}}}]"""), EXTENSIONS);
        assertThat(patched.get("active").asBoolean()).isFalse();
        assertThat(patched.at("/name/givenName").asText()).isEqualTo("Augusta");
        assertThat(patched.at("/name/familyName").asText()).isEqualTo("Lovelace");
        assertThat(patched.get(Scim.WORKER).get("jobCode").asText()).isEqualTo("J7");
    }

    @Test
    void removeOfFilteredElementsKeepsTheOthers() throws Exception {
        ObjectNode patched = ScimPatch.apply(user(), patch("""
                [{"op": "remove", "path": "emails[type eq \\"home\\"]"}]"""), EXTENSIONS);
        assertThat(patched.get("emails")).hasSize(1);
        assertThat(patched.at("/emails/0/type").asText()).isEqualTo("work");
    }

    @Test
    void addToAMultiValuedAttributeAppends() throws Exception {
        ObjectNode patched = ScimPatch.apply(user(), patch("""
                [{"op": "add", "path": "emails", "value": [{"type": "other", "value": "a@b.example"}]}]"""), EXTENSIONS);
        assertThat(patched.get("emails")).hasSize(3);
    }

    @Test
    void documentsThatAreNotPatchOpsOrNameNoTargetAreRefusedWithTheirScimType() throws Exception {
        assertThatThrownBy(() -> ScimPatch.apply(user(), Json.mapper().readTree("{\"Operations\": []}"), EXTENSIONS))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
        assertThatThrownBy(() -> ScimPatch.apply(user(), patch("[{\"op\": \"remove\"}]"), EXTENSIONS))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("noTarget"));
        assertThatThrownBy(() -> ScimPatch.apply(user(), patch("[{\"op\": \"move\", \"path\": \"title\"}]"), EXTENSIONS))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.getMessage()).contains("move"));
        assertThatThrownBy(() -> ScimPatch.apply(user(), patch("""
                [{"op": "replace", "path": "emails[type co \\"w\\"].value", "value": "x"}]"""), EXTENSIONS))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidFilter"));
    }

    @Test
    void pathsReadCaseInsensitivelyAndAMultiValuedAttributeWithoutFilterReadsItsPrimary() throws Exception {
        ObjectNode user = user();
        JsonNode primary = AttributePath.parse("EMAILS.value", EXTENSIONS).read(user);
        assertThat(primary.asText()).isEqualTo("ada@example.com");
        assertThat(AttributePath.parse("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName", EXTENSIONS)
                .read(user).asText()).isEqualTo("Lovelace");
        assertThat(AttributePath.parse("emails[type eq \"fax\"].value", EXTENSIONS).read(user)).isNull();
    }
}
