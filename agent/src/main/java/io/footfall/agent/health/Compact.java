package io.footfall.agent.health;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The compact form's rule for counters and lists: a value at its default (0, empty) is left out. */
final class Compact {
    private Compact() {}

    static OptionalLong counter(OptionalLong c) {
        return c.isPresent() && c.getAsLong() == 0 ? OptionalLong.empty() : c;
    }

    static <T> Optional<List<T>> list(Optional<List<T>> l) {
        return l.filter(x -> !x.isEmpty());
    }
}
