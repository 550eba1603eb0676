package io.footfall.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.footfall.agent.receive.Receiver;
import java.net.SocketException;
import java.time.Duration;
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
        assertEquals(List.of("other libraries are left alone"), consoleLinesOfPahoAndAnother());
    }

    @Test
    void a_receiver_alone_routes_pahos_logging_as_the_node_does() {
        // a JVM in which nothing routed Paho's logging yet, as 'footfall receive' was before it shared the node's lifecycle
        Logger paho = Logger.getLogger("org.eclipse.paho");
        for (Handler h : paho.getHandlers()) {
            paho.removeHandler(h);
        }
        paho.setUseParentHandlers(true);
        paho.setLevel(Level.ALL);
        try (Receiver r = new Receiver(MqttSettings.of("tcp://127.0.0.1:1", "platform"), "+", Duration.ofHours(1), (w, d) -> {})) {
            assertEquals(List.of("other libraries are left alone"), consoleLinesOfPahoAndAnother());
        }
    }

    /** What reaches the root logger's handlers when Paho and another library each log a SEVERE line. */
    private static List<String> consoleLinesOfPahoAndAnother() {
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
        return console.stream().map(LogRecord::getMessage).toList();
    }
}
