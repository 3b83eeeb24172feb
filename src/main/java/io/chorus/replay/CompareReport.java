package io.chorus.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chorus.serde.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link Comparison} as Markdown, JSON or a self-contained HTML page with SVG charts (no scripts, no network). */
public final class CompareReport {

    /** Output formats of {@code chorus compare --format}. */
    public enum Format { MARKDOWN, JSON, HTML }

    private CompareReport() {
    }

    public static String render(Comparison c, Format format) {
        return switch (format) {
            case MARKDOWN -> markdown(c);
            case JSON -> json(c);
            case HTML -> html(c);
        };
    }

    public static String markdown(Comparison c) {
        StringBuilder s = new StringBuilder();
        s.append("# ").append(c.runA()).append(" vs ").append(c.runB()).append("\n\n");
        s.append("| section | measure | ").append(c.runA()).append(" | ").append(c.runB()).append(" |\n");
        s.append("|---|---|---|---|\n");
        for (Comparison.Row r : c.rows()) {
            s.append("| ").append(r.section()).append(" | ").append(r.measure()).append(" | ").append(md(r.a())).append(" | ")
                    .append(md(r.b())).append(" |\n");
        }
        s.append("\n## Significance\n\n");
        s.append(String.format(Locale.ROOT, "Two-sided two-sample tests; p-values adjusted together with Benjamini-Hochberg; "
                + "**real** means adjusted p < %s.%n%n", Compare.fmt(c.alpha(), 2)));
        s.append("| distribution | test | n (").append(c.runA()).append(") | n (").append(c.runB())
                .append(") | statistic | p | adjusted p | difference |\n");
        s.append("|---|---|---|---|---|---|---|---|\n");
        for (Comparison.TestRow t : c.tests()) {
            s.append("| ").append(t.distribution()).append(" | ").append(t.test()).append(" | ").append(t.nA()).append(" | ")
                    .append(t.nB()).append(" | ").append(Compare.fmt(t.statistic(), 3)).append(" | ").append(p(t.p())).append(" | ")
                    .append(p(t.adjusted())).append(" | ").append(verdict(t)).append(" |\n");
        }
        return s.toString();
    }

    public static String json(Comparison c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("runA", c.runA());
        root.put("runB", c.runB());
        root.put("alpha", c.alpha());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Comparison.Row r : c.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("section", r.section());
            m.put("measure", r.measure());
            m.put("a", r.a());
            m.put("b", r.b());
            rows.add(m);
        }
        root.put("rows", rows);
        List<Map<String, Object>> tests = new ArrayList<>();
        for (Comparison.TestRow t : c.tests()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("distribution", t.distribution());
            m.put("test", t.test());
            m.put("nA", t.nA());
            m.put("nB", t.nB());
            m.put("statistic", num(t.statistic()));
            m.put("p", num(t.p()));
            m.put("adjustedP", num(t.adjusted()));
            m.put("significant", t.significant());
            tests.add(m);
        }
        root.put("tests", tests);
        List<Map<String, Object>> charts = new ArrayList<>();
        for (Comparison.Chart ch : c.charts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("title", ch.title());
            m.put("bins", ch.bins());
            m.put("a", ch.a());
            m.put("b", ch.b());
            charts.add(m);
        }
        root.put("histograms", charts);
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the comparison as JSON", e);
        }
    }

    public static String html(Comparison c) {
        StringBuilder s = new StringBuilder();
        s.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(c.runA())).append(" vs ")
                .append(esc(c.runB())).append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
                        + "th{background:#f4f4f4}.real{color:#b00;font-weight:bold}.charts{display:flex;flex-wrap:wrap;gap:2em}"
                        + ".a{fill:#4472c4}.b{fill:#ed7d31}</style></head><body>\n");
        s.append("<h1>").append(esc(c.runA())).append(" vs ").append(esc(c.runB())).append("</h1>\n");
        s.append("<p>Over the posts both runs scored. <span style=\"color:#4472c4\">&#9632;</span> ").append(esc(c.runA()))
                .append(" &nbsp; <span style=\"color:#ed7d31\">&#9632;</span> ").append(esc(c.runB())).append("</p>\n");
        s.append("<table><tr><th>section</th><th>measure</th><th>").append(esc(c.runA())).append("</th><th>").append(esc(c.runB()))
                .append("</th></tr>\n");
        for (Comparison.Row r : c.rows()) {
            s.append("<tr><td>").append(esc(r.section())).append("</td><td>").append(esc(r.measure())).append("</td><td>")
                    .append(esc(r.a())).append("</td><td>").append(esc(r.b())).append("</td></tr>\n");
        }
        s.append("</table>\n<h2>Charts</h2>\n<div class=\"charts\">\n");
        for (Comparison.Chart chart : c.charts()) {
            s.append(svg(chart));
        }
        s.append("</div>\n<h2>Significance</h2>\n<p>Two-sided two-sample tests; p-values adjusted together with Benjamini-Hochberg; "
                + "<span class=\"real\">real</span> means adjusted p &lt; ").append(Compare.fmt(c.alpha(), 2)).append(".</p>\n");
        s.append("<table><tr><th>distribution</th><th>test</th><th>n A</th><th>n B</th><th>statistic</th><th>p</th>"
                + "<th>adjusted p</th><th>difference</th></tr>\n");
        for (Comparison.TestRow t : c.tests()) {
            s.append("<tr><td>").append(esc(t.distribution())).append("</td><td>").append(esc(t.test())).append("</td><td>").append(t.nA())
                    .append("</td><td>").append(t.nB()).append("</td><td>").append(Compare.fmt(t.statistic(), 3)).append("</td><td>")
                    .append(p(t.p())).append("</td><td>").append(p(t.adjusted())).append("</td><td")
                    .append(t.significant() ? " class=\"real\"" : "").append(">").append(verdict(t)).append("</td></tr>\n");
        }
        s.append("</table>\n</body></html>\n");
        return s.toString();
    }

    /** A grouped bar chart: one pair of bars (A, B) per bin, heights relative to the largest count. */
    private static String svg(Comparison.Chart chart) {
        int bins = chart.bins().size();
        int barW = 14;
        int groupW = 2 * barW + 8;
        int height = 160;
        int width = Math.max(240, bins * groupW + 40);
        long max = 1;
        for (int i = 0; i < bins; i++) {
            max = Math.max(max, Math.max(chart.a()[i], chart.b()[i]));
        }
        StringBuilder s = new StringBuilder();
        s.append("<figure><figcaption>").append(esc(chart.title())).append("</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width).append("\" height=\"").append(height + 40).append("\" role=\"img\" aria-label=\"").append(esc(chart.title()))
                .append("\">\n");
        for (int i = 0; i < bins; i++) {
            int x = 20 + i * groupW;
            bar(s, "a", x, chart.a()[i], max, barW, height, chart.bins().get(i));
            bar(s, "b", x + barW, chart.b()[i], max, barW, height, chart.bins().get(i));
            s.append("<text x=\"").append(x).append("\" y=\"").append(height + 14).append("\" font-size=\"9\">")
                    .append(esc(chart.bins().get(i))).append("</text>\n");
        }
        s.append("<line x1=\"18\" y1=\"").append(height).append("\" x2=\"").append(width - 10).append("\" y2=\"").append(height)
                .append("\" stroke=\"#888\"/>\n</svg></figure>\n");
        return s.toString();
    }

    private static void bar(StringBuilder s, String cls, int x, long n, long max, int w, int height, String bin) {
        int h = (int) Math.round((height - 10) * (double) n / max);
        s.append("<rect class=\"").append(cls).append("\" x=\"").append(x).append("\" y=\"").append(height - h).append("\" width=\"")
                .append(w).append("\" height=\"").append(h).append("\"><title>").append(esc(bin)).append(": ").append(n)
                .append("</title></rect>\n");
    }

    private static String verdict(Comparison.TestRow t) {
        if (Double.isNaN(t.p())) {
            return "n/a (too few values)";
        }
        return t.significant() ? "real" : "not significant";
    }

    private static String p(double p) {
        if (Double.isNaN(p)) {
            return "n/a";
        }
        return p < 0.0001 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    private static Object num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    private static String md(String text) {
        return text.replace("|", "\\|");
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
