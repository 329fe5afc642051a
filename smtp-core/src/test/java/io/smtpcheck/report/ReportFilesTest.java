package io.smtpcheck.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smtpcheck.session.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.smtpcheck.report.Results.request;
import static io.smtpcheck.request.Stage.BANNER;
import static io.smtpcheck.request.Stage.CONNECT;
import static io.smtpcheck.request.Stage.EHLO;
import static io.smtpcheck.request.Stage.MAIL;
import static io.smtpcheck.request.Stage.RCPT;
import static org.assertj.core.api.Assertions.assertThat;

/** The report files: written beside their place as results come, and in place only whole. */
class ReportFilesTest {

    private static final List<CheckResult> RESULTS = List.of(
            Results.of(request(2525).recipient("alice@example.test").build()).passed(RCPT, "250 2.1.5 Ok")
                    .recipient("alice@example.test", "250 2.1.5 Ok").transcript("-> RCPT TO:<alice@example.test>", "<- 250 2.1.5 Ok")
                    .timed(CONNECT, BANNER, EHLO, MAIL, RCPT).build(),
            Results.of(request(2526).build()).failedAt(CONNECT, new ConnectException("Connection refused")).notConnected().timed(CONNECT).build());

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void bothReportsAreWrittenWholeAndNothingElseStays(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(ReportFiles.JSON_NAME), "the previous run's report");

        ReportFiles.in(dir).write(RESULTS, BuildPolicy.STRICT);

        assertThat(names(dir)).containsExactly(ReportFiles.JUNIT_NAME, ReportFiles.JSON_NAME);
        assertThat(Files.readString(dir.resolve(ReportFiles.JSON_NAME))).isEqualTo(JsonReport.render(RESULTS));
        assertThat(Files.readString(dir.resolve(ReportFiles.JUNIT_NAME))).isEqualTo(JunitXmlReport.render(RESULTS, BuildPolicy.STRICT));
    }

    @Test
    void untilTheRunEndsThePreviousReportStaysAndARunThatStopsLeavesIt(@TempDir Path dir) throws IOException {
        Path json = dir.resolve(ReportFiles.JSON_NAME);
        Path junit = dir.resolve(ReportFiles.JUNIT_NAME);
        Files.writeString(json, "previous json");
        Files.writeString(junit, "previous junit");

        try (ReportWriter files = ReportFiles.in(dir).open(BuildPolicy.STRICT)) {
            files.add(0, RESULTS.get(0));

            assertThat(Files.readString(json)).isEqualTo("previous json");
            assertThat(Files.readString(junit)).isEqualTo("previous junit");
            assertThat(names(dir)).as("each report beside its place, and the JUnit spool").hasSize(5)
                    .anyMatch(n -> n.startsWith("." + ReportFiles.JSON_NAME + ".") && n.endsWith(".part"))
                    .anyMatch(n -> n.startsWith("." + ReportFiles.JUNIT_NAME + ".") && n.endsWith(".part"))
                    .anyMatch(n -> n.startsWith(".smtp-check-junit-") && n.endsWith(".spool"));
        }

        assertThat(names(dir)).containsExactly(ReportFiles.JUNIT_NAME, ReportFiles.JSON_NAME);
        assertThat(Files.readString(json)).isEqualTo("previous json");
        assertThat(Files.readString(junit)).isEqualTo("previous junit");
    }

    @Test
    void aReportNamedThroughASymbolicLinkIsWrittenWhereTheLinkPoints(@TempDir Path dir) throws Exception {
        Path real = Files.createDirectory(dir.resolve("real")).resolve("report.json");
        Files.writeString(real, "previous");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real);

        ReportFiles.of(link, null).write(RESULTS, BuildPolicy.STRICT);

        assertThat(link).isSymbolicLink();
        assertThat(new ObjectMapper().readTree(real.toFile()).get("results")).hasSize(2);
        assertThat(names(real.getParent())).containsExactly("report.json");
    }
}
