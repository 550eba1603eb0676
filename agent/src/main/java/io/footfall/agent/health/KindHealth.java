package io.footfall.agent.health;

import io.footfall.hal.spi.DiagCheck;
import java.util.List;

/**
 * A sensor kind's section of a health snapshot (a record: {@link BeamHealth}, {@link WifiHealth}, or
 * a kind's own), written under its {@link HealthKind#key()} between {@code clockSynced} and
 * {@code pipeline}. It says what of it the compact form leaves out, what of it is state worth a
 * report at once, and how {@code footfall watch} shows it; health, the status file and watch only
 * iterate over the sections.
 */
public interface KindHealth {
    /** This section as the health topic carries it ({@link HealthSnapshot#compact()}): defaults left out. */
    default KindHealth compact() {
        return this;
    }

    /**
     * What of it a technician wants to hear about at once when it changes (a passage blocked, a
     * capture dying), as a short text compared with the previous one; rates and counters left out.
     */
    default String stateSignature() {
        return "";
    }

    /** Its lines in {@code footfall watch}, without line ends. */
    List<String> watchLines();

    /**
     * Its lines in {@code footfall diag} while an agent runs here (read from the status file); a
     * {@code FAIL} makes diag exit 1, so a kind reports what the agent copes with as {@code WARN}.
     */
    default List<DiagCheck> diagChecks() {
        return List.of();
    }
}
