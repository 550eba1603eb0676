package io.footfall.hal.pi;

import io.footfall.hal.spi.DiagCheck;
import io.footfall.hal.spi.DiagCheck.Status;
import io.footfall.hal.spi.HalSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code footfall diag}'s checks of a Pi's sensors: the GPIO device, the monitor-mode interface, tcpdump and iw. */
final class PiChecks {
    private PiChecks() {}

    static List<DiagCheck> of(HalSettings settings) {
        List<DiagCheck> out = new ArrayList<>();
        if (!settings.passages().isEmpty()) {
            boolean chip = Files.exists(Path.of("/dev/gpiochip0")) || Files.exists(Path.of("/dev/gpiochip4"));
            out.add(chip ? new DiagCheck("gpio", Status.PASS, "GPIO character device present for " + settings.passages().size() + " passage(s)")
                    : new DiagCheck("gpio", Status.FAIL, "no /dev/gpiochip*: not a Raspberry Pi, or the gpio driver is missing"));
        }
        if (settings.wifi().enabled() && settings.wifi().captureCommand().isEmpty()) {
            String iface = settings.wifi().iface();
            out.add(Files.exists(Path.of("/sys/class/net", iface)) ? new DiagCheck("wifi-interface", Status.PASS, iface + " present")
                    : new DiagCheck("wifi-interface", Status.FAIL, iface + " not found: plug in the monitor-mode adapter or set wifi-interface"));
            for (String tool : List.of("tcpdump", "iw")) {
                boolean found = List.of("/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/").stream().anyMatch(d -> Files.isExecutable(Path.of(d + tool)));
                out.add(found ? new DiagCheck(tool, Status.PASS, "installed") : new DiagCheck(tool, Status.FAIL, "not installed: apt install " + tool));
            }
        }
        return out;
    }
}
