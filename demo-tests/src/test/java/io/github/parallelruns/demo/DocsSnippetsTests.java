package io.github.parallelruns.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps every code snippet of the docs identical to code in this module, which compiles and runs.
 *
 * <p>A snippet in a Markdown file is a fenced block right after a marker line
 * {@code <!-- snippet: path/to/File.java#tag -->}; the code is the region between
 * {@code // tag::tag[]} and {@code // end::tag[]} in that file (in XML: {@code <!-- tag::tag[] -->} and
 * {@code <!-- end::tag[] -->}), without its common indentation. Run
 * with {@code -Dsnippets.update=true} to rewrite the blocks from the code.
 */
class DocsSnippetsTests {

    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->");
    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

    @Test
    void everySnippetInTheDocsIsCodeFromTheDemo() throws IOException {
        boolean update = Boolean.getBoolean("snippets.update");
        List<Path> documents = documents();
        assertThat(documents).as("Markdown files under %s", ROOT).isNotEmpty();
        List<String> stale = new ArrayList<>();
        int snippets = 0;
        for (Path document : documents) {
            List<String> lines = Files.readAllLines(document, StandardCharsets.UTF_8);
            List<String> rewritten = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                rewritten.add(lines.get(i));
                Matcher marker = MARKER.matcher(lines.get(i));
                if (!marker.find()) {
                    continue;
                }
                snippets++;
                String where = ROOT.relativize(document) + ":" + (i + 1);
                assertThat(i + 1 < lines.size() && lines.get(i + 1).startsWith("```"))
                        .as("%s: a fenced code block must follow the snippet marker", where)
                        .isTrue();
                int end = i + 2;
                while (end < lines.size() && !lines.get(end).startsWith("```")) {
                    end++;
                }
                assertThat(end).as("%s: the code block is not closed", where).isLessThan(lines.size());
                List<String> code = region(ROOT.resolve(marker.group(1)), marker.group(2), where);
                if (!code.equals(lines.subList(i + 2, end))) {
                    stale.add(where + " differs from " + marker.group(1) + "#" + marker.group(2));
                }
                rewritten.add(lines.get(i + 1));
                rewritten.addAll(code);
                rewritten.add(lines.get(end));
                i = end;
            }
            if (update) {
                Files.write(document, rewritten, StandardCharsets.UTF_8);
            }
        }
        assertThat(snippets).as("snippet markers found in the docs").isPositive();
        if (!update) {
            assertThat(stale)
                    .as("snippets that drifted from the demo code (rerun with "
                            + "-Dsnippets.update=true to rewrite them)")
                    .isEmpty();
        }
    }

    private static List<Path> documents() throws IOException {
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            List<Path> documents = docs.filter(path -> path.toString().endsWith(".md"))
                    .sorted()
                    .collect(Collectors.toCollection(ArrayList::new));
            documents.add(ROOT.resolve("README.md"));
            return documents;
        }
    }

    private static List<String> region(Path source, String tag, String where) throws IOException {
        assertThat(source).as("%s: snippet source", where).isRegularFile();
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        int start = indexOf(lines, "// tag::" + tag + "[]", 0);
        int end = indexOf(lines, "// end::" + tag + "[]", start + 1);
        assertThat(start).as("%s: '// tag::%s[]' in %s", where, tag, source).isNotNegative();
        assertThat(end).as("%s: '// end::%s[]' in %s", where, tag, source).isNotNegative();
        List<String> region = lines.subList(start + 1, end);
        int indent = region.stream()
                .filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length())
                .min()
                .orElse(0);
        return region.stream()
                .map(line -> line.isBlank() ? "" : line.substring(indent))
                .collect(Collectors.toList());
    }

    private static int indexOf(List<String> lines, String text, int from) {
        for (int i = Math.max(from, 0); i < lines.size(); i++) {
            String line = lines.get(i).strip();
            // "// tag::x[]" in Java, "<!-- tag::x[] -->" in XML.
            if (line.equals(text) || line.equals("<!-- " + text.substring(3) + " -->")) {
                return i;
            }
        }
        return -1;
    }
}
