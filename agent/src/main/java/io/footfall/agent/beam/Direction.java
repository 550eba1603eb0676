package io.footfall.agent.beam;

/** Which way a person crossed: {@code IN} is from beam A (outside) to beam B (inside). */
public enum Direction {
    IN,
    OUT
}
