package io.footfall.agent.cli;

import io.footfall.agent.config.AgentConfig;
import io.footfall.agent.node.Node;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code footfall run}: counts and publishes until stopped (SIGTERM or Ctrl-C). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Count and publish until stopped. Every option can also come from the properties file and the environment.")
final class RunCommand implements Runnable {
    @Mixin
    ConfigOptions options;

    @Override
    public void run() {
        AgentConfig cfg = AgentConfig.from(options.load());
        CountDownLatch stopped = new CountDownLatch(1);
        try (Node node = Node.open(cfg)) {
            Thread hook = new Thread(() -> {
                node.stop();
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            node.run();
        } finally {
            stopped.countDown();
        }
    }
}
