package io.footfall.agent.spare;

import io.footfall.hal.ConfigException;
import io.footfall.hal.HalException;
import io.footfall.hal.spi.DiagCheck;
import io.footfall.hal.spi.Hal;
import io.footfall.hal.spi.HalProvider;
import io.footfall.hal.spi.HalSettings;
import java.util.List;
import java.util.Set;

/**
 * {@code hal=spare}: a provider the agent has never heard of, as a drop-in Pi replacement would be,
 * registered only by a {@code META-INF/services} line in the agent's test resources. It declares its
 * own setting ({@code spare-bus}), refuses a bad one and brings its own {@code diag} line; it has no
 * hardware, so it refuses to open.
 */
public final class SpareHalProvider implements HalProvider {
    @Override
    public String name() {
        return "spare";
    }

    @Override
    public Set<String> keys() {
        return Set.of("spare-bus");
    }

    @Override
    public void check(HalSettings settings) {
        bus(settings);
    }

    @Override
    public List<DiagCheck> diagnose(HalSettings settings) {
        return List.of(new DiagCheck("spare-bus", DiagCheck.Status.WARN, bus(settings) + " not probed: a test provider"));
    }

    @Override
    public Hal open(HalSettings settings) {
        throw new HalException("no spare board on " + bus(settings));
    }

    private static String bus(HalSettings settings) {
        String bus = settings.options().getOrDefault("spare-bus", "i2c-1").trim();
        if (!bus.matches("i2c-[0-9]{1,2}")) {
            throw new ConfigException("spare-bus", bus, "i2c-N");
        }
        return bus;
    }
}
