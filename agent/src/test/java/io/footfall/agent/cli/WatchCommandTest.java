package io.footfall.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WatchCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int watch(Path status) {
        return new CommandLine(new WatchCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("--once", "--status-file", status.toString());
    }

    @Test
    void a_status_file_with_missing_fields_is_named_as_such_not_a_null_pointer() throws Exception {
        Path status = dir.resolve("status.json");
        Files.writeString(status, "{\"site\":\"gent\",\"node\":\"node-7\",\"beam\":{\"passages\":[]},\"wifi\":{}}");
        assertEquals(1, watch(status));
        assertTrue(out.toString().contains("cannot show " + status + ": no object 'outbox' in it"), out + err.toString());
        assertFalse((out + err.toString()).contains("NullPointerException"), err.toString());
    }

    @Test
    void a_field_of_the_wrong_type_is_named_too() throws Exception {
        Path status = dir.resolve("status.json");
        Files.writeString(status, "{\"beam\":{\"passages\":7}}");
        assertEquals(1, watch(status));
        assertTrue(out.toString().contains("no list of objects 'beam.passages' in it"), out + err.toString());
        assertFalse((out + err.toString()).contains("Exception"), err.toString());
    }

    @Test
    void a_status_file_holding_null_is_named_too() throws Exception {
        Path status = dir.resolve("status.json");
        Files.writeString(status, "null");
        assertEquals(1, watch(status));
        assertTrue(out.toString().contains("no object '(the whole status)' in it"), out + err.toString());
    }
}
