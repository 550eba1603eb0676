package io.footfall.hal.spi;

import java.util.List;
import java.util.Set;

/**
 * One implementation of the hardware, found through {@link java.util.ServiceLoader} and picked by
 * the {@code hal} setting. The agent never asks which one it got.
 */
public interface HalProvider {
    /** The value of the {@code hal} setting that picks this provider, e.g. {@code pi} or {@code sim}. */
    String name();

    /**
     * Opens the hardware. Refuses with a {@link io.footfall.hal.HalException} naming the cause when the
     * machine cannot provide it, or a {@link io.footfall.hal.ConfigException} naming a bad setting.
     */
    Hal open(HalSettings settings);

    /**
     * The settings this provider reads from {@link HalSettings#options()}, e.g. {@code sim-speed}.
     * The agent knows its keys from their owners: a key no component declares is refused.
     */
    default Set<String> keys() {
        return Set.of();
    }

    /**
     * Refuses, with a {@link io.footfall.hal.ConfigException} naming the key, every setting that
     * {@link #open} would refuse; touches no hardware. {@code footfall config check} and
     * {@code footfall run} both call it before anything is opened.
     */
    default void check(HalSettings settings) {}

    /**
     * The checks {@code footfall diag} runs on this provider's hardware (devices present, tools
     * installed), beside the agent's own; touches no hardware in a way a running node would notice
     * (the service may be running). None by default.
     */
    default List<DiagCheck> diagnose(HalSettings settings) {
        return List.of();
    }
}
