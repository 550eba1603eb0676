package io.footfall.agent.counts;

import io.footfall.agent.json.RecordJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a counts message as the node publishes it, with jackson-jr ({@link RecordJson}) rather than
 * databind: the node writes a window every few minutes and reads none back, and loading databind
 * only to write cost the live agent 7-9 MB of resident memory, above its 80 MB target
 * (docs/BENCHMARKS.md, "Live agent"). Databind stays the reader ({@link CountsJson#read}), on the
 * platform and in the outbox when it coarsens windows.
 *
 * <p>The compact encoding (docs/MQTT.md; explained on {@link CountsJson}) is written once: the
 * envelope's rules here, each section's in its record's annotations and factories, which
 * {@link RecordJson} honours as databind does. {@code CountsGoldenTest} holds the bytes and
 * {@code CountsWriterTest} checks both libraries write every record alike.
 */
public final class CountsWriter {
    private static final RecordJson JSON = RecordJson.with();

    private CountsWriter() {}

    /** The message's payload: the envelope ({@code schema} to {@code coverage}) in its fixed order, then each section in the message's order. */
    public static byte[] toJson(CountsMessage m) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("schema", CountsMessage.SCHEMA);
        tree.put("site", m.site());
        tree.put("node", m.node());
        tree.put("id", m.id());
        tree.put("seq", m.seq());
        m.merged().ifPresent(merged -> {
            tree.put("seqLast", merged.seqLast());
            tree.put("merged", merged.windows());
        });
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("start", m.window().start().toString());
        window.put("end", m.window().end().toString());
        if (!m.window().clockSynced()) {
            window.put("clockSynced", false); // absent means true (issue 14)
        }
        tree.put("window", window);
        m.watched().ifPresent(w -> tree.put("coverage", w));
        tree.putAll(m.sections());
        return JSON.write(tree);
    }
}
