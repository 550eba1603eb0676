package io.footfall.agent.privacy;

import io.footfall.sim.TrafficProfile;
import io.footfall.sim.wifi.PhoneCrowd;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The linking rules of scripts/study-wifi-truth-linking on the simulator's street, where real captures
 * cannot go (hundreds of phones): #10 ({@link MainPhoneLinker}), the agent's {@link PhoneLinker} and
 * the union candidate ({@link StudyPhoneLinker}) on the same windows, the seeds of
 * scripts/bench-privacy error (48 windows at 600 people/hour, 12 at 6,000; 5 minutes after an hour).
 */
public final class SimulatorLinkingCheck {
    private static final long MINUTE = 60_000_000_000L;

    public static void main(String[] args) {
        System.out.println("street      randomising   mean err / median |err| / within ±20%:   #10                     agent                   union");
        for (double perHour : new double[] {600, 6000}) {
            int windows = perHour > 1000 ? 12 : 48;
            for (double share : new double[] {0.4, 0.7, 1}) {
                double[][] err = new double[3][windows];
                for (int w = 0; w < windows; w++) {
                    PhoneCrowd crowd = new PhoneCrowd(TrafficProfile.flat(perHour), t -> t / 1_000_000L, share, w + 1, 0);
                    List<PhoneCrowd.Heard> heard = crowd.window(60 * MINUTE, 65 * MINUTE);
                    int truth = PhoneCrowd.distinctPhones(heard);
                    try (WifiWindow win = new WifiWindow(new SecureRandom(), new PrivacySettings(OptionalInt.empty(), 1, OptionalDouble.empty()))) {
                        heard.forEach(h -> win.add(h.probe()));
                        int[] e = {MainPhoneLinker.estimate(win.sightings()).phones(), win.counts().estimated(),
                            StudyPhoneLinker.estimate(win.sightings(), new StudyPhoneLinker.Options("none", 1, true)).phones()};
                        for (int r = 0; r < 3; r++) {
                            err[r][w] = (e[r] - truth) / (double) truth;
                        }
                    }
                }
                StringBuilder line = new StringBuilder(String.format("%5.0f/h     %4.0f%%        ", perHour, share * 100));
                for (double[] e : err) {
                    double[] abs = Arrays.stream(e).map(Math::abs).sorted().toArray();
                    line.append(String.format("   %+6.1f%% / %5.1f%% / %3.0f%%", 100 * Arrays.stream(e).average().orElse(0),
                            100 * abs[abs.length / 2], 100 * Arrays.stream(abs).filter(v -> v <= 0.2).count() / (double) abs.length));
                }
                System.out.println(line);
            }
        }
    }
}
