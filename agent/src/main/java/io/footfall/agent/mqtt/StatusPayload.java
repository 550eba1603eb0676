package io.footfall.agent.mqtt;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The retained payload on {@code footfall/v1/{site}/{node}/status} (contract, schema in
 * docs/schema/status.schema.json): {@code {"schema":"footfall.status/1","state":"online"|"offline","site":..,"node":..}}.
 * {@code online} is published by the node on each connect, {@code offline} by the node on an orderly
 * close and by the broker as the node's last will.
 */
public final class StatusPayload {
    public static final String SCHEMA = "footfall.status/1";

    private StatusPayload() {}

    public static byte[] online(Topics topics) {
        return json(topics, "online");
    }

    public static byte[] offline(Topics topics) {
        return json(topics, "offline");
    }

    private static byte[] json(Topics topics, String state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("state", state);
        m.put("site", topics.site());
        m.put("node", topics.node());
        try {
            return JSON.std.asString(m).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
