package io.footfall.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.footfall.agent.testing.AgentProcess;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar reads only the documented FOOTFALL_* names from its environment. */
class ConfigEnvironmentIT {

    private record Result(int code, String output) {}

    private static Result configCheck(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of("java", "-Xmx64m", "-jar", AgentProcess.jar().toString(), "config", "check",
                "--config", "/dev/null", "--hal", "sim", "--site", "s1", "--node", "n1")).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "config check ended");
        return new Result(p.exitValue(), out);
    }

    @Test
    void the_launchers_own_variable_does_not_stop_any_command() throws Exception {
        Result r = configCheck(Map.of("FOOTFALL_JAVA_OPTS", "-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"));
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("configuration is valid"), r.output());
    }

    @Test
    void a_documented_name_is_still_a_setting_and_a_near_miss_is_pointed_out() throws Exception {
        Result bad = configCheck(Map.of("FOOTFALL_WINDOW", "7m"));
        assertEquals(78, bad.code(), bad.output());
        assertTrue(bad.output().contains("'window'") && bad.output().contains("'7m'"), bad.output());
        Result near = configCheck(Map.of("FOOTFALL_WINDWO", "7m"));
        assertEquals(0, near.code(), near.output());
        assertTrue(near.output().contains("did you mean FOOTFALL_WINDOW?"), near.output());
    }
}
