package io.footfall.agent.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.mqtt.MqttSettings;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.testing.MosquittoBroker;
import io.footfall.agent.testing.Publish;
import io.footfall.agent.testing.Windows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What any client allowed to publish on the broker could send, sent by the real mosquitto_pub to a real Mosquitto. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HostileInputTest {
    static final Topics N1 = new Topics("s1", "n1");
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    static String window(long seq) {
        long start = Windows.DAY0 + (seq - 1) * Windows.FIVE_MINUTES;
        return new String(Windows.json(N1, seq, "n1/abc123/" + seq, start, start + Windows.FIVE_MINUTES), StandardCharsets.UTF_8);
    }

    Receiver receiver(MosquittoBroker broker, Recorder rec) {
        Receiver r = new Receiver(MqttSettings.of(broker.uri(), "platform"), "+", Duration.ofHours(1), rec);
        r.startAndAwaitConnected(Duration.ofSeconds(10));
        return r;
    }

    @Test
    void a_payload_claiming_another_node_than_its_topic_is_rejected_and_the_genuine_window_still_counts() throws Exception {
        Recorder rec = new Recorder();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker")); Receiver r = receiver(broker, rec)) {
            Publish.text(broker, "footfall/v1/s1/attacker/counts", window(1).replace("\"in\":", "\"in\":9000+"));
            Publish.text(broker, "footfall/v1/s1/attacker/counts", window(1));
            Publish.text(broker, "footfall/v1/s2/n1/counts", window(1));
            Publish.text(broker, N1.counts(), window(1));
            List<String> events = rec.await(3, WAIT);
            assertTrue(events.get(0).startsWith("rejected MALFORMED on footfall/v1/s1/attacker/counts: not JSON"), events.get(0));
            assertEquals("rejected IDENTITY on footfall/v1/s1/attacker/counts: payload claims site s1 node n1 but was published on "
                    + "footfall/v1/s1/attacker/counts (id n1/abc123/1)", events.get(1));
            events = rec.await(4, WAIT);
            assertEquals("rejected IDENTITY on footfall/v1/s2/n1/counts: payload claims site s1 node n1 but was published on "
                    + "footfall/v1/s2/n1/counts (id n1/abc123/1)", events.get(2));
            assertTrue(events.get(3).startsWith("new n1/abc123/1 in "), events.toString());
            assertEquals(1, r.distinct());
            assertEquals(0, r.duplicates());
        }
    }

    @Test
    void the_same_id_with_other_content_is_a_conflict_and_the_first_arrival_stands() throws Exception {
        Recorder rec = new Recorder();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker")); Receiver r = receiver(broker, rec)) {
            String genuine = window(1);
            String forged = genuine.replaceFirst("\"in\":(\\d+)", "\"in\":4242");
            Publish.text(broker, N1.counts(), genuine);
            Publish.text(broker, N1.counts(), genuine.replace(",", ", "));
            Publish.text(broker, N1.counts(), forged);
            List<String> events = rec.await(3, WAIT);
            assertTrue(events.get(0).startsWith("new n1/abc123/1 in "), events.toString());
            assertTrue(events.get(1).startsWith("dup n1/abc123/1 in "), "same content, other spacing: a plain duplicate: " + events);
            assertEquals("conflict n1/abc123/1 on footfall/v1/s1/n1/counts", events.get(2));
            assertEquals(1, r.conflicts());
            assertTrue(r.received().get(0).beamIn() != 4242);
        }
    }

    @Test
    void payloads_over_the_bound_are_rejected_unparsed_and_the_broker_is_not_allowed_to_send_a_megabyte() throws Exception {
        Recorder rec = new Recorder();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker")); Receiver r = receiver(broker, rec)) {
            byte[] big = new byte[100 * 1024];
            Arrays.fill(big, (byte) ' ');
            byte[] huge = new byte[10 * 1024 * 1024];
            Arrays.fill(huge, (byte) '[');
            for (int i = 0; i < 5; i++) {
                Publish.bytes(broker, N1.counts(), huge);
            }
            Publish.bytes(broker, N1.counts(), big);
            Publish.text(broker, N1.counts(), window(1));
            List<String> events = rec.await(2, WAIT);
            assertEquals("rejected OVERSIZED on footfall/v1/s1/n1/counts: 102400 bytes, more than the bound of 65536", events.get(0));
            assertTrue(events.get(1).startsWith("new n1/abc123/1"), events.toString());
            assertEquals(1, r.rejected(), "the 10 MB payloads never reached the receiver: the broker dropped them (maximum packet size)");
            assertTrue(r.connected());
        }
    }

    @Test
    void payloads_that_break_the_schema_or_the_id_rules_are_rejected_naming_the_problem() throws Exception {
        Recorder rec = new Recorder();
        String w = window(7);
        List<String[]> cases = List.of(
                new String[] {w.replaceFirst("\"in\":\\d+", "\"in\":-5"), "must have a minimum value of 0"},
                new String[] {w.replace("\"seq\":7", "\"seq\":9223372036854775808").replace("n1/abc123/7", "n1/abc123/9223372036854775808"),
                    "seq 9223372036854775808 is beyond 9007199254740991"},
                new String[] {w.replaceFirst("\"in\":\\d+", "\"in\":4294967296"), "in 4294967296 is beyond 2147483647"},
                new String[] {w.replace("\"node\":\"n1\"", "\"node\":\"n1\",\"node\":\"n1\""), "Duplicate field 'node'"},
                new String[] {w.replace("\"passages\":", "\"extra\":1,\"passages\":"), "extra"},
                new String[] {w.replace("\"seq\":7", "\"seq\":8"), "id n1/abc123/7 does not match node n1, seq 8"},
                new String[] {w.replace("\"site\":\"s1\"", "\"site\":\"=HYPERLINK(\\\"x\\\")\""), "site"},
                new String[] {"[]", "not a JSON object"});
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker")); Receiver r = receiver(broker, rec)) {
            for (String[] c : cases) {
                Publish.text(broker, N1.counts(), c[0]);
            }
            List<String> events = rec.await(cases.size(), WAIT);
            for (int i = 0; i < cases.size(); i++) {
                assertTrue(events.get(i).startsWith("rejected MALFORMED on footfall/v1/s1/n1/counts: "), "case " + i + ": " + events);
                assertTrue(events.get(i).contains(cases.get(i)[1]), "case " + i + ": " + events.get(i));
            }
            assertEquals(0, r.distinct());
            assertEquals(cases.size(), r.rejected());
        }
    }
}
