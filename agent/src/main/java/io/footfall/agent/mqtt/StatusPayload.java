package io.footfall.agent.mqtt;

import io.footfall.agent.json.RecordJson;
import java.util.Locale;
import java.util.Objects;

/**
 * The retained payload on {@code footfall/v1/{site}/{node}/status} (contract, schema in
 * docs/schema/status.schema.json): {@code {"schema":"footfall.status/1","state":"online"|"offline","site":..,"node":..}}.
 * {@code online} is published by the node on each connect, {@code offline} by the node on an orderly
 * close and by the broker as the node's last will.
 */
public record StatusPayload(String schema, State state, String site, String node) {
    public static final String SCHEMA = "footfall.status/1";
    private static final RecordJson JSON = RecordJson.with(new RecordJson.Adapter<>(State.class, State::wire));

    public enum State {
        ONLINE, OFFLINE;

        /** As on the wire: {@code online}, {@code offline}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public StatusPayload {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(node, "node");
    }

    public StatusPayload(State state, Topics topics) {
        this(SCHEMA, state, topics.site(), topics.node());
    }

    public static byte[] online(Topics topics) {
        return new StatusPayload(State.ONLINE, topics).json();
    }

    public static byte[] offline(Topics topics) {
        return new StatusPayload(State.OFFLINE, topics).json();
    }

    public byte[] json() {
        return JSON.write(this);
    }
}
