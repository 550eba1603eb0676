package io.footfall.agent.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.hal.beam.Beam;
import io.footfall.hal.beam.BeamEdge;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PassageDecoderTest {
    private static final long MS = 1_000_000L;

    private final List<Crossing> crossings = new ArrayList<>();
    private final List<Boolean> alarms = new ArrayList<>();
    private PassageDecoder decoder = decoder(DecoderSettings.DEFAULTS);

    private PassageDecoder decoder(DecoderSettings s) {
        PassageDecoder d = new PassageDecoder("door-1", s, new CrossingListener() {
            @Override
            public void onCrossing(Crossing c) {
                crossings.add(c);
            }

            @Override
            public void onBlocked(String passage, boolean blocked) {
                alarms.add(blocked);
            }
        });
        d.onEdge(new BeamEdge(0, "door-1", Beam.A, false));
        d.onEdge(new BeamEdge(0, "door-1", Beam.B, false));
        return d;
    }

    private void edge(double ms, Beam beam, boolean broken) {
        decoder.onEdge(new BeamEdge(Math.round(ms * MS), "door-1", beam, broken));
    }

    /** One person: A broken over [a0,a1], B over [b0,b1], in ms. */
    private void person(double a0, double a1, double b0, double b1) {
        record E(double t, Beam beam, boolean broken) {}
        List<E> es = new ArrayList<>(List.of(new E(a0, Beam.A, true), new E(a1, Beam.A, false), new E(b0, Beam.B, true), new E(b1, Beam.B, false)));
        es.sort((x, y) -> Double.compare(x.t, y.t));
        es.forEach(e -> edge(e.t, e.beam, e.broken));
    }

    private void settle(double ms) {
        decoder.tick(Math.round(ms * MS));
    }

    private long count(Direction d) {
        return crossings.stream().filter(c -> c.direction() == d).count();
    }

    @Test
    void a_person_walking_from_a_to_b_counts_one_in() {
        person(1000, 1220, 1080, 1300);
        settle(2000);
        assertEquals(List.of(new Crossing(1300 * MS, "door-1", Direction.IN)), crossings);
    }

    @Test
    void a_person_walking_from_b_to_a_counts_one_out() {
        person(1080, 1300, 1000, 1220);
        settle(2000);
        assertEquals(1, count(Direction.OUT));
        assertEquals(0, count(Direction.IN));
    }

    @Test
    void a_crossing_is_reported_only_once_both_beams_have_been_clear_for_the_max_gap() {
        person(1000, 1220, 1080, 1300);
        settle(1300 + 240 + 100); // ticks decide what is 100 ms old: edges may still be queued
        assertTrue(crossings.isEmpty());
        settle(1300 + 250 + 100);
        assertEquals(1, crossings.size());
    }

    @Test
    void aborted_crossing_counts_nothing() {
        edge(1000, Beam.A, true);
        edge(1400, Beam.A, false);
        settle(3000);
        assertTrue(crossings.isEmpty());
    }

    @Test
    void stepping_through_to_the_inner_beam_and_back_counts_nothing() {
        person(1000, 1900, 1200, 1600); // B broken and cleared while A stays broken
        settle(3000);
        assertTrue(crossings.isEmpty());
    }

    @Test
    void chatter_at_the_edges_and_a_glare_dropout_do_not_split_a_crossing() {
        edge(1000, Beam.A, true);
        edge(1001, Beam.A, false);
        edge(1002, Beam.A, true);
        edge(1003.5, Beam.A, false);
        edge(1004, Beam.A, true);
        edge(1080, Beam.B, true);
        edge(1120, Beam.B, false); // glare: B reads clear for 12 ms while the person is in it
        edge(1132, Beam.B, true);
        edge(1220, Beam.A, false);
        edge(1221, Beam.A, true);
        edge(1222, Beam.A, false);
        edge(1300, Beam.B, false);
        settle(2000);
        assertEquals(1, count(Direction.IN));
        assertEquals(1, crossings.size());
    }

    @Test
    void breaks_shorter_than_the_minimum_count_nothing() {
        person(1000, 1020, 1005, 1025); // 20 ms: an insect, not a person
        settle(2000);
        assertTrue(crossings.isEmpty());
    }

    @Test
    void two_people_in_quick_succession_count_two() {
        person(1000, 1220, 1080, 1300);
        person(1260, 1480, 1340, 1560); // the second breaks A before the first has left B
        settle(3000);
        assertEquals(2, count(Direction.IN));
    }

    @Test
    void two_people_merged_into_one_occlusion_of_a_count_two() {
        edge(1000, Beam.A, true); // A never clears between the two
        edge(1080, Beam.B, true);
        edge(1300, Beam.B, false);
        edge(1340, Beam.B, true);
        edge(1500, Beam.A, false);
        edge(1580, Beam.B, false);
        settle(3000);
        assertEquals(2, count(Direction.IN));
        assertEquals(0, count(Direction.OUT));
    }

    @Test
    void people_meeting_in_opposite_directions_count_one_each_way() {
        edge(1000, Beam.A, true); // in
        edge(1080, Beam.B, true);
        edge(1220, Beam.A, false);
        edge(1430, Beam.A, true); // out: B stays broken from the first into the second
        edge(1570, Beam.B, false);
        edge(1650, Beam.A, false);
        settle(3000);
        assertEquals(1, count(Direction.IN));
        assertEquals(1, count(Direction.OUT));
    }

    @Test
    void a_person_thinner_than_the_beam_spacing_still_counts() {
        person(1000, 1100, 1200, 1300); // both beams clear between A and B
        settle(3000);
        assertEquals(1, count(Direction.IN));
    }

    @Test
    void a_transit_longer_than_the_maximum_counts_nothing() {
        person(1000, 6000, 5500, 6100); // stood in beam A for five seconds
        settle(8000);
        assertTrue(crossings.isEmpty());
    }

    @Test
    void a_beam_broken_too_long_raises_blocked_and_clears_it_when_the_beam_clears() {
        edge(1000, Beam.A, true);
        for (int t = 1100; t <= 12_000; t += 100) {
            settle(t);
        }
        assertTrue(decoder.blocked());
        assertEquals(List.of(true), alarms);
        edge(12_500, Beam.A, false);
        settle(12_700);
        assertFalse(decoder.blocked());
        assertEquals(List.of(true, false), alarms);
        assertTrue(crossings.isEmpty());
        person(14_000, 14_220, 14_080, 14_300);
        settle(15_000);
        assertEquals(1, count(Direction.IN));
    }

    @Test
    void starting_while_a_beam_is_broken_counts_nothing_until_it_clears() {
        crossings.clear();
        decoder = new PassageDecoder("door-1", DecoderSettings.DEFAULTS, crossings::add);
        decoder.onEdge(new BeamEdge(0, "door-1", Beam.A, true));
        decoder.onEdge(new BeamEdge(0, "door-1", Beam.B, false));
        edge(100, Beam.B, true); // whoever stood in A walks on: we never saw them arrive
        edge(150, Beam.A, false);
        edge(300, Beam.B, false);
        settle(1000);
        assertTrue(crossings.isEmpty());
        person(2000, 2220, 2080, 2300);
        settle(3000);
        assertEquals(1, count(Direction.IN));
    }

    @Test
    void starting_while_a_beam_is_broken_raises_blocked_after_the_limit() {
        decoder = new PassageDecoder("door-1", DecoderSettings.DEFAULTS, crossings::add);
        decoder.onEdge(new BeamEdge(0, "door-1", Beam.A, false));
        decoder.onEdge(new BeamEdge(0, "door-1", Beam.B, true));
        decoder.tick(9_000 * MS);
        assertFalse(decoder.blocked());
        decoder.tick(10_100 * MS);
        assertTrue(decoder.blocked());
    }

    @Test
    void a_deep_occlusion_counts_two_only_when_splitting_is_on() {
        person(1000, 1500, 1080, 1580); // 0.08 s lag over 0.1 m: 1.25 m/s for 0.5 s: 0.62 m deep
        settle(3000);
        assertEquals(1, count(Direction.IN));

        crossings.clear();
        decoder = decoder(DecoderSettings.fromOptions(Map.of("beam-split-depth", "0.5")));
        person(1000, 1500, 1080, 1580);
        settle(3000);
        assertEquals(2, count(Direction.IN));
    }

    @Test
    void several_passages_do_not_share_state() {
        PassageDecoder other = new PassageDecoder("door-2", DecoderSettings.DEFAULTS, crossings::add);
        other.onEdge(new BeamEdge(0, "door-2", Beam.A, false));
        other.onEdge(new BeamEdge(0, "door-2", Beam.B, false));
        edge(1000, Beam.A, true);
        other.onEdge(new BeamEdge(1050 * MS, "door-2", Beam.B, true));
        edge(1080, Beam.B, true);
        other.onEdge(new BeamEdge(1120 * MS, "door-2", Beam.A, true));
        edge(1220, Beam.A, false);
        other.onEdge(new BeamEdge(1260 * MS, "door-2", Beam.B, false));
        edge(1300, Beam.B, false);
        other.onEdge(new BeamEdge(1340 * MS, "door-2", Beam.A, false));
        settle(2000);
        other.tick(2000 * MS);
        assertEquals(List.of(new Crossing(1300 * MS, "door-1", Direction.IN), new Crossing(1340 * MS, "door-2", Direction.OUT)), crossings);
    }

    @Test
    void random_edges_never_break_the_decoder_nor_count_more_people_than_breaks_of_a_beam() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        boolean[] state = new boolean[2];
        int[] breaks = new int[2];
        double t = 0;
        for (int k = 0; k < 200_000; k++) {
            t += random.nextDouble() < 0.5 ? random.nextDouble(0, 20) : random.nextDouble(0, 600);
            int b = random.nextInt(2);
            state[b] = !state[b];
            breaks[b] += state[b] ? 1 : 0;
            edge(t, Beam.values()[b], state[b]);
            if (k % 50 == 0) {
                settle(t);
            }
        }
        settle(t + 20_000);
        assertTrue(crossings.size() <= Math.max(breaks[0], breaks[1]), crossings.size() + " crossings from " + breaks[0] + "/" + breaks[1] + " breaks");
        assertTrue(crossings.size() > 1000, "random flicker still pairs up sometimes: " + crossings.size());
    }

    @Test
    void edges_still_queued_when_a_tick_comes_are_not_overtaken_by_it() {
        edge(1000, Beam.A, true);
        edge(1080, Beam.B, true);
        settle(1310); // the clock says 1310 while the two clears, stamped 1220 and 1300, are still queued
        edge(1220, Beam.A, false);
        edge(1300, Beam.B, false);
        settle(2000);
        assertEquals(List.of(new Crossing(1300 * MS, "door-1", Direction.IN)), crossings);
    }
}
