package io.footfall.agent.receive;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.footfall.agent.counts.CountsSchemaDocument;
import io.footfall.agent.counts.SectionKinds;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * docs/schema/counts.schema.json, packaged into the jar (agent/pom.xml copies docs/schema), so the
 * receiver checks every payload against the very document the node's tests check its output
 * against, with each registered sensor kind's fragment under its key ({@link CountsSchemaDocument#forKinds}).
 * Thread-safe once built.
 */
final class CountsSchema {
    private static final Map<SectionKinds, CountsSchema> BUILT = new ConcurrentHashMap<>();

    private final JsonSchema schema;

    private CountsSchema(SectionKinds kinds) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(CountsSchemaDocument.forKinds(kinds), config);
        schema.initializeValidators();
    }

    /** The schema for messages whose sections are those of {@code kinds}; built once per set of kinds. */
    static CountsSchema of(SectionKinds kinds) {
        return BUILT.computeIfAbsent(kinds, CountsSchema::new);
    }

    /** The violations, each as "path: message"; empty when the payload is valid. */
    List<String> violations(JsonNode payload) {
        return schema.validate(payload).stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
