package io.footfall.agent.beam;

/** Receives decoded crossings and blocked alarms. */
public interface CrossingListener {
    void onCrossing(Crossing crossing);

    /** A passage became blocked (a beam broken for too long) or cleared again. */
    default void onBlocked(String passage, boolean blocked) {}
}
