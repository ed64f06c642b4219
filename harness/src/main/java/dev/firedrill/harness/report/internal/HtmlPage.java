package dev.firedrill.harness.report.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Fills the index.html template with the vendored uPlot and the report data, so the page works offline. */
public final class HtmlPage {
    private static final String BASE = "/dev/firedrill/harness/report/";

    private HtmlPage() {
    }

    /** @param dataJson the page data as JSON; {@code <} is escaped so it cannot close the script element */
    public static String render(String title, String dataJson) {
        return render(title, dataJson, "", "");
    }

    /**
     * @param evidenceTop markup placed after the fault timeline (the topology picture, the instance timelines)
     * @param evidenceDetail markup placed after the charts (request waterfalls, flow-log lines)
     */
    public static String render(String title, String dataJson, String evidenceTop, String evidenceDetail) {
        String template = resource("index.template.html");
        String js = resource("uPlot.iife.min.js");
        String css = resource("uPlot.min.css");
        if (js.toLowerCase().contains("</script")) {
            throw new IllegalStateException("vendored uPlot contains '</script' and cannot be inlined");
        }
        return template
                .replace("/*__UPLOT_CSS__*/", css)
                .replace("/*__UPLOT_JS__*/", js)
                .replace("__TITLE__", escapeHtml(title))
                .replace("<!--__EVIDENCE_TOP__-->", evidenceTop)
                .replace("<!--__EVIDENCE_DETAIL__-->", evidenceDetail)
                .replace("\"__DATA_JSON__\"", dataJson.replace("<", "\\u003c"));
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = HtmlPage.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("report resource " + BASE + name + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
