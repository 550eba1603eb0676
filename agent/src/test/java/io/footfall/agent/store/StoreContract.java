package io.footfall.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.receive.CountsParser;
import io.footfall.agent.receive.Gap;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.receive.Sink.Put;
import io.footfall.agent.testing.Windows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One contract for every database the store runs on; subclasses say where the store lives. */
abstract class StoreContract {
    static final Topics N1 = new Topics("gent", "n1");
    static final ObjectMapper JSON = new ObjectMapper();

    /** A new, empty store's {@code --store} value. */
    abstract String newStore() throws Exception;

    static ReceivedWindow window(long seq) {
        long start = Windows.DAY0 + (seq - 1) * Windows.FIVE_MINUTES;
        return CountsParser.parse(N1.counts(), Windows.json(N1, seq, "n1/abc123/" + seq, start, start + Windows.FIVE_MINUTES));
    }

    /** What the node's outbox sends when it coarsened windows {@code seq..seqLast} into one message. */
    static ReceivedWindow merged(long seq, long seqLast) throws Exception {
        long start = Windows.DAY0 + (seq - 1) * Windows.FIVE_MINUTES;
        ObjectNode m = (ObjectNode) JSON.readTree(Windows.json(N1, seq, "n1/abc123/" + seq + "-" + seqLast, start,
                Windows.DAY0 + seqLast * Windows.FIVE_MINUTES));
        m.put("seqLast", seqLast);
        m.put("merged", (int) (seqLast - seq + 1));
        ((ObjectNode) m.get("wifi")).remove("dwell");
        return CountsParser.parse(N1.counts(), JSON.writeValueAsBytes(m));
    }

    static ReceivedWindow withBeamIn(ReceivedWindow w, int in) throws Exception {
        ObjectNode m = JSON.valueToTree(w.json());
        ((ObjectNode) m.get("beam")).put("in", in);
        return CountsParser.parse(N1.counts(), JSON.writeValueAsBytes(m));
    }

    @Test
    void each_window_is_stored_once_and_a_resend_is_a_duplicate() throws Exception {
        try (CountsStore s = CountsStore.open(StoreUrl.parse(newStore()))) {
            assertEquals(Put.STORED, s.put(N1.counts(), window(1)));
            assertEquals(Put.STORED, s.put(N1.counts(), window(2)));
            assertEquals(Put.DUPLICATE, s.put(N1.counts(), window(1)));
            assertEquals(2, s.count());
            List<ReceivedWindow> back = new ArrayList<>();
            s.windows(Optional.empty(), Optional.empty(), back::add);
            assertEquals(List.of(window(1).json(), window(2).json()), back.stream().map(ReceivedWindow::json).toList());
        }
    }

    @Test
    void the_same_id_with_other_content_is_kept_aside_and_the_first_stands() throws Exception {
        try (CountsStore s = CountsStore.open(StoreUrl.parse(newStore()))) {
            assertEquals(Put.STORED, s.put(N1.counts(), window(1)));
            assertEquals(Put.CONFLICT, s.put(N1.counts(), withBeamIn(window(1), 4242)));
            assertEquals(Put.CONFLICT, s.put(N1.counts(), withBeamIn(window(1), 4242)));
            assertEquals(1, s.count());
            assertEquals(1, s.conflicts());
            List<ReceivedWindow> back = new ArrayList<>();
            s.windows(Optional.empty(), Optional.empty(), back::add);
            assertEquals(window(1).beamIn(), back.get(0).beamIn());
        }
    }

    @Test
    void gaps_are_kept_per_stream_and_close_when_late_resends_or_a_merged_message_arrive() throws Exception {
        try (CountsStore s = CountsStore.open(StoreUrl.parse(newStore()))) {
            for (long seq : new long[] {1, 2, 6, 9, 10}) {
                s.put(N1.counts(), window(seq));
            }
            assertEquals(List.of(new Gap("n1", "abc123", 3, 5), new Gap("n1", "abc123", 7, 8)), s.gaps("gent"));
            assertEquals(List.of(), s.gaps("other-site"));
            s.put(N1.counts(), merged(3, 5));
            assertEquals(List.of(new Gap("n1", "abc123", 7, 8)), s.gaps("+"));
            s.put(N1.counts(), window(7));
            s.put(N1.counts(), window(8));
            assertEquals(List.of(), s.gaps("+"));
            List<ReceivedWindow> back = new ArrayList<>();
            s.windows(Optional.of(Instant.ofEpochMilli(Windows.DAY0 + 2 * Windows.FIVE_MINUTES)),
                    Optional.of(Instant.ofEpochMilli(Windows.DAY0 + 6 * Windows.FIVE_MINUTES)), back::add);
            assertEquals(List.of("n1/abc123/3-5", "n1/abc123/6"), back.stream().map(ReceivedWindow::id).toList(),
                    "the merged message is one row, as sent, with its three windows' span");
            assertEquals(3, back.get(0).json().get("merged"));
        }
    }

    @Test
    void several_writers_on_one_store_land_each_window_exactly_once() throws Exception {
        String url = newStore();
        CountsStore.open(StoreUrl.parse(url)).close();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<CountsStore> stores = new ArrayList<>();
        try {
            List<Future<Integer>> stored = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                CountsStore s = CountsStore.open(StoreUrl.parse(url));
                stores.add(s);
                stored.add(pool.submit(() -> {
                    int n = 0;
                    for (long seq = 1; seq <= 60; seq++) {
                        n += s.put(N1.counts(), window(seq)) == Put.STORED ? 1 : 0;
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : stored) {
                total += f.get();
            }
            assertEquals(60, total, "each window stored by exactly one writer");
            assertEquals(60, stores.get(0).count());
            assertEquals(List.of(), stores.get(0).gaps("+"));
        } finally {
            pool.shutdownNow();
            stores.forEach(CountsStore::close);
        }
    }

    @Test
    void reopening_keeps_the_data_and_the_schema_version() throws Exception {
        String url = newStore();
        try (CountsStore s = CountsStore.open(StoreUrl.parse(url))) {
            s.put(N1.counts(), window(1));
        }
        try (CountsStore s = CountsStore.open(StoreUrl.parse(url))) {
            assertEquals(1, s.count());
            assertEquals(Put.DUPLICATE, s.put(N1.counts(), window(1)));
            assertEquals("2", s.schemaVersion());
        }
    }
}
