package io.provisioning.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    @Test
    void fieldsNamedLikeSecretsAreRedactedAtAnyDepthWhateverTheirCase() throws Exception {
        JsonNode payload = CanonicalJson.parse("""
                {"bindPassword":"p","API_KEY":"k","nested":{"privateKey":"x","private_key":"y","accessToken":"t",
                 "list":[{"clientSecret":"s","passwd":"w","userCredentials":"c"}]},
                 "displayName":"Ada","keyboard":"qwerty","workerId":"E1"}""");

        SecretRedactor.redact(payload);

        assertThat(payload.at("/bindPassword").asText()).isEqualTo(SecretRedactor.REDACTED);
        assertThat(payload.at("/API_KEY").asText()).isEqualTo(SecretRedactor.REDACTED);
        assertThat(payload.at("/nested/privateKey").asText()).isEqualTo(SecretRedactor.REDACTED);
        assertThat(payload.at("/nested/private_key").asText()).isEqualTo(SecretRedactor.REDACTED);
        assertThat(payload.at("/nested/accessToken").asText()).isEqualTo(SecretRedactor.REDACTED);
        assertThat(payload.at("/nested/list/0/clientSecret").asText()).isEqualTo(SecretRedactor.REDACTED);
        assertThat(payload.at("/nested/list/0/passwd").asText()).isEqualTo(SecretRedactor.REDACTED);
        assertThat(payload.at("/nested/list/0/userCredentials").asText()).isEqualTo(SecretRedactor.REDACTED);
        assertThat(payload.at("/displayName").asText()).isEqualTo("Ada");
        assertThat(payload.at("/keyboard").asText()).isEqualTo("qwerty");
        assertThat(payload.at("/workerId").asText()).isEqualTo("E1");
    }

    @Test
    void theValuesOfAChangeToACredentialAttributeAreRedacted() throws Exception {
        JsonNode outcome = CanonicalJson.parse("""
                {"changes":[{"kind":"ATTRIBUTE_SET","name":"unicodePwd","values":["\\"Secret1\\""]},
                            {"kind":"ATTRIBUTE_SET","name":"userPassword","values":["E10042"]},
                            {"kind":"ATTRIBUTE_SET","name":"mail","values":["ada@example.com"]}],
                 "attributes":{"unicodePwd":["x"]}}""");

        SecretRedactor.redact(outcome);

        assertThat(outcome.at("/changes/0/values").asText()).isEqualTo(SecretRedactor.REDACTED);
        assertThat(outcome.at("/changes/1/values").asText()).isEqualTo(SecretRedactor.REDACTED);
        assertThat(outcome.at("/changes/2/values/0").asText()).isEqualTo("ada@example.com");
        assertThat(outcome.at("/attributes/unicodePwd").asText()).isEqualTo(SecretRedactor.REDACTED);
    }
}
