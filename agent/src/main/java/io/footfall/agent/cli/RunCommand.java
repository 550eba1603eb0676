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
        description = "Count and publish until stopped. Every option can also come from the properties file and the environment."
                + " Holds DIR/lock while running: one agent per data directory.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped",
            "1:failure at run time",
            "75:the data directory is in use by another footfall process (its pid is named); not a configuration error,"
                + " so systemd restarts after RestartSec and gets in once the other one is gone",
            "78:a configuration value was refused",
            "143:stopped by SIGTERM after a clean shutdown"
        })
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
