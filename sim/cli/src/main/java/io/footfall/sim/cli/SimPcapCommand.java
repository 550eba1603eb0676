package io.footfall.sim.cli;

import io.footfall.hal.wifi.ProbeRequest;
import io.footfall.hal.wifi.pcap.PcapWriter;
import io.footfall.sim.TrafficProfile;
import io.footfall.sim.wifi.PcapLoopback;
import io.footfall.sim.wifi.PhoneCrowd;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code footfall sim pcap}: a simulated capture of phones near a node, radiotap pcap, with its
 * ground truth; at full speed into a file, or paced in real time as a live stream for
 * {@code --capture-command}.
 */
@Command(name = "pcap", mixinStandardHelpOptions = true,
        description = "Write a simulated capture (radiotap pcap) of phones probing near a node, with ground truth.")
final class SimPcapCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE|-", description = "Where to write the capture; - for stdout.")
    String out;

    @Option(names = "--truth", paramLabel = "FILE", description = "Write probes, distinct addresses and distinct phones here.")
    Path truth;

    @Option(names = "--seconds", defaultValue = "3600", description = "Simulated duration (default ${DEFAULT-VALUE}).")
    long seconds;

    @Option(names = "--peak", defaultValue = "600", description = "People per hour passing the node (flat; default ${DEFAULT-VALUE}).")
    double peak;

    @Option(names = "--randomizing", defaultValue = "0.7", description = "Share of phones that randomise their address (default ${DEFAULT-VALUE}).")
    double randomizing;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--settle", defaultValue = "0", paramLabel = "SECONDS",
            description = "Simulate this long first without writing, so the crowd has built up (default ${DEFAULT-VALUE}).")
    long settle;

    @Option(names = "--resident", defaultValue = "0", paramLabel = "N",
            description = "Instead of a street: N phones near the node all the time, no one else (default: a street).")
    int resident;

    @Option(names = "--radios", defaultValue = "1", paramLabel = "1|3",
            description = "1: one radio hopping over channels 1, 6, 11, as a node hears (default); 3: three radios on 1, 6, 11 at once, as the calibration captures were made.")
    int radios;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Write one line per probe written: the simulated phone, its model and OS (phone,model,os).")
    Path labels;

    @Option(names = "--pace", description = "Write each probe when it happens, in real time, as a live capture would.")
    boolean pace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (seconds < 1 || settle < 0 || !(peak >= 0) || !(randomizing >= 0 && randomizing <= 1) || resident < 0 || (radios != 1 && radios != 3)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds ≥ 1, --peak ≥ 0, --randomizing 0..1, --resident ≥ 0, --radios 1 or 3");
        }
        long startWallNanos = System.currentTimeMillis() * 1_000_000L;
        long startReal = System.nanoTime();
        PhoneCrowd crowd = resident > 0 ? PhoneCrowd.resident(resident, randomizing, seed, 0,
                radios == 3 ? PhoneCrowd.Radios.THREE_CHANNELS : PhoneCrowd.Radios.ONE_HOPPING)
                : new PhoneCrowd(TrafficProfile.flat(peak), mono -> startWallNanos / 1_000_000L + mono / 1_000_000L, randomizing, seed, 0);
        long skip = settle * 1_000_000_000L;
        long end = skip + seconds * 1_000_000_000L;
        long probes = 0;
        Set<Long> addresses = new HashSet<>();
        Set<Integer> phones = new HashSet<>();
        OutputStream os = out.equals("-") ? System.out : new BufferedOutputStream(Files.newOutputStream(Path.of(out)));
        try (PcapWriter w = new PcapWriter(os); Writer lab = labels == null ? Writer.nullWriter() : Files.newBufferedWriter(labels)) {
            while (true) {
                PhoneCrowd.Heard h = crowd.next();
                ProbeRequest p = h.probe();
                if (p.tNanos() >= end) {
                    break;
                }
                if (p.tNanos() < skip) {
                    continue;
                }
                if (pace) {
                    long wait = p.tNanos() - skip - (System.nanoTime() - startReal);
                    if (wait > 1_000_000) {
                        w.flush();
                        Thread.sleep(wait / 1_000_000);
                    }
                }
                w.writeProbe(startWallNanos + p.tNanos() - skip, new PcapWriter.ProbeFrame(p.source(), Math.max(0, p.seqNo()), p.retry(),
                        PcapLoopback.elements(p.ieFingerprint(), h.directed() ? "net-" + h.phone() % 5 : "")),
                        PcapWriter.Radio.signal(p.hasRssi() ? p.rssiDbm() : -60));
                lab.write(h.phone() + "," + h.model().name() + "," + h.model().os() + "\n");
                probes++;
                if (truth != null) {
                    addresses.add(p.source());
                    phones.add(h.phone());
                }
            }
        }
        if (truth != null) {
            Files.writeString(truth, "probeRequests=" + probes + "\ndevices=" + addresses.size() + "\nphones=" + phones.size() + "\n");
        }
        if (!out.equals("-")) {
            PrintWriter o = spec.commandLine().getOut();
            o.println(probes + " probe requests over " + seconds + " s (" + Math.round(probes / (double) seconds) + "/s) written to " + out);
        }
        return 0;
    }
}
