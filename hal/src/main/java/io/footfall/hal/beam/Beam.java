package io.footfall.hal.beam;

/** The two beams of a passage: {@code A} on the outside, {@code B} on the inside. A→B is in. */
public enum Beam {
    A,
    B
}
