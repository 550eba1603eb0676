package io.footfall.agent.store;

import io.footfall.agent.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on a real PostgreSQL server, started for this class from Debian's packages. */
class PostgresStoreTest extends StoreContract {
    static PostgresServer server;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    String newStore() {
        return server.createDatabase();
    }
}
