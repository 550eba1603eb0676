package io.footfall.agent.node;

import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.config.AgentConfig;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.outbox.OutboxLimits;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.hal.ConfigException;
import io.footfall.hal.spi.HalProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Checks a configuration as a whole and finds the hardware provider it names. */
public final class NodeSetup {
    private NodeSetup() {}

    /** Refuses, naming the key, any setting that {@link Node#open} would refuse. Opens nothing. */
    public static void check(AgentConfig cfg) {
        provider(cfg.hal());
        decoder(cfg);
        privacy(cfg);
        outboxLimits(cfg);
        mqtt(cfg);
    }

    static OutboxLimits outboxLimits(AgentConfig cfg) {
        return OutboxLimits.fromOptions(cfg.options());
    }

    static HalProvider provider(String name) {
        List<String> names = new ArrayList<>();
        for (HalProvider p : ServiceLoader.load(HalProvider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
            names.add(p.name());
        }
        throw new ConfigException("hal", name, "one of " + String.join(", ", names));
    }

    static DecoderSettings decoder(AgentConfig cfg) {
        return DecoderSettings.fromOptions(cfg.options());
    }

    static PrivacySettings privacy(AgentConfig cfg) {
        return PrivacySettings.fromOptions(cfg.options());
    }

    static MqttSettings mqtt(AgentConfig cfg) {
        Map<String, String> o = new HashMap<>(cfg.options());
        o.put("broker", cfg.broker());
        return MqttSettings.fromOptions(o, "footfall-" + cfg.ids().site() + "-" + cfg.ids().node());
    }
}
