package io.footfall.agent.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an embedded SQLite file, as {@code --store counts.db} makes it. */
class SqliteStoreTest extends StoreContract {
    @TempDir
    Path dir;

    private int n;

    @Override
    String newStore() {
        return dir.resolve("counts-" + (++n) + ".db").toString();
    }
}
