package io.footfall.agent.counts;

import io.footfall.agent.counts.beam.BeamKind;
import io.footfall.agent.counts.wifi.WifiKind;
import io.footfall.agent.counts.wifi.WifiSection;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Writes one counts message the way the node does ({@link CountsWriter}), and its beam section as
 * health shows it ({@link CountsJson#beam}), and prints both: run by
 * {@link CountsWriterTest} in a JVM of its own, to see which classes writing loads. Names nothing of
 * databind, nor the test (which does).
 */
final class WriteOneWindow {
    private WriteOneWindow() {}

    static CountsMessage message() {
        BeamCounts beam = BeamCounts.of(List.of(new BeamCounts.PassageCounts("door-1", 4, 3, true, 20)));
        WifiSection wifi = new WifiSection(18, 3, 15, 9, OptionalInt.of(7), OptionalInt.empty(), Optional.of(List.of(5, 3, 1, 0)), false, 5,
                Optional.empty(), OptionalDouble.empty(), OptionalLong.of(240), Optional.empty());
        return new CountsMessage("site-a", "node-1", "node-1/s/7", 7, Optional.empty(),
                new CountsMessage.WindowInfo(1_795_305_600_000L, 1_795_305_900_000L, false),
                Optional.of(new CountsMessage.Watched(300, OptionalLong.empty())), sections(beam, wifi));
    }

    private static Map<String, CountsSection> sections(BeamCounts beam, WifiSection wifi) {
        Map<String, CountsSection> s = new LinkedHashMap<>();
        s.put(BeamKind.KEY, beam);
        s.put(WifiKind.KEY, wifi);
        return s;
    }

    public static void main(String[] args) {
        System.out.println("payload " + new String(CountsWriter.toJson(message()), StandardCharsets.UTF_8));
        System.out.println("beam " + CountsJson.beam(BeamKind.in(message())));
    }
}
