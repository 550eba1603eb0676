package io.footfall.agent.node;

import io.footfall.agent.beam.DecoderSettings;
import io.footfall.agent.config.AgentConfig;
import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.outbox.OutboxLimits;
import io.footfall.agent.privacy.PrivacySettings;
import io.footfall.hal.ConfigException;
import io.footfall.hal.spi.DiagCheck;
import io.footfall.hal.spi.HalProvider;
import io.footfall.hal.spi.HalSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Checks a configuration as a whole and finds the hardware provider it names. */
public final class NodeSetup {
    private NodeSetup() {}

    /**
     * Refuses, naming the key, any setting that {@link Node#open} would refuse: the hardware
     * provider's own ({@link HalProvider#check}), the components' and the TLS files. Opens nothing.
     * {@code footfall run} and {@code footfall config check} both go through here.
     */
    public static void check(AgentConfig cfg) {
        provider(cfg.hal()).check(halSettings(cfg));
        decoder(cfg);
        privacy(cfg);
        outboxLimits(cfg);
        mqtt(cfg);
    }

    /** The hardware provider's own {@code diag} checks ({@link HalProvider#diagnose}); opens nothing. */
    public static List<DiagCheck> diagnose(AgentConfig cfg) {
        return provider(cfg.hal()).diagnose(halSettings(cfg));
    }

    private static HalSettings halSettings(AgentConfig cfg) {
        return new HalSettings(cfg.passages(), cfg.wifi(), cfg.dataDir(), 0, cfg.options());
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

    /** How this node reaches its broker, with its own client id. */
    public static MqttSettings mqtt(AgentConfig cfg) {
        Map<String, String> o = new HashMap<>(cfg.options());
        o.put("broker", cfg.broker());
        return MqttSettings.fromOptions(o, MqttSettings.clientId(cfg.ids()));
    }
}
