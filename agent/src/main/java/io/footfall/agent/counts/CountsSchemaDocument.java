package io.footfall.agent.counts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * docs/schema/counts.schema.json, packaged into the jar (agent/pom.xml copies docs/schema): the
 * published contract, from which the node's own kinds take their section's fragment, and to which
 * the fragments of the registered kinds are put together for the receiver ({@link #forKinds}).
 */
public final class CountsSchemaDocument {
    public static final String RESOURCE = "/io/footfall/schema/counts.schema.json";
    private static final ObjectNode DOCUMENT = load();

    private CountsSchemaDocument() {}

    private static ObjectNode load() {
        try (InputStream in = CountsSchemaDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return (ObjectNode) CountsJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The published schema of section {@code key}; a fresh copy. */
    public static JsonNode section(String key) {
        JsonNode s = DOCUMENT.path("properties").get(key);
        if (s == null) {
            throw new IllegalStateException(RESOURCE + " has no section " + key);
        }
        return s.deepCopy();
    }

    /** The whole schema, each registered kind's section under {@code properties}, required where the kind says so. */
    public static ObjectNode forKinds(SectionKinds kinds) {
        ObjectNode schema = DOCUMENT.deepCopy();
        ObjectNode properties = (ObjectNode) schema.get("properties");
        ArrayNode required = (ArrayNode) schema.get("required");
        for (SectionKind<?> k : kinds.all()) {
            properties.set(k.key(), k.schema());
            boolean listed = false;
            for (JsonNode r : required) {
                listed |= r.asText().equals(k.key());
            }
            if (k.required() && !listed) {
                required.add(k.key());
            }
        }
        return schema;
    }
}
