package dev.firedrill.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The snippet extractor on small in-memory sources and Markdown. */
class SnippetsTest {
    private static final String SOURCE = String.join("\n",
            "class Example {",
            "    void run() {",
            "        // snippet:start outer",
            "        int a = 1;   ",
            "",
            "        // snippet:start inner",
            "        if (a > 0) {",
            "            a++;",
            "        }",
            "        // snippet:end inner",
            "        // snippet:end outer",
            "    }",
            "}");

    private static Snippets.Sources sources() {
        return new Snippets.Sources().add("Example.java", SOURCE);
    }

    private static String md(String... lines) {
        return String.join("\n", lines);
    }

    private static List<String> problems(String markdown) {
        List<String> problems = new ArrayList<>();
        List<Snippets.Block> blocks = Snippets.javaBlocks("DOC.md", markdown, problems);
        problems.addAll(Snippets.check(blocks, sources(), "src"));
        return problems;
    }

    @Test
    void regionsAreDedentedWithoutMarkerLinesAndRememberTheirSourceLines() {
        Snippets.Sources s = sources();
        assertThat(s.problems).isEmpty();
        Snippets.Region inner = s.regions.get("inner");
        assertThat(inner.lines()).containsExactly("if (a > 0) {", "    a++;", "}");
        assertThat(inner.sourceLines()).containsExactly(7, 8, 9);
        assertThat(inner.startLine()).isEqualTo(6);
        assertThat(inner.endLine()).isEqualTo(10);
        Snippets.Region outer = s.regions.get("outer");
        assertThat(outer.lines()).containsExactly("int a = 1;", "", "if (a > 0) {", "    a++;", "}");
        assertThat(outer.sourceLines()).containsExactly(4, 5, 7, 8, 9);
    }

    @Test
    void dedentUsesTheSmallestIndentOfNonBlankLinesAndTrimsBlankEnds() {
        Snippets.Region r = Snippets.dedent(new Snippets.Region("r", "F.java", 1, 7,
                List.of("", "      b();", "    a(); \t", "   ", "        c();", ""), List.of(2, 3, 4, 5, 6, 7)));
        assertThat(r.lines()).containsExactly("  b();", "a();", "", "    c();");
        assertThat(r.sourceLines()).containsExactly(3, 4, 5, 6);
    }

    @Test
    void brokenRegionsAreReported() {
        Snippets.Sources s = new Snippets.Sources()
                .add("A.java", String.join("\n",
                        "// snippet:start open",
                        "x();",
                        "// snippet:end stray",
                        "// snippet:start empty",
                        "// snippet:end empty"))
                .add("B.java", String.join("\n",
                        "    // snippet:start dup",
                        "    y();",
                        "    // snippet:end dup"))
                .add("C.java", String.join("\n",
                        "// snippet:start dup",
                        "z();",
                        "// snippet:end dup"));
        assertThat(s.problems).hasSize(4);
        assertThat(s.problems).anySatisfy(p -> assertThat(p).startsWith("A.java:3:").contains("snippet:end stray"));
        assertThat(s.problems).anySatisfy(p -> assertThat(p).startsWith("A.java:1:").contains("'open' is never ended"));
        assertThat(s.problems).anySatisfy(p -> assertThat(p).startsWith("A.java:4:").contains("'empty' is empty"));
        assertThat(s.problems).anySatisfy(p -> assertThat(p).startsWith("C.java:1:").contains("also defined at B.java:1"));
        assertThat(s.regions.get("dup").file()).isEqualTo("B.java");
    }

    @Test
    void aMarkedBlockEqualToItsRegionPassesIgnoringTrailingWhitespace() {
        assertThat(problems(md(
                "Text.",
                "",
                "<!-- snippet: inner -->",
                "",
                "```java",
                "if (a > 0) {   ",
                "    a++;",
                "}",
                "",
                "```"))).isEmpty();
    }

    @Test
    void aFenceIndentedInAListIsComparedWithoutTheFenceIndent() {
        assertThat(problems(md(
                "- item:",
                "  <!-- snippet: inner -->",
                "  ```java",
                "  if (a > 0) {",
                "      a++;",
                "  }",
                "  ```"))).isEmpty();
    }

    @Test
    void aDriftedBlockNamesFileLineSnippetTheFirstDifferenceAndTheFix() {
        List<String> p = problems(md(
                "# Doc",
                "<!-- snippet: inner -->",
                "```java",
                "if (a > 0) {",
                "    a += 2;",
                "}",
                "```"));
        assertThat(p).hasSize(1);
        assertThat(p.get(0))
                .startsWith("DOC.md:3: ```java block 'snippet: inner' differs from its compiled source Example.java:6")
                .contains("first at line 2 of the block")
                .contains("- DOC.md:5: |    a += 2;|")
                .contains("+ Example.java:8: |    a++;|")
                .contains("Fix: copy the region from Example.java:7-9");
    }

    @Test
    void aBlockShorterOrLongerThanItsRegionIsADifference() {
        assertThat(problems(md("<!-- snippet: inner -->", "```java", "if (a > 0) {", "    a++;", "```")))
                .singleElement().asString().contains("- DOC.md (after the block's last line): <no line>")
                .contains("+ Example.java:9: |}|");
        assertThat(problems(md("<!-- snippet: inner -->", "```java", "if (a > 0) {", "    a++;", "}", "x();", "```")))
                .singleElement().asString().contains("- DOC.md:6: |x();|")
                .contains("+ Example.java (after the region's end): <no line>");
    }

    @Test
    void indentationInsideTheBlockCounts() {
        assertThat(problems(md("<!-- snippet: inner -->", "```java", "if (a > 0) {", "  a++;", "}", "```")))
                .singleElement().asString().contains("first at line 2");
    }

    @Test
    void aBlockNamingAMissingSnippetFails() {
        assertThat(problems(md("<!-- snippet: nope -->", "```java", "x();", "```"))).singleElement().asString()
                .startsWith("DOC.md:2: ```java block names snippet 'nope', which no source defines")
                .contains("searched src").contains("[inner, outer]");
    }

    @Test
    void anUnmarkedJavaBlockFailsAndOtherLanguagesAreIgnored() {
        List<String> p = problems(md(
                "```bash",
                "./firedrill up",
                "```",
                "",
                "```Java",
                "x();",
                "```",
                "```",
                "plain",
                "```"));
        assertThat(p).singleElement().asString().startsWith("DOC.md:5: ```java block without a snippet marker")
                .contains("<!-- snippet: NAME -->");
    }

    @Test
    void anExemptionNeedsAReason() {
        assertThat(problems(md("<!-- snippet: none (a lambda body, no statement) -->", "```java", "x -> x", "```")))
                .isEmpty();
        assertThat(problems(md("<!-- snippet: none -->", "```java", "x -> x", "```"))).singleElement().asString()
                .startsWith("DOC.md:2:").contains("needs a reason");
    }

    @Test
    void aMarkerMustBeTheLastNonBlankLineBeforeAJavaFence() {
        assertThat(problems(md("<!-- snippet: inner -->", "Some text.", "```java", "x();", "```")))
                .anySatisfy(p -> assertThat(p).startsWith("DOC.md:1:").contains("not followed by a ```java block"))
                .anySatisfy(p -> assertThat(p).startsWith("DOC.md:3:").contains("without a snippet marker"));
        assertThat(problems(md("<!-- snippet: inner -->", "```yaml", "a: 1", "```")))
                .singleElement().asString().startsWith("DOC.md:1:").contains("followed by a yaml block");
        assertThat(problems(md("text", "<!-- snippet: inner -->"))).singleElement().asString()
                .startsWith("DOC.md:2:");
    }

    @Test
    void markersAndFencesInsideAnotherFenceAreContent() {
        assertThat(problems(md(
                "````markdown",
                "<!-- snippet: nope -->",
                "```java",
                "x();",
                "```",
                "````"))).isEmpty();
    }

    @Test
    void anUnclosedJavaFenceIsReported() {
        assertThat(problems(md("<!-- snippet: inner -->", "```java", "if (a > 0) {", "    a++;", "}")))
                .singleElement().asString().startsWith("DOC.md:2: the fence ```java is never closed");
    }
}
