package io.footfall.agent.beam;

import io.footfall.hal.beam.Beam;
import io.footfall.hal.beam.BeamEdge;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns the raw edges of one passage's two beams into crossings and blocked alarms. Not
 * thread-safe: call it from one thread. States and timings are in docs/BEAMS.md.
 *
 * <ul>
 *   <li>{@link BeamFilter} drops chatter, glare dropouts and breaks shorter than the minimum.
 *   <li>An episode runs from a stable break while both beams were clear until both have been clear
 *       for {@code maxGap}; its occlusions go to {@link EpisodeDecoder}, which may find several
 *       people, in either direction, or nobody.
 *   <li>The first edge of each beam is its state at start-up, not a change. A beam already broken
 *       then, or broken for longer than {@code blockedAfter}, makes the episode stale: it counts
 *       nothing. {@code blocked} is raised after {@code blockedAfter} and cleared when the beam clears.
 * </ul>
 * Crossings are reported once the episode ends, about {@code maxGap} after the last beam cleared
 * (plus {@link #LATE_EDGE_NANOS} when driven by {@link #tick}), stamped with the time of that
 * person's last clear.
 */
public final class PassageDecoder {
    /** Occlusions kept per episode before it is decided early, bounding memory in a dense crowd. */
    private static final int MAX_OCCLUSIONS = 400;

    /**
     * How late an edge may reach {@link #onEdge} after the time {@link #tick} was last given:
     * edges wait in queues after they are stamped, so a tick decides only what happened before
     * {@code now} minus this. An edge later than that is taken as happening at that time.
     */
    public static final long LATE_EDGE_NANOS = 100_000_000L;

    private final String passage;
    private final CrossingListener listener;
    private final EpisodeDecoder episodes;
    private final BeamFilter filter;
    private final long maxGap;
    private final long blockedAfter;

    private final boolean[] known = new boolean[2];
    private final boolean[] broken = new boolean[2];
    private final long[] brokenSince = new long[2];
    private final List<List<Occlusion>> occlusions = List.of(new ArrayList<>(), new ArrayList<>());
    private boolean inEpisode;
    private boolean stale;
    private long clearSince;
    private long now = Long.MIN_VALUE; // edges before this have been decided on
    private boolean blocked;

    public PassageDecoder(String passage, DecoderSettings settings, CrossingListener listener) {
        this.passage = Objects.requireNonNull(passage, "passage");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.episodes = new EpisodeDecoder(settings);
        this.filter = new BeamFilter(settings.debounce().toNanos(), settings.minBreak().toNanos(), this::onStable);
        this.maxGap = settings.maxGap().toNanos();
        this.blockedAfter = settings.blockedAfter().toNanos();
    }

    public String passage() {
        return passage;
    }

    /**
     * One raw edge of this passage. An edge stamped before an earlier one (two beams' listener
     * threads racing by microseconds), or more than {@link #LATE_EDGE_NANOS} before the last
     * {@link #tick}, is taken as happening at the latest time already decided on.
     */
    public void onEdge(BeamEdge edge) {
        if (!edge.passage().equals(passage)) {
            throw new IllegalArgumentException("edge of passage '" + edge.passage() + "' given to decoder of '" + passage + "'");
        }
        long t = Math.max(edge.tNanos(), now);
        int i = edge.beam().ordinal();
        if (!known[i]) {
            known[i] = true;
            now = t;
            filter.reset(edge.beam(), edge.broken());
            broken[i] = edge.broken();
            brokenSince[i] = t;
            if (edge.broken()) {
                inEpisode = true; // someone or something is there already: we cannot tell where it came from
                stale = true;
            }
            return;
        }
        advance(t, t);
        filter.edge(edge.beam(), edge.broken(), t);
    }

    /**
     * Advances time without an edge: decides changes that have held, ends an episode whose beams
     * have been clear long enough, raises or clears the blocked alarm.
     */
    public void tick(long nowNanos) {
        advance(nowNanos - LATE_EDGE_NANOS, nowNanos);
    }

    /** Decides everything up to {@code decided}; checks the blocked alarm at {@code clock}. */
    private void advance(long decided, long clock) {
        now = Math.max(now, decided);
        filter.settle(now);
        if (inEpisode && !broken[0] && !broken[1] && Math.min(now, filter.pendingBreakSince()) - clearSince >= maxGap) {
            endEpisode();
        }
        boolean stuck = (broken[0] && clock - brokenSince[0] > blockedAfter) || (broken[1] && clock - brokenSince[1] > blockedAfter);
        if (stuck && !stale) {
            stale = true;
            occlusions.forEach(List::clear);
        }
        if (stuck != blocked) {
            blocked = stuck;
            listener.onBlocked(passage, stuck);
        }
    }

    /** Whether a beam of this passage has been broken for longer than {@code blockedAfter}. */
    public boolean blocked() {
        return blocked;
    }

    /** The debounced state of a beam. */
    public boolean broken(Beam beam) {
        return broken[beam.ordinal()];
    }

    private void onStable(Beam beam, boolean isBroken, long t) {
        int i = beam.ordinal();
        if (isBroken) {
            if (inEpisode && !broken[1 - i] && t - clearSince >= maxGap) {
                endEpisode();
            }
            inEpisode = true;
        } else if (!stale) {
            occlusions.get(i).add(new Occlusion(brokenSince[i], t));
            if (occlusions.get(0).size() + occlusions.get(1).size() >= MAX_OCCLUSIONS) {
                decide();
            }
        }
        broken[i] = isBroken;
        brokenSince[i] = t;
        if (!broken[0] && !broken[1]) {
            clearSince = t;
        }
    }

    private void endEpisode() {
        if (!stale) {
            decide();
        }
        occlusions.forEach(List::clear);
        inEpisode = false;
        stale = false;
    }

    private void decide() {
        for (EpisodeDecoder.Decided d : episodes.decode(occlusions.get(0), occlusions.get(1))) {
            for (int k = 0; k < d.people(); k++) {
                listener.onCrossing(new Crossing(d.tNanos(), passage, d.direction()));
            }
        }
        occlusions.forEach(List::clear);
    }
}
