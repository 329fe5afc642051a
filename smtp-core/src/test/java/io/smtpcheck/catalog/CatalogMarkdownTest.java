package io.smtpcheck.catalog;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogMarkdownTest {

    /** Surefire runs in the module directory; the page lives at the repository root. */
    private static final Path PAGE = Path.of("..", "docs", "catalog.md");

    @Test
    void docsCatalogIsUpToDate() throws IOException {
        String expected = CatalogMarkdown.render(DiagnosisCatalog.standard());
        if (Boolean.getBoolean("catalog.regenerate")) {
            Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(PAGE) ? Files.readString(PAGE, StandardCharsets.UTF_8) : "";
        assertThat(actual)
                .as("docs/catalog.md is out of date with replies.tsv / Messages.properties; regenerate it with: " + CatalogMarkdown.REGENERATE_COMMAND)
                .isEqualTo(expected);
    }

    @Test
    void pageHasOneRowPerEntry() {
        String page = CatalogMarkdown.render(DiagnosisCatalog.standard());
        long rows = page.lines().filter(l -> l.startsWith("| ") && l.endsWith("` |")).count();
        assertThat(rows).isEqualTo(DiagnosisCatalog.standard().entries().size());
    }

    @Test
    void patternsAreShownReadably() {
        assertThat(CatalogMarkdown.readable("too many messages (to|in) this session")).isEqualTo("too many messages (to / in) this session");
        assertThat(CatalogMarkdown.readable("client host \\[.*\\] blocked using")).isEqualTo("client host […] blocked using");
    }
}
