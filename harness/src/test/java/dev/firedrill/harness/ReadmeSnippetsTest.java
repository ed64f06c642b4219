package dev.firedrill.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of the READMEs and docs/*.md is a region of a compiled test source (see {@link Snippets}), so
 * an API change that breaks an example breaks the build here instead of going stale in the docs. Reads files only.
 */
class ReadmeSnippetsTest {
    /** Markdown files, relative to the repository root; every {@code docs/*.md} is added. */
    static final List<String> DOCS = List.of("README.md", "app-under-test/README.md", "perf/README.md");
    /** Where regions are looked up, relative to the repository root. */
    static final List<String> SOURCES = List.of("harness/src/test/java", "app-under-test/src/test/java",
            "scenarios/src/test/java", "perf/src/test/java", "perf/src/main/java");

    @Test
    void everyJavaBlockOfTheDocsIsACompiledRegion() throws IOException {
        Path root = repoRoot();
        Snippets.Sources sources = new Snippets.Sources();
        for (String dir : SOURCES) {
            Path d = root.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(d)) {
                files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> {
                    String text = read(p);
                    if (text.contains("snippet:")) {
                        sources.add(root.relativize(p).toString(), text);
                    }
                });
            }
        }
        List<String> problems = new ArrayList<>(sources.problems);
        List<Snippets.Block> blocks = new ArrayList<>();
        for (String md : markdownFiles(root)) {
            blocks.addAll(Snippets.javaBlocks(md, read(root.resolve(md)), problems));
        }
        problems.addAll(Snippets.check(blocks, sources, String.join(", ", SOURCES)));

        assertThat(problems).withFailMessage("%d Java block(s) of the docs out of sync with their compiled sources:%n%s",
                problems.size(), String.join(String.format("%n%n"), problems)).isEmpty();
        assertThat(sources.regions).as("regions found under " + SOURCES + " (is " + root + " the repository root?)")
                .isNotEmpty();
        assertThat(blocks).as("```java blocks found in " + markdownFiles(root)).isNotEmpty();
    }

    static List<String> markdownFiles(Path root) throws IOException {
        List<String> files = new ArrayList<>();
        for (String f : DOCS) {
            if (Files.isRegularFile(root.resolve(f))) {
                files.add(f);
            }
        }
        assertThat(files).as("the top-level README under " + root).contains("README.md");
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> s = Files.list(docs)) {
                s.filter(p -> p.getFileName().toString().endsWith(".md")).sorted()
                        .forEach(p -> files.add(root.relativize(p).toString()));
            }
        }
        return files;
    }

    /** The first directory, from the working directory up, holding the {@code firedrill} launcher and the parent pom. */
    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path pom = p.resolve("pom.xml");
            if (Files.isRegularFile(p.resolve("firedrill")) && Files.isRegularFile(pom) && read(pom).contains("<modules>")) {
                return p;
            }
        }
        throw new IllegalStateException("no directory above " + Path.of("").toAbsolutePath()
                + " holds the firedrill launcher and the parent pom.xml");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
