package dev.firedrill.harness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opens the generated page in headless Chromium; skipped when /usr/bin/chromium is absent. */
class ReportPageRenderTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void linksRenderAsAnchorsAtTheTop() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not installed at " + CHROMIUM
                + " (apt-get install -y chromium); skipping the page render check");
        Path index = ReportWriter.write(dir.resolve("report"), SampleReports.withLinks(SampleReports.failover(),
                java.util.Map.of("Gatling report", "../gatling/run-1/index.html")));

        String dom = chromium(index, "--dump-dom");

        assertThat(dom).contains("<a href=\"../gatling/run-1/index.html\">Gatling report</a>")
                .contains("data-rendered=\"ok\"");
    }

    @Test
    void chartsRenderWithoutJavaScriptErrors() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not installed at " + CHROMIUM
                + " (apt-get install -y chromium); skipping the page render check");
        Path index = ReportWriter.write(dir.resolve("report"), SampleReports.failover());

        String dom = chromium(index, "--dump-dom");

        assertThat(dom).as("window.onerror wrote nothing").contains("<div id=\"errors\"></div>");
        assertThat(dom).as("the page marks itself rendered only after every chart was drawn")
                .contains("data-rendered=\"ok\"");
        assertThat(dom.split("class=\"uplot", -1).length - 1).as("four charts of the stack, two of harness health")
                .isEqualTo(6);
        assertThat(dom).as("the stalls table lists the pause and the contention")
                .contains("the harness paused 420 ms at 15.0 s").contains("contended by other work");
        assertThat(dom).as("an inconclusive SLO is shown apart").contains(">inconclusive<");
    }

    @Test
    void screenshotIsNotBlank() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not installed at " + CHROMIUM
                + " (apt-get install -y chromium); skipping the page render check");
        Path index = ReportWriter.write(dir.resolve("report"), SampleReports.failover());
        Path png = dir.resolve("shot.png");

        chromium(index, "--screenshot=" + png, "--window-size=1200,2400");

        BufferedImage img = ImageIO.read(png.toFile());
        Set<Integer> colors = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colors.add(rgb);
                if (rgb != 0xFFFFFF) {
                    nonWhite++;
                }
            }
        }
        assertThat(colors.size()).as("text, lines and shaded fault windows give many colours").isGreaterThan(50);
        assertThat(nonWhite).isGreaterThan(10_000);
    }

    @Test
    void partitionPageShowsTheTopologyWithTheFaultTheFailedSpanAndTheReject() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not installed at " + CHROMIUM
                + " (apt-get install -y chromium); skipping the page render check");
        Path index = ReportWriter.write(dir.resolve("report"), SampleReports.partition());
        // the page as written, plus a script that queries the rendered DOM and writes what it found
        Path probe = index.resolveSibling("probe.html");
        Files.writeString(probe, Files.readString(index).replace("</body>", """
                <script>(function () {
                  function n(s) { return document.querySelectorAll(s).length; }
                  function text(s) { var e = document.querySelector(s); return e ? e.textContent : null; }
                  var box = document.getElementById('topology-picture').getBoundingClientRect();
                  var out = { cutEdges: n('#topology-picture .fault-mark.edge-cut[data-fault="f1"]'),
                    killMark: n('#topology-picture .fault-mark.component-hit[data-fault="f2"][data-hit="app-3"]'),
                    pictureWidth: Math.round(box.width), pictureHeight: Math.round(box.height),
                    lanes: n('#instance-lanes .lane'), failedCall: text('tr.span.error.failed-call td'),
                    failedCallStatus: text('tr.span.error.failed-call td:last-child'),
                    rejectUnderIt: text('.request .joined-flows .flow.reject'), rejects: n('.fault-flows .flow.reject'),
                    foldClosed: !document.getElementById('topology-fold').open };
                  var p = document.createElement('pre'); p.id = 'probe'; p.textContent = JSON.stringify(out);
                  document.body.appendChild(p);
                })();</script>
                </body>"""));

        String dom = chromium(probe, "--dump-dom");

        assertThat(dom).as("window.onerror wrote nothing").contains("<div id=\"errors\"></div>")
                .contains("data-rendered=\"ok\"");
        String json = dom.substring(dom.indexOf("<pre id=\"probe\">") + 16, dom.indexOf("</pre>",
                dom.indexOf("<pre id=\"probe\">"))).replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&");
        var found = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(found.get("cutEdges").asInt()).as("the partition crosses the three app->db-writer edges")
                .isEqualTo(3);
        assertThat(found.get("killMark").asInt()).isEqualTo(1);
        assertThat(found.get("pictureWidth").asInt()).as("the SVG is laid out at its size").isEqualTo(820);
        assertThat(found.get("lanes").asInt()).isEqualTo(3);
        assertThat(found.get("failedCall").asText()).startsWith("INSERT items");
        assertThat(found.get("failedCallStatus").asText()).isEqualTo("error: Connection refused: db-writer:5432");
        assertThat(found.get("rejectUnderIt").asText()).contains(" REJECT OK ").contains("->db-writer")
                .contains("fault f1 partition");
        assertThat(found.get("rejects").asInt()).isPositive();
        assertThat(found.get("foldClosed").asBoolean()).as("raw topology JSON folded").isTrue();
    }

    /**
     * The topology picture and the instance lanes of the partition sample, as rendered by Chromium (the page with
     * every other section hidden), written to target/report-topology.png; docs/report-topology.png is a copy.
     */
    @Test
    void topologyScreenshotShowsThePictureWithTheFaults() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium not installed at " + CHROMIUM
                + " (apt-get install -y chromium); skipping the page render check");
        Path index = ReportWriter.write(dir.resolve("report"), SampleReports.partition());
        Path only = index.resolveSibling("picture.html");
        Files.writeString(only, Files.readString(index).replace("</head>",
                "<style>body > :not(#evidence-top) { display: none !important; }</style></head>"));
        Path png = Path.of("target", "report-topology.png").toAbsolutePath();
        Files.createDirectories(png.getParent());

        chromium(only, "--screenshot=" + png, "--window-size=1040,840", "--hide-scrollbars");

        BufferedImage img = ImageIO.read(png.toFile());
        long red = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = rgb >> 16 & 0xFF, g = rgb >> 8 & 0xFF, b = rgb & 0xFF;
                if (r > 150 && g < 80 && b < 80) {
                    red++;
                }
            }
        }
        assertThat(red).as("the fault marks are drawn in red").isGreaterThan(300);
    }

    private String chromium(Path page, String... extra) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--virtual-time-budget=5000"));
        cmd.addAll(List.of(extra));
        cmd.add(page.toUri().toString());
        Path out = dir.resolve("chromium.out");
        Path err = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                throw new AssertionError("chromium did not finish in 90 s; stderr: " + Files.readString(err));
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as("chromium exit; stderr: " + Files.readString(err)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
