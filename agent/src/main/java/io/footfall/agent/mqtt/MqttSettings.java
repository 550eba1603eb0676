package io.footfall.agent.mqtt;

import io.footfall.hal.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** How to reach the broker. Placeholder until the delivery branch lands. */
public record MqttSettings(String broker, String clientId, Optional<String> username, Optional<Path> passwordFile,
        Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile, Duration backoffMin, Duration backoffMax) {

    public static MqttSettings fromOptions(Map<String, String> options, String defaultClientId) {
        String broker = options.getOrDefault("broker", "tcp://127.0.0.1:1883");
        if (!broker.startsWith("tcp://") && !broker.startsWith("mqtt://")) {
            throw new ConfigException("broker", broker, "tcp:// or mqtt:// (TLS comes with the delivery work)");
        }
        return new MqttSettings(broker.replace("mqtt://", "tcp://"), defaultClientId, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofMillis(200), Duration.ofSeconds(30));
    }
}
