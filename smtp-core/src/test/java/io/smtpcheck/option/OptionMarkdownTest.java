package io.smtpcheck.option;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionMarkdownTest {

    /** Surefire runs in the module directory; the pages live at the repository root. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"user-guide.md, CLI", "maven.md, MAVEN", "jenkins.md, JENKINS"})
    void theOptionTablesOfTheDocsAreUpToDate(String page, Shell shell) throws IOException {
        Path file = Path.of("..", "docs", page);
        String expected = OptionMarkdown.update(Files.readString(file, StandardCharsets.UTF_8), shell);
        if (Boolean.getBoolean("options.regenerate")) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(actual).as("docs/" + page + " lists other options than io.smtpcheck.option.Option; regenerate it with: "
                + OptionMarkdown.REGENERATE_COMMAND).isEqualTo(expected);
    }

    @Test
    void aTableHasOneRowPerOptionOfItsFrontEnd() {
        for (Shell shell : Shell.values()) {
            long rows = OptionMarkdown.render(shell).lines().filter(l -> l.startsWith("| `")).count();
            assertThat(rows).as(shell.name()).isEqualTo(Option.in(shell).size());
        }
        assertThat(OptionMarkdown.render(Shell.CLI)).contains("| `-p, --port <port>` | `25` | port when the target names none |",
                "| `--tls-level LEVEL` | `may` | TLS security level, as Postfix's smtp_tls_security_level",
                "| `--min-cert-days WARN[,CRIT]` | off | as check_smtp -D",
                "| `--transient POLICY` | `warn` |");
        assertThat(OptionMarkdown.render(Shell.MAVEN)).contains("| `stopAfter` | `smtp-check.stopAfter` | yes | rcpt with recipients,",
                "| `failOnTransient` | `smtp-check.failOnTransient` |  | `true` |");
        assertThat(OptionMarkdown.render(Shell.JENKINS)).contains("| `failOnTransient` | `false` |");
    }

    @Test
    void aPageWithoutMarkersIsRefused() {
        assertThatThrownBy(() -> OptionMarkdown.update("# no table\n", Shell.CLI)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("options:cli");
    }
}
