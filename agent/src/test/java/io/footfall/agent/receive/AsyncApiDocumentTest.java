package io.footfall.agent.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/asyncapi.yaml, the MQTT contract as AsyncAPI 3, against the official AsyncAPI 3.0.0 JSON Schema (vendored). */
class AsyncApiDocumentTest {
    static final Path DOCS = Path.of("..", "docs").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();
    static JsonSchema asyncApi;
    static JsonNode document;

    @BeforeAll
    static void load() throws Exception {
        asyncApi = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(Files.readString(DOCS.resolve("schema/vendor/asyncapi/asyncapi-3.0.0.json")));
        document = new YAMLMapper().readTree(DOCS.resolve("asyncapi.yaml").toFile());
    }

    static Set<String> violations(JsonNode doc) {
        return asyncApi.validate(doc).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    @Test
    void the_document_is_valid_asyncapi_3() {
        assertEquals(Set.of(), violations(document));
        assertEquals("3.0.0", document.get("asyncapi").asText());
    }

    @Test
    void the_validation_is_live_a_version_2_operation_or_a_channel_without_address_type_fails_it() {
        ObjectNode badAction = document.deepCopy();
        ((ObjectNode) badAction.get("operations").get("publishCounts")).put("action", "publish");
        assertFalse(violations(badAction).isEmpty());
        ObjectNode badAddress = document.deepCopy();
        ((ObjectNode) badAddress.get("channels").get("counts")).put("address", 42);
        assertFalse(violations(badAddress).isEmpty());
    }

    @Test
    void every_ref_resolves_and_the_payloads_are_the_published_json_schemas() throws Exception {
        List<String> refs = new ArrayList<>();
        collect(document, refs);
        assertTrue(refs.size() > 10, refs.toString());
        for (String ref : refs) {
            if (ref.startsWith("#/")) {
                assertFalse(document.at(ref.substring(1)).isMissingNode(), "unresolved " + ref);
            } else {
                Path file = DOCS.resolve(ref).normalize();
                assertTrue(Files.isRegularFile(file), "missing " + ref);
                JsonNode schema = JSON.readTree(file.toFile());
                assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText(), ref);
            }
        }
        Set<String> payloads = Set.of("./schema/counts.schema.json", "./schema/status.schema.json", "./schema/health.schema.json");
        assertTrue(refs.containsAll(payloads), refs.toString());
        for (Map.Entry<String, String> topic : Map.of("counts", "footfall/v1/{site}/{node}/counts", "status",
                "footfall/v1/{site}/{node}/status", "health", "footfall/v1/{site}/{node}/health").entrySet()) {
            assertEquals(topic.getValue(), document.at("/channels/" + topic.getKey() + "/address").asText());
        }
        assertEquals(new io.footfall.agent.mqtt.Topics("s", "n").counts(), "footfall/v1/s/n/counts", "the address the node really uses");
    }

    private static void collect(JsonNode n, List<String> refs) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), refs);
                }
            }
        } else if (n.isArray()) {
            n.forEach(x -> collect(x, refs));
        }
    }
}
