package io.footfall.agent.cli;

import io.footfall.agent.config.AgentConfig;
import io.footfall.agent.node.Node;
import io.footfall.agent.systemd.NodeService;
import io.footfall.agent.systemd.Watchdog;
import java.util.Optional;
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
            // Under systemd (Type=notify): READY=1, STATUS=, WATCHDOG=1 while every loop is alive.
            Optional<Watchdog> watchdog = NodeService.fromEnvironment(node, System.getenv()).map(Watchdog::start);
            Thread hook = new Thread(() -> {
                watchdog.ifPresent(Watchdog::stopping);
                node.stop();
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                node.run();
            } finally {
                watchdog.ifPresent(Watchdog::close);
            }
        } finally {
            stopped.countDown();
        }
    }
}
