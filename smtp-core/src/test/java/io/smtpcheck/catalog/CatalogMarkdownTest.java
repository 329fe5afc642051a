package io.smtpcheck.catalog;

import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.Stage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogMarkdownTest {

    /** Surefire runs in the module directory; the page lives at the repository root. */
    private static final Path PAGE = Path.of("..", "docs", "catalog.md");
    private static final List<CatalogMarkdown.Observed> OBSERVED = ObservedRejections.all().stream().map(ObservedRejections.Row::observed).toList();

    @Test
    void docsCatalogIsUpToDate() throws IOException {
        String expected = CatalogMarkdown.render(DiagnosisCatalog.standard(), OBSERVED);
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
        String page = CatalogMarkdown.render(DiagnosisCatalog.standard(), OBSERVED);
        String rules = page.substring(page.indexOf("## Rules"));
        long rows = rules.lines().filter(l -> l.startsWith("| ") && l.endsWith("` |")).count();
        assertThat(rows).isEqualTo(DiagnosisCatalog.standard().entries().size());
    }

    /** The page counts what the catalog says today, so each recorded rejection must still get its recorded diagnosis. */
    @Test
    void everyObservedRejectionGetsItsRecordedDiagnosis() {
        assertThat(ObservedRejections.all()).isNotEmpty().allSatisfy(row ->
                assertThat(DiagnosisCatalog.standard().diagnose(row.reply(), row.stage(), Locale.ENGLISH).id()).as(row.tsv()).isEqualTo(row.diagnosisId()));
    }

    @Test
    void shareCountsSpecificDiagnosesPerServer() {
        List<CatalogMarkdown.Observed> observed = List.of(
                new CatalogMarkdown.Observed("A", Stage.RCPT, Reply.of("550 relay not permitted")),
                new CatalogMarkdown.Observed("A", Stage.RCPT, Reply.of("550 something odd")),
                new CatalogMarkdown.Observed("A", Stage.RCPT, Reply.of("550 something else")),
                new CatalogMarkdown.Observed("B", Stage.BANNER, Reply.of("554 no")));
        String page = CatalogMarkdown.render(DiagnosisCatalog.standard(), observed);
        assertThat(page).contains("| A | 3 | 1 | 33 % |", "| B | 1 | 1 | 100 % |", "| A | RCPT TO | 550 something odd | `generic.reply` |");
    }

    @Test
    void patternsAreShownReadably() {
        assertThat(CatalogMarkdown.readable("too many messages (to|in) this session")).isEqualTo("too many messages (to / in) this session");
        assertThat(CatalogMarkdown.readable("client host \\[.*\\] blocked using")).isEqualTo("client host […] blocked using");
    }
}
