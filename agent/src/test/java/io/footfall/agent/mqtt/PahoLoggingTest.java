package io.footfall.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class PahoLoggingTest {
    @Test
    void pahos_own_severe_lines_with_stack_traces_never_reach_the_console() {
        PahoSession.routePahoLogging();
        List<LogRecord> console = new ArrayList<>();
        Handler root = new Handler() {
            @Override
            public void publish(LogRecord r) {
                console.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger.getLogger("").addHandler(root);
        try {
            // what Paho 1.2.5's CommsSender logs when a connection is dropped while it writes
            Logger.getLogger("org.eclipse.paho.mqttv5.client.internal.CommsSender")
                    .log(Level.SEVERE, "footfall-s1-n1: exception", new SocketException("Socket closed"));
            Logger.getLogger("io.footfall.not.paho").log(Level.SEVERE, "other libraries are left alone");
        } finally {
            Logger.getLogger("").removeHandler(root);
        }
        assertEquals(List.of("other libraries are left alone"), console.stream().map(LogRecord::getMessage).toList());
    }
}
