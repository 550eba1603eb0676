package io.footfall.agent.receive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.footfall.agent.health.HealthJson;
import io.footfall.agent.health.HealthSnapshot;
import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.receive.Rejection.Kind;
import io.footfall.agent.receive.Rejection.RejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One {@code footfall.health/1} snapshot as the platform keeps it (the last one per node, for the
 * FIWARE {@code Device} export): checked against docs/schema/health.schema.json (packaged into the
 * jar like the counts schema), duplicate keys refused, and bound to its topic: a payload must name
 * the site and node of the {@code footfall/v1/{site}/{node}/health} it came on.
 *
 * @param health the snapshot as the node sent it (the fields it left out stay absent)
 */
public record ReceivedHealth(HealthSnapshot health) {
    static final String RESOURCE = "/io/footfall/schema/health.schema.json";
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    public ReceivedHealth {
        Objects.requireNonNull(health, "health");
    }

    public String site() {
        return health.site();
    }

    public String node() {
        return health.node();
    }

    /** When the node took the snapshot (its {@code time}). */
    public Instant time() {
        return health.time();
    }

    /** The snapshot as JSON: the fields the node sent, in the records' order (what {@code receive --store} keeps). */
    public byte[] json() {
        return HealthJson.write(health);
    }

    /** Whether {@code topic} is a health topic ({@code footfall/v1/{site}/{node}/health}). */
    public static boolean isHealthTopic(String topic) {
        return topic.endsWith("/health");
    }

    /** Parses and checks one payload, whatever topic it came on. */
    public static ReceivedHealth parse(byte[] payload) {
        JsonNode m;
        try {
            m = MAPPER.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new RejectedException(Kind.MALFORMED, "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RejectedException(Kind.MALFORMED, "not JSON: " + e.getMessage());
        }
        if (m == null || !m.isObject()) {
            throw new RejectedException(Kind.MALFORMED, "not a JSON object");
        }
        List<String> violations = Schema.SCHEMA.validate(m).stream().map(ValidationMessage::getMessage).sorted().toList();
        if (!violations.isEmpty()) {
            throw new RejectedException(Kind.MALFORMED, "breaks health.schema.json: "
                    + String.join("; ", violations.subList(0, Math.min(5, violations.size())))
                    + (violations.size() > 5 ? "; and " + (violations.size() - 5) + " more" : ""));
        }
        try {
            return new ReceivedHealth(HealthJson.read(m, Kinds.STANDARD.health()));
        } catch (HealthJson.UnreadableHealthException e) {
            throw new RejectedException(Kind.MALFORMED, "not a health snapshot: " + e.getMessage());
        }
    }

    /** Parses one payload published on {@code topic}; the payload must name the topic's site and node. */
    public static ReceivedHealth parse(String topic, byte[] payload) {
        String[] t = topic.split("/", -1);
        if (t.length != 5 || !t[0].equals("footfall") || !t[1].equals("v1") || !t[4].equals("health")) {
            throw new RejectedException(Kind.IDENTITY, "not a health topic: " + topic);
        }
        ReceivedHealth h = parse(payload);
        if (!t[2].equals(h.site()) || !t[3].equals(h.node())) {
            throw new RejectedException(Kind.IDENTITY, "health payload claims site " + h.site() + " node " + h.node()
                    + " but was published on " + topic);
        }
        return h;
    }

    /** Loaded on first use: a receiver without a store never needs it. */
    private static final class Schema {
        static final JsonSchema SCHEMA = load();

        static JsonSchema load() {
            try (InputStream in = ReceivedHealth.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is not on the classpath");
                }
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
                JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
                s.initializeValidators();
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
