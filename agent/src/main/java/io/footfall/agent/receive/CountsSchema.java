package io.footfall.agent.receive;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * docs/schema/counts.schema.json, packaged into the jar (agent/pom.xml copies docs/schema), so the
 * receiver checks every payload against the very document the node's tests check its output
 * against. Thread-safe once built.
 */
final class CountsSchema {
    static final String RESOURCE = "/io/footfall/schema/counts.schema.json";
    private static final CountsSchema INSTANCE = new CountsSchema();

    private final JsonSchema schema;

    private CountsSchema() {
        try (InputStream in = CountsSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
            schema.initializeValidators();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CountsSchema get() {
        return INSTANCE;
    }

    /** The violations, each as "path: message"; empty when the payload is valid. */
    List<String> violations(JsonNode payload) {
        return schema.validate(payload).stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
