package io.footfall.sim;

import io.footfall.hal.ConfigException;
import io.footfall.hal.NodeClock;
import io.footfall.hal.Options;
import io.footfall.hal.beam.PassageSpec;
import io.footfall.hal.spi.HalProvider;
import io.footfall.hal.spi.HalSettings;
import io.footfall.sim.beam.CrowdSettings;
import io.footfall.sim.beam.SimBeamSensor;
import io.footfall.sim.wifi.PcapLoopback;
import io.footfall.sim.wifi.SimProbeCapture;
import io.footfall.hal.wifi.capture.CommandProbeCapture;
import io.footfall.hal.wifi.ProbeCapture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code hal=sim}: a simulated node on any PC. Reads these settings (all optional):
 * <ul>
 *   <li>{@code sim-speed} simulated seconds per real second (default 1, up to 100000)
 *   <li>{@code sim-seed} seed of the traffic model (default 1)
 *   <li>{@code sim-peak} people per hour per passage at the busiest hour of the week (default 600)
 *   <li>{@code sim-profile} {@code leeds} (weekly shape of a shopping street, default) or {@code flat}
 *   <li>{@code sim-spacing} metres between beam A and beam B (default 0.10)
 *   <li>{@code sim-width} passage width in metres; people walk in 0.6 m lanes, so the default
 *       single file; 1.2 is a door two people can pass in (default 0.6)
 *   <li>{@code sim-noise} beam sensor noise, 0 (clean) to 5; 1 is a typical outdoor door: edge
 *       chatter, sun-glare dropouts, spurious short breaks (default 0)
 *   <li>{@code sim-groups} share of arrivals that are groups walking side by side, 0..1 (default 0)
 *   <li>{@code sim-aborts} share of arrivals that step in and turn back, 0..1 (default 0.02)
 *   <li>{@code sim-headway} least gap in metres a follower keeps behind the person ahead (default 0.2)
 *   <li>{@code sim-randomizing} share of phones that randomise their address, 0..1 (default 0.7)
 *   <li>{@code sim-truth} {@code true} to keep ground truth in memory (in-process tests only; grows without bound)
 *   <li>{@code sim-truth-file} a file to append ground truth to as CSV (tests of the real jar)
 *   <li>{@code sim-wedge-file} tests of the systemd watchdog: once this file exists, the agent's
 *       pipeline thread blocks for good, as in a deadlock
 * </ul>
 * Simulated phones reach the agent as pcap bytes through the real parser ({@link PcapLoopback}); with
 * {@code capture-command} set, probes come from that command instead, as on a real node.
 * With no passage configured it simulates one, {@code door-1}. The clock starts at the later of now
 * and the end of the last window the node closed, so a restarted simulation carries on.
 */
public final class SimHalProvider implements HalProvider {
    public static final PassageSpec DEFAULT_PASSAGE = new PassageSpec("door-1", 17, 27);

    @Override
    public String name() {
        return "sim";
    }

    /** The settings this provider reads: its own and those of the simulated crowd. */
    public static final Set<String> KEYS = Stream.concat(
            Stream.of("sim-speed", "sim-seed", "sim-peak", "sim-profile", "sim-randomizing", "sim-truth", "sim-truth-file", "sim-wedge-file"),
            CrowdSettings.KEYS.stream()).collect(Collectors.toUnmodifiableSet());

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public void check(HalSettings settings) {
        Params.of(settings.options());
    }

    /** Every {@code sim-*} value, read and checked before anything starts. */
    private record Params(double speed, long seed, TrafficProfile profile, CrowdSettings crowd, double randomizing, boolean truthInMemory,
            Optional<Path> truthFile) {
        static Params of(Map<String, String> o) {
            double speed = Options.number(o, "sim-speed", 1, 1e-3, 100_000);
            long seed = (long) Options.number(o, "sim-seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
            double peak = Options.number(o, "sim-peak", 600, 0, 100_000);
            CrowdSettings crowd = CrowdSettings.fromOptions(o);
            double randomizing = Options.number(o, "sim-randomizing", 0.7, 0, 1);
            String profileName = o.getOrDefault("sim-profile", "leeds").trim();
            TrafficProfile profile = switch (profileName) {
                case "leeds" -> TrafficProfile.leeds(peak);
                case "flat" -> TrafficProfile.flat(peak);
                default -> throw new ConfigException("sim-profile", profileName, "leeds or flat");
            };
            String truthFlag = o.getOrDefault("sim-truth", "false").trim();
            if (!truthFlag.equals("true") && !truthFlag.equals("false")) {
                throw new ConfigException("sim-truth", truthFlag, "true or false");
            }
            Optional<Path> truthFile = Optional.ofNullable(o.get("sim-truth-file")).filter(f -> !f.isBlank())
                    .map(Path::of);
            return new Params(speed, seed, profile, crowd, randomizing, truthFlag.equals("true"), truthFile);
        }
    }

    @Override
    public SimHal open(HalSettings settings) {
        Params p = Params.of(settings.options());
        SimClock clock = new SimClock(Math.max(System.currentTimeMillis(), settings.resumeAfterMillis()), p.speed());
        Optional<GroundTruth> truth = p.truthInMemory() || p.truthFile().isPresent()
                ? Optional.of(new GroundTruth(p.truthInMemory(), p.truthFile(), clock::wallMillisAt))
                : Optional.empty();
        List<PassageSpec> passages = settings.passages().isEmpty() ? List.of(DEFAULT_PASSAGE) : settings.passages();
        SimBeamSensor beams = new SimBeamSensor(passages, clock, p.profile(), p.crowd(), p.seed(), truth);
        Optional<ProbeCapture> wifi = settings.wifi().enabled()
                ? Optional.of(settings.wifi().captureCommand().isBlank()
                        ? new PcapLoopback(new SimProbeCapture(clock, p.profile(), p.randomizing(), p.seed() + 1, truth), clock)
                        : new CommandProbeCapture(settings.wifi(), clock))
                : Optional.empty();
        // Test-only: wedge the agent's pipeline once this file exists (the systemd watchdog's tests).
        NodeClock agentClock = Optional.ofNullable(settings.options().get("sim-wedge-file")).filter(f -> !f.isBlank())
                .<NodeClock>map(f -> new WedgeableClock(clock, Path.of(f.trim()))).orElse(clock);
        return new SimHal(clock, agentClock, beams, wifi, truth);
    }
}
