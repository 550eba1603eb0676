package io.footfall.sim;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A weekly shape of pedestrian flow: mean hourly counts on Briggate, Leeds, 5 Sep – 23 Oct 2016
 * (Leeds City Council footfall data, Open Government Licence v3.0, via nickmalleson/lcc-footfall),
 * scaled so that the busiest hour of the week has {@code peakPerHour} people.
 */
public final class TrafficProfile {
    private static final int[][] BRIGGATE = {
        // Monday .. Sunday, hours 0..23
        {151, 100, 90, 72, 42, 101, 282, 649, 1170, 1206, 1785, 2787, 4734, 4344, 3416, 3275, 3552, 3364, 2247, 1050, 618, 445, 337, 273},
        {232, 193, 175, 163, 127, 118, 317, 666, 1278, 1301, 1838, 2751, 4592, 4514, 3307, 3211, 3631, 3611, 2760, 1889, 1180, 765, 525, 326},
        {322, 236, 236, 181, 99, 114, 299, 622, 1255, 1294, 1838, 2833, 4790, 4789, 3667, 3447, 3715, 3754, 2787, 1391, 740, 593, 440, 327},
        {242, 173, 159, 179, 106, 99, 299, 660, 1338, 1386, 1871, 2959, 4804, 4569, 3477, 3610, 3991, 3909, 2926, 1851, 1110, 807, 613, 484},
        {400, 323, 360, 351, 170, 153, 333, 613, 1310, 1404, 2127, 3264, 5118, 4954, 4242, 4159, 4602, 4509, 3194, 2193, 1696, 1332, 1217, 1010},
        {959, 770, 703, 610, 350, 171, 243, 297, 639, 1483, 2840, 4827, 6142, 7026, 7197, 7653, 6915, 5274, 3474, 2021, 1453, 1236, 1340, 1446},
        {1396, 1221, 1096, 763, 454, 174, 132, 209, 273, 470, 1486, 3333, 4506, 4891, 4955, 4874, 4043, 1892, 883, 685, 446, 366, 297, 202},
    };
    private static final double WEEK_PEAK = 7653;

    private final double peakPerHour;
    private final boolean flat;

    private TrafficProfile(double peakPerHour, boolean flat) {
        if (!(peakPerHour >= 0)) {
            throw new IllegalArgumentException("peak must not be negative");
        }
        this.peakPerHour = peakPerHour;
        this.flat = flat;
    }

    /** The Leeds weekly shape, scaled to {@code peakPerHour} at the busiest hour of the week. */
    public static TrafficProfile leeds(double peakPerHour) {
        return new TrafficProfile(peakPerHour, false);
    }

    /** A flat profile: the same rate every hour. */
    public static TrafficProfile flat(double perHour) {
        return new TrafficProfile(perHour, true);
    }

    /** People per hour at this wall time (UTC), interpolated between hourly means. */
    public double perHourAt(long wallMillis) {
        if (flat) {
            return peakPerHour;
        }
        ZonedDateTime t = Instant.ofEpochMilli(wallMillis).atZone(ZoneOffset.UTC);
        int day = t.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue();
        int hour = t.getHour();
        double frac = (t.getMinute() * 60 + t.getSecond()) / 3600.0;
        int nextDay = hour == 23 ? (day + 1) % 7 : day;
        int nextHour = (hour + 1) % 24;
        double v = BRIGGATE[day][hour] * (1 - frac) + BRIGGATE[nextDay][nextHour] * frac;
        return v / WEEK_PEAK * peakPerHour;
    }

    public double peakPerHour() {
        return peakPerHour;
    }
}
