package io.footfall.agent.store.web;

import io.footfall.agent.counts.Coverage;
import io.footfall.agent.receive.ReceivedWindow;
import io.footfall.agent.store.CountsStore.GapSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * A line chart drawn on the server as SVG: no script, nothing fetched by the browser. Beam in, beam
 * out and the Wi-Fi phone estimate per window over {@code [from, to)}; lines break where windows
 * are missing, and each gap is a shaded band with its seq range as a tooltip. A window the node
 * watched for less than {@link #LOW_COVERAGE} of its length (docs/MQTT.md, "Coverage") is a hatched
 * band with its coverage as a tooltip: its counts are low because the node was not looking. A window
 * from a node older than coverage is not marked (unknown).
 */
final class Chart {
    static final int WIDTH = 960;
    static final int HEIGHT = 240;
    static final int LEFT = 48;
    static final int BOTTOM = 24;
    /** Below this share of its length watched, a window is marked; as {@code receive --min-coverage}'s default. */
    static final double LOW_COVERAGE = 0.9;

    private Chart() {}

    static String svg(String title, Instant from, Instant to, List<ReceivedWindow> windows, List<GapSpan> gaps) {
        long span = Duration.between(from, to).toMillis();
        int max = 1;
        for (ReceivedWindow w : windows) {
            max = Math.max(max, Math.max(w.beamIn(), w.beamOut()));
            if (w.wifi().isPresent() && !w.wifi().get().suppressed()) {
                max = Math.max(max, w.wifi().get().estimated());
            }
        }
        int plotW = WIDTH - LEFT - 8;
        int plotH = HEIGHT - BOTTOM - 8;
        List<ReceivedWindow> low = windows.stream()
                .filter(w -> w.coverage().filter(c -> c.counting() < LOW_COVERAGE * c.of()).isPresent()).toList();
        String hatch = "low-coverage-" + from.toEpochMilli() + "-" + span;
        StringBuilder b = new StringBuilder();
        b.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" data-windows=\"")
                .append(windows.size()).append("\" data-gaps=\"").append(gaps.size()).append("\" data-low-coverage=\"").append(low.size()).append("\" aria-label=\"").append(Html.esc(title)).append("\">");
        b.append("<title>").append(Html.esc(title)).append("</title>");
        b.append("<rect x=\"").append(LEFT).append("\" y=\"8\" width=\"").append(plotW).append("\" height=\"").append(plotH)
                .append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
        if (!low.isEmpty()) {
            b.append("<defs><pattern id=\"").append(hatch).append("\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" ")
                    .append("patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#7f7f7f\" stroke-width=\"2\" ")
                    .append("stroke-opacity=\"0.45\"/></pattern></defs>");
        }
        for (ReceivedWindow w : low) {
            double x0 = Math.max(LEFT, x(w.start(), from, span, plotW));
            double x1 = Math.min(LEFT + plotW, Math.max(x(w.end(), from, span, plotW), x0 + 2));
            Coverage c = w.coverage().orElseThrow();
            b.append("<rect class=\"low-coverage\" data-seq=\"").append(w.seq()).append("\" data-counting=\"").append(c.counting())
                    .append("\" data-of=\"").append(c.of()).append("\" x=\"").append(fmt(x0)).append("\" y=\"8\" width=\"").append(fmt(x1 - x0))
                    .append("\" height=\"").append(plotH).append("\" fill=\"url(#").append(hatch).append(")\"><title>")
                    .append(Html.esc(w.id())).append(": watched ").append(c.counting()).append(" of ").append(c.of()).append(" s</title></rect>");
        }
        for (GapSpan g : gaps) {
            double x0 = x(g.from(), from, span, plotW);
            double x1 = x(g.to(), from, span, plotW);
            if (x1 < LEFT || x0 > LEFT + plotW) {
                continue;
            }
            x0 = Math.max(LEFT, x0);
            x1 = Math.min(LEFT + plotW, Math.max(x1, x0 + 2));
            b.append("<rect class=\"gap\" data-seq-from=\"").append(g.gap().from()).append("\" data-seq-to=\"").append(g.gap().to())
                    .append("\" x=\"").append(fmt(x0)).append("\" y=\"8\" width=\"").append(fmt(x1 - x0)).append("\" height=\"").append(plotH)
                    .append("\" fill=\"#d62728\" fill-opacity=\"0.18\"><title>gap: ").append(Html.esc(g.gap().toString())).append(" missing</title></rect>");
        }
        b.append("<text x=\"4\" y=\"16\" font-size=\"11\">").append(max).append("</text>");
        b.append("<text x=\"4\" y=\"").append(8 + plotH).append("\" font-size=\"11\">0</text>");
        b.append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 6).append("\" font-size=\"11\">").append(Html.esc(from)).append("</text>");
        b.append("<text x=\"").append(LEFT + plotW).append("\" y=\"").append(HEIGHT - 6).append("\" font-size=\"11\" text-anchor=\"end\">")
                .append(Html.esc(to)).append("</text>");
        series(b, "in", "#1f77b4", "", windows, from, span, plotW, plotH, max, w -> w.beamIn());
        series(b, "out", "#ff7f0e", "", windows, from, span, plotW, plotH, max, w -> w.beamOut());
        series(b, "phones", "#2ca02c", " stroke-dasharray=\"4 3\"", windows, from, span, plotW, plotH, max,
                w -> w.wifi().filter(x -> !x.suppressed()).map(ReceivedWindow.Wifi::estimated).orElse(-1));
        return b.append("</svg>").toString();
    }

    private static void series(StringBuilder b, String name, String colour, String extra, List<ReceivedWindow> windows, Instant from, long span,
            int plotW, int plotH, int max, ToIntFunction<ReceivedWindow> value) {
        List<List<String>> runs = new ArrayList<>();
        List<String> run = new ArrayList<>();
        ReceivedWindow prev = null;
        int points = 0;
        for (ReceivedWindow w : windows) {
            int v = value.applyAsInt(w);
            boolean adjacent = prev != null && prev.stream().equals(w.stream()) && w.seq() == prev.seqLast() + 1;
            if ((v < 0 || !adjacent) && !run.isEmpty()) {
                runs.add(run);
                run = new ArrayList<>();
            }
            if (v >= 0) {
                Instant mid = w.start().plus(Duration.between(w.start(), w.end()).dividedBy(2));
                double y = 8 + plotH - (double) v / max * plotH;
                run.add(fmt(x(mid, from, span, plotW)) + "," + fmt(y));
                points++;
            }
            prev = w;
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        b.append("<g class=\"series\" data-series=\"").append(name).append("\" data-points=\"").append(points).append("\">");
        for (List<String> r : runs) {
            b.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\"").append(extra).append(" points=\"")
                    .append(String.join(" ", r)).append("\"/>");
        }
        b.append("</g>");
    }

    private static double x(Instant t, Instant from, long span, int plotW) {
        return LEFT + (double) Duration.between(from, t).toMillis() / span * plotW;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
