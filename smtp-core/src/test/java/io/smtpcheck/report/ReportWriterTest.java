package io.smtpcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.Trust;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.smtpcheck.report.Results.request;
import static io.smtpcheck.request.Stage.BANNER;
import static io.smtpcheck.request.Stage.CONNECT;
import static io.smtpcheck.request.Stage.EHLO;
import static io.smtpcheck.request.Stage.MAIL;
import static io.smtpcheck.request.Stage.QUIT;
import static io.smtpcheck.request.Stage.RCPT;
import static io.smtpcheck.request.Stage.TLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reports written as results come, in the order their checks end: the same report as of the whole list, each
 * result written as soon as every earlier one has come, and nothing left behind on disk.
 */
class ReportWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A pass over an untrusted TLS session with a certificate warning, a 4xx, a refused connection and a 5xx; every port its own. */
    private static final List<CheckResult> RESULTS = List.of(
            Results.of(request(2525).recipient("alice@example.test").build()).passed(RCPT, "250 2.1.5 Ok")
                    .recipient("alice@example.test", "250 2.1.5 Ok")
                    .tls(Results.mx1Tls(TlsLevel.MAY, Trust.UNTRUSTED, Locale.ENGLISH, "self-signed certificate"))
                    .warning(Results.warning("tls.cert-days-warn", "server certificate (CN=mx1.example.test) expires 2025-04-01T00:00:00Z, in 12 days "
                            + "(warning below 30)", "CN=mx1.example.test", "12", "30"))
                    .transcript("<- 220 mx1.example.test ESMTP", "-> RCPT TO:<alice@example.test>", "<- 250 2.1.5 Ok", "-> QUIT", "<- 221 2.0.0 Bye")
                    .timed(CONNECT, BANNER, EHLO, TLS, MAIL, RCPT, QUIT).build(),
            Results.of(request(2526).recipient("bob@example.test").build()).refusedAt(RCPT, "452 #4.5.3 Too many recipients ]]> |")
                    .recipient("bob@example.test", "452 #4.5.3 Too many recipients ]]> |")
                    .transcript("-> RCPT TO:<bob@example.test>", "<- 452 #4.5.3 Too many recipients ]]> |").timed(CONNECT, BANNER, EHLO, MAIL, RCPT).build(),
            Results.of(request(2527).build()).failedAt(CONNECT, new ConnectException("Connection refused")).notConnected()
                    .transcript("** connect to 127.0.0.1 port 2527 failed: Connection refused").timed(CONNECT).build(),
            Results.of(request(2528).build()).refusedAt(MAIL, "554 5.7.1 Access denied").timed(CONNECT, BANNER, EHLO, MAIL).build());

    /** Each format's report of a list, and its writer: the two ways in. */
    private record Format(String name, Function<List<CheckResult>, String> ofList, Function<Writer, ReportWriter> writer) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Format> formats() {
        BuildPolicy tolerant = new BuildPolicy(false, true);
        return Stream.of(
                new Format("text", r -> TextReport.render(r, true), out -> TextReport.writer(out, true)),
                new Format("text without transcript", r -> TextReport.render(r, false), out -> TextReport.writer(out, false)),
                new Format("json", JsonReport::render, JsonReport::writer),
                new Format("junit", r -> JunitXmlReport.render(r, BuildPolicy.STRICT), out -> JunitXmlReport.writer(out, BuildPolicy.STRICT)),
                new Format("junit, 4xx tolerated", r -> JunitXmlReport.render(r, tolerant), out -> JunitXmlReport.writer(out, tolerant)),
                new Format("nagios", r -> NagiosReport.render(r, BuildPolicy.STRICT), out -> NagiosReport.writer(out, BuildPolicy.STRICT)),
                new Format("nagios, 4xx warns", r -> NagiosReport.render(r, tolerant), out -> NagiosReport.writer(out, tolerant)));
    }

    static Stream<Arguments> formatsAndArrivals() {
        List<List<Integer>> arrivals = List.of(List.of(0, 1, 2, 3), List.of(3, 2, 1, 0), List.of(2, 0, 3, 1), List.of(1, 3, 0, 2));
        return formats().flatMap(f -> arrivals.stream().map(order -> Arguments.of(f, order)));
    }

    private static String streamed(Format format, List<Integer> arrival) throws IOException {
        StringWriter out = new StringWriter();
        try (ReportWriter report = format.writer().apply(out)) {
            for (int index : arrival) {
                report.add(index, RESULTS.get(index));
            }
            report.finish();
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0}, arriving {1}")
    @MethodSource("formatsAndArrivals")
    void resultsArrivingInAnyOrderGiveTheReportOfTheList(Format format, List<Integer> arrival) throws IOException {
        assertThat(streamed(format, arrival)).isEqualTo(format.ofList().apply(RESULTS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void noResultsGiveTheReportOfAnEmptyList(Format format) throws IOException {
        assertThat(streamed(format, List.of())).isEqualTo(format.ofList().apply(List.of())).isNotEmpty();
    }

    @Test
    void aTextBlockIsWrittenAsSoonAsEveryEarlierResultHasCome() throws IOException {
        StringWriter out = new StringWriter();
        String first = TextReport.render(RESULTS.get(0), true);
        String second = TextReport.render(RESULTS.get(1), true);
        String third = TextReport.render(RESULTS.get(2), true);
        try (ReportWriter report = TextReport.writer(out, true)) {
            report.add(2, RESULTS.get(2));
            assertThat(out.toString()).as("the third waits for the first two").isEmpty();

            report.add(0, RESULTS.get(0));
            assertThat(out.toString()).as("the first goes out at once; the third still waits for the second").isEqualTo(first + "\n");

            report.add(1, RESULTS.get(1));
            assertThat(out.toString()).as("the second, then the third that waited for it").isEqualTo(first + "\n\n" + second + "\n\n" + third + "\n");

            report.add(3, RESULTS.get(3));
            report.finish();
        }
        assertThat(out.toString()).isEqualTo(TextReport.render(RESULTS, true));
    }

    @Test
    void jsonElementsAreWrittenAsTheyComeAndTheVerdictAfterThem() throws Exception {
        StringWriter out = new StringWriter();
        try (ReportWriter report = JsonReport.writer(out)) {
            report.add(2, RESULTS.get(2));
            assertThat(out.toString()).as("not even the document's start before a result can go out").isEmpty();

            report.add(0, RESULTS.get(0));
            assertThat(out.toString()).startsWith("{\n  \"tool\" : \"smtp-check\",\n  \"results\" : [ {\n    \"target\" : \"127.0.0.1:2525\",")
                    .doesNotContain("127.0.0.1:2527", "\"verdict\" : \"FAIL\"");

            report.add(1, RESULTS.get(1));
            assertThat(out.toString()).contains("127.0.0.1:2526", "127.0.0.1:2527").doesNotContain("127.0.0.1:2528");

            report.add(3, RESULTS.get(3));
            report.finish();
        }
        JsonNode root = JSON.readTree(out.toString());
        List<String> fields = new ArrayList<>();
        root.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("the run's verdict is known only at the end").containsExactly("tool", "results", "verdict");
        assertThat(root.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(root.get("results")).extracting(r -> r.get("target").asText())
                .containsExactly("127.0.0.1:2525", "127.0.0.1:2526", "127.0.0.1:2527", "127.0.0.1:2528");
    }

    @Test
    void nagiosWritesItsOneLineAtTheEnd() throws IOException {
        StringWriter out = new StringWriter();
        try (ReportWriter report = NagiosReport.writer(out, BuildPolicy.STRICT)) {
            for (int i = 0; i < RESULTS.size(); i++) {
                report.add(i, RESULTS.get(i));
            }
            assertThat(out.toString()).isEmpty();
            report.finish();
        }
        assertThat(out.toString()).startsWith("SMTP CRITICAL - 127.0.0.1:2525 passed up to RCPT TO: 250 2.1.5 Ok; warning: The certificate CN=mx1.example.test expires in 12 days")
                .contains("Too many recipients ]]> /; 127.0.0.1:2527 network failure");
    }

    /** As JunitXmlReport.render wrote these two results before the report streamed: the output must not change by a byte. */
    @Test
    void junitIsByteForByteWhatItWasBeforeItStreamed() {
        CheckResult pass = Results.of(request(2525).recipient("alice@example.test").build()).passed(RCPT, "250 2.1.5 Ok")
                .recipient("alice@example.test", "250 2.1.5 Ok").transcript("<- 220 mx1.example.test ESMTP", "-> QUIT", "<- 221 2.0.0 Bye ]]> done")
                .timed(CONNECT, BANNER, EHLO, MAIL, RCPT, QUIT).build();
        CheckResult refused = Results.of(request(2599).build()).failedAt(CONNECT, new ConnectException("Connection refused")).notConnected()
                .transcript("** connect to 127.0.0.1 port 2599 failed: Connection refused").timed(CONNECT).build();

        assertThat(JunitXmlReport.render(List.of(pass, refused), BuildPolicy.STRICT)).isEqualTo(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
            "<testsuite name=\"smtp-check\" tests=\"10\" failures=\"1\" errors=\"0\" skipped=\"4\" time=\"0.024\">\n" +
            "  <testcase classname=\"smtp-check.127_0_0_1:2525\" name=\"0 connect\" time=\"0.001\"></testcase>\n" +
            "  <testcase classname=\"smtp-check.127_0_0_1:2525\" name=\"1 220 banner\" time=\"0.002\"></testcase>\n" +
            "  <testcase classname=\"smtp-check.127_0_0_1:2525\" name=\"2 EHLO/HELO\" time=\"0.003\"></testcase>\n" +
            "  <testcase classname=\"smtp-check.127_0_0_1:2525\" name=\"3 TLS\" time=\"0.000\"><skipped message=\"STARTTLS not offered by the server\"></skipped></testcase>\n" +
            "  <testcase classname=\"smtp-check.127_0_0_1:2525\" name=\"5 MAIL FROM\" time=\"0.004\"></testcase>\n" +
            "  <testcase classname=\"smtp-check.127_0_0_1:2525\" name=\"6 RCPT TO\" time=\"0.005\"><system-out><![CDATA[     0 ms <- 220 mx1.example.test ESMTP\n" +
            "     1 ms -> QUIT\n" +
            "     2 ms <- 221 2.0.0 Bye ]]]]><![CDATA[> done]]></system-out></testcase>\n" +
            "  <testcase classname=\"smtp-check.127_0_0_1:2599\" name=\"0 connect\" time=\"0.001\"><failure type=\"network\" message=\"network failure (REFUSED) at connect: Connection refused by 127.0.0.1:2599.\">FAIL  127.0.0.1:2599: network failure (REFUSED) at connect\n" +
            "  detail:    Connection refused\n" +
            "  diagnosis: Connection refused by 127.0.0.1:2599.\n" +
            "  why:       The host answered but nothing listens on that port, or a firewall rejects the connection actively.\n" +
            "  remedy:    Check that the SMTP service runs and listens on this address and port (ss -ltn), the port number, and the firewall rules.\n" +
            "  timings:   connect 1 ms (total 2 ms)</failure><system-out><![CDATA[     0 ms ** connect to 127.0.0.1 port 2599 failed: Connection refused]]></system-out></testcase>\n" +
            "  <testcase classname=\"smtp-check.127_0_0_1:2599\" name=\"1 220 banner\" time=\"0.000\"><skipped message=\"not reached: network failure (REFUSED) at connect\"></skipped></testcase>\n" +
            "  <testcase classname=\"smtp-check.127_0_0_1:2599\" name=\"2 EHLO/HELO\" time=\"0.000\"><skipped message=\"not reached: network failure (REFUSED) at connect\"></skipped></testcase>\n" +
            "  <testcase classname=\"smtp-check.127_0_0_1:2599\" name=\"3 TLS\" time=\"0.000\"><skipped message=\"not reached: network failure (REFUSED) at connect\"></skipped></testcase>\n" +
            "</testsuite>\n");
    }

    @Test
    void theJunitSpoolHoldsTheTestCasesUntilTheEndAndIsThenDeleted(@TempDir Path spool) throws IOException {
        StringWriter out = new StringWriter();
        try (ReportWriter report = JunitXmlReport.writer(out, BuildPolicy.STRICT, spool)) {
            report.add(1, RESULTS.get(1));
            assertThat(spool).as("nothing to spool while the first result has not come").isEmptyDirectory();

            report.add(0, RESULTS.get(0));
            try (Stream<Path> files = Files.list(spool)) {
                assertThat(files.toList()).singleElement().satisfies(file -> {
                    assertThat(file.getFileName().toString()).startsWith(".smtp-check-junit-").endsWith(".spool");
                    assertThat(out.toString()).as("the suite's start waits for its counts").isEmpty();
                });
            }

            report.add(2, RESULTS.get(2));
            report.add(3, RESULTS.get(3));
            report.finish();
            assertThat(spool).isEmptyDirectory();
        }
        assertThat(out.toString()).isEqualTo(JunitXmlReport.render(RESULTS, BuildPolicy.STRICT));
    }

    @Test
    void aRunThatStopsLeavesNoJunitSpool(@TempDir Path spool) throws IOException {
        StringWriter out = new StringWriter();
        try (ReportWriter report = JunitXmlReport.writer(out, BuildPolicy.STRICT, spool)) {
            report.add(0, RESULTS.get(0));
            assertThat(spool).isNotEmptyDirectory();
        }
        assertThat(spool).isEmptyDirectory();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aResultThatNeverCameIsNamedAtTheEnd() throws IOException {
        try (ReportWriter report = TextReport.writer(new StringWriter(), false)) {
            report.add(0, RESULTS.get(0));
            report.add(2, RESULTS.get(2));
            report.add(3, RESULTS.get(3));

            assertThatThrownBy(report::finish).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the result at index 1 never came, and 2 later ones wait for it");
        }
    }

    @Test
    void anIndexComesOnce() throws IOException {
        try (ReportWriter report = JsonReport.writer(new StringWriter())) {
            report.add(0, RESULTS.get(0));
            report.add(2, RESULTS.get(2));

            assertThatThrownBy(() -> report.add(0, RESULTS.get(0))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 0 came twice");
            assertThatThrownBy(() -> report.add(2, RESULTS.get(2))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 2 came twice");
            assertThatThrownBy(() -> report.add(-1, RESULTS.get(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("indexes start at 0");
        }
    }
}
