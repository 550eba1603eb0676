package io.footfall.agent.mqtt;

import java.util.Objects;
import java.util.regex.Pattern;

/** The node's MQTT topics (contract): {@code footfall/v1/{site}/{node}/counts|status|health}. */
public record Topics(String site, String node) {
    /** Site and node ids: safe in a topic level and a file name. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public Topics {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(node, "node");
        if (!ID.matcher(site).matches() || !ID.matcher(node).matches()) {
            throw new IllegalArgumentException("site and node ids are 1-64 of a-z, 0-9, '_' and '-'");
        }
    }

    public String counts() {
        return prefix() + "counts";
    }

    public String status() {
        return prefix() + "status";
    }

    public String health() {
        return prefix() + "health";
    }

    private String prefix() {
        return "footfall/v1/" + site + "/" + node + "/";
    }
}
