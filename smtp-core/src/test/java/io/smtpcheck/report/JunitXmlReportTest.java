package io.smtpcheck.report;

import io.smtpcheck.session.CheckResult;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.smtpcheck.report.Results.request;
import static io.smtpcheck.request.Stage.BANNER;
import static io.smtpcheck.request.Stage.CONNECT;
import static io.smtpcheck.request.Stage.EHLO;
import static io.smtpcheck.request.Stage.MAIL;
import static io.smtpcheck.request.Stage.QUIT;
import static io.smtpcheck.request.Stage.RCPT;
import static org.assertj.core.api.Assertions.assertThat;

/** The JUnit XML report of hand-made results, parsed with the JDK's DOM parser: one test case per target and stage. */
class JunitXmlReportTest {

    /** The command line's default policy: a 4xx warns, anything else fails. */
    private static final BuildPolicy TOLERANT = new BuildPolicy(false, true);


    /** Refused at RCPT with {@code reply}, after the stages before it passed; the transcript shows the reply and QUIT. */
    private static CheckResult refusedAtRcpt(int port, String reply) {
        return Results.of(request(port).recipient("alice@example.test").build()).refusedAt(RCPT, reply).recipient("alice@example.test", reply)
                .transcript("-> RCPT TO:<alice@example.test>", "<- " + reply, "-> QUIT", "<- 221 2.0.0 Bye")
                .timed(CONNECT, BANNER, EHLO, MAIL, RCPT, QUIT).build();
    }

    private static Element parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = doc.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        return suite;
    }

    private static List<Element> cases(Element suite) {
        List<Element> out = new ArrayList<>();
        NodeList list = suite.getElementsByTagName("testcase");
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    private static List<Element> casesOf(Element suite, String target) {
        String classname = "smtp-check." + target.replace('.', '_');
        return cases(suite).stream().filter(c -> c.getAttribute("classname").equals(classname)).toList();
    }

    private static Element child(Element parent, String tag) {
        NodeList list = parent.getElementsByTagName(tag);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }

    private static String status(Element testcase) {
        if (child(testcase, "failure") != null) {
            return "failed";
        }
        if (child(testcase, "skipped") != null) {
            return "skipped";
        }
        return "passed";
    }

    private static List<String> summary(List<Element> cases) {
        return cases.stream().map(c -> c.getAttribute("name") + ": " + status(c)).toList();
    }

    /** The counts in the testsuite element are those of its test cases. */
    private static void assertCountsMatch(Element suite) {
        List<Element> cases = cases(suite);
        assertThat(suite.getAttribute("tests")).isEqualTo(Integer.toString(cases.size()));
        assertThat(suite.getAttribute("failures")).isEqualTo(Long.toString(cases.stream().filter(c -> status(c).equals("failed")).count()));
        assertThat(suite.getAttribute("skipped")).isEqualTo(Long.toString(cases.stream().filter(c -> status(c).equals("skipped")).count()));
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(suite.getAttribute("time")).matches("\\d+\\.\\d{3}");
        cases.forEach(c -> assertThat(c.getAttribute("time")).matches("\\d+\\.\\d{3}"));
    }

    @Test
    void oneTestCasePerTargetAndStage() throws Exception {
        CheckResult pass = Results.of(request(2525).recipient("alice@example.test").build())
                .passed(RCPT, "250 2.1.5 Ok").transcript("-> RCPT TO:<alice@example.test>", "<- 250 2.1.5 Ok", "-> QUIT", "<- 221 2.0.0 Bye")
                .timed(CONNECT, BANNER, EHLO, MAIL, RCPT, QUIT).build();
        CheckResult transient4xx = refusedAtRcpt(2526, "452 #4.5.3 Too many recipients");
        CheckResult refused = Results.of(request(2599).build()).failedAt(CONNECT, new ConnectException("Connection refused")).notConnected()
                .timed(CONNECT).build();

        Element suite = parse(JunitXmlReport.render(List.of(pass, transient4xx, refused), BuildPolicy.STRICT));

        assertThat(suite.getAttribute("name")).isEqualTo("smtp-check");
        assertThat(summary(casesOf(suite, pass.target()))).containsExactly(
                "0 connect: passed", "1 220 banner: passed", "2 EHLO/HELO: passed", "3 TLS: skipped", "5 MAIL FROM: passed", "6 RCPT TO: passed");
        assertThat(summary(casesOf(suite, transient4xx.target()))).containsExactly(
                "0 connect: passed", "1 220 banner: passed", "2 EHLO/HELO: passed", "3 TLS: skipped", "5 MAIL FROM: passed", "6 RCPT TO: failed");
        assertThat(summary(casesOf(suite, refused.target()))).containsExactly(
                "0 connect: failed", "1 220 banner: skipped", "2 EHLO/HELO: skipped", "3 TLS: skipped");
        assertThat(cases(suite)).hasSize(16);
        assertThat(suite.getAttribute("tests")).isEqualTo("16");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("skipped")).isEqualTo("5");
        assertThat(suite.getAttribute("time")).isEqualTo("0.046");
        assertThat(casesOf(suite, pass.target()).get(4).getAttribute("time")).as("MAIL FROM took 4 ms").isEqualTo("0.004");
        assertCountsMatch(suite);

        Element rcptFailure = child(casesOf(suite, transient4xx.target()).get(5), "failure");
        assertThat(rcptFailure.getAttribute("type")).isEqualTo("transient");
        assertThat(rcptFailure.getAttribute("message"))
                .isEqualTo("transient failure (4xx) at RCPT TO: Too many recipients for one message.")
                .contains(transient4xx.outcome().diagnosis().summary());
        assertThat(rcptFailure.getTextContent())
                .contains("452 #4.5.3 Too many recipients  [enhanced 4.5.3, ESA #4.5.3]", "remedy:");

        Element connectFailure = child(casesOf(suite, refused.target()).get(0), "failure");
        assertThat(connectFailure.getAttribute("type")).isEqualTo("network");
        assertThat(connectFailure.getAttribute("message")).contains("Connection refused by 127.0.0.1:2599.");
        Element skipped = child(casesOf(suite, refused.target()).get(1), "skipped");
        assertThat(skipped.getAttribute("message")).isEqualTo("not reached: network failure (REFUSED) at connect");

        // The transcript goes with the stage that decided the outcome.
        assertThat(child(casesOf(suite, pass.target()).get(3), "skipped").getAttribute("message")).isEqualTo("STARTTLS not offered by the server");
        assertThat(child(casesOf(suite, pass.target()).get(5), "system-out").getTextContent()).contains("<- 250 2.1.5 Ok", "-> QUIT");
        assertThat(child(casesOf(suite, pass.target()).get(0), "system-out")).isNull();
    }

    @Test
    void stagesAfterTheFailingOneAreSkipped() throws Exception {
        CheckResult r = Results.of(request(2525).recipient("alice@example.test").build())
                .refusedAt(MAIL, "553 5.7.1 <probe@example.test>: Sender address rejected: not owned by user alice")
                .timed(CONNECT, BANNER, EHLO, MAIL, QUIT).build();

        Element suite = parse(JunitXmlReport.render(List.of(r), BuildPolicy.STRICT));
        List<Element> cases = casesOf(suite, r.target());
        assertThat(summary(cases)).containsExactly(
                "0 connect: passed", "1 220 banner: passed", "2 EHLO/HELO: passed", "3 TLS: skipped", "5 MAIL FROM: failed", "6 RCPT TO: skipped");
        Element failure = child(cases.get(4), "failure");
        assertThat(failure.getAttribute("type")).isEqualTo("permanent");
        assertThat(failure.getAttribute("message")).contains(r.outcome().diagnosis().summary());
        assertThat(failure.getTextContent()).contains("diagnosis: " + r.outcome().diagnosis().summary(), "why:", "remedy:");
        assertThat(child(cases.get(5), "skipped").getAttribute("message")).isEqualTo("not reached: permanent failure (5xx) at MAIL FROM");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("2");
        assertCountsMatch(suite);
    }

    @Test
    void aTolerated4xxIsSkippedNotFailed() throws Exception {
        CheckResult r = Results.of(request(2525).recipient("alice@example.test").build())
                .refusedAt(BANNER, "421 #4.4.5 Too many TLS sessions.").timed(CONNECT, BANNER).build();

        Element tolerated = parse(JunitXmlReport.render(List.of(r), TOLERANT));
        assertThat(summary(casesOf(tolerated, r.target()))).containsExactly(
                "0 connect: passed", "1 220 banner: skipped", "2 EHLO/HELO: skipped", "3 TLS: skipped", "5 MAIL FROM: skipped", "6 RCPT TO: skipped");
        assertThat(tolerated.getAttribute("failures")).isEqualTo("0");
        assertThat(tolerated.getAttribute("skipped")).isEqualTo("5");
        Element skipped = child(casesOf(tolerated, r.target()).get(1), "skipped");
        assertThat(skipped.getAttribute("message")).as("one line for the CI summary")
                .isEqualTo("transient failure tolerated: transient failure (4xx) at 220 banner: The listener has reached its limit of simultaneous TLS sessions.");
        assertThat(skipped.getTextContent()).contains("421 #4.4.5 Too many TLS sessions.", "remedy:");
        assertCountsMatch(tolerated);

        Element strict = parse(JunitXmlReport.render(List.of(r), BuildPolicy.STRICT));
        assertThat(summary(casesOf(strict, r.target()))).containsExactly(
                "0 connect: passed", "1 220 banner: failed", "2 EHLO/HELO: skipped", "3 TLS: skipped", "5 MAIL FROM: skipped", "6 RCPT TO: skipped");
        assertThat(child(casesOf(strict, r.target()).get(1), "failure").getAttribute("type")).isEqualTo("transient");
        assertThat(strict.getAttribute("failures")).isEqualTo("1");
        assertCountsMatch(strict);
    }

    @Test
    void toleratingTransientFailuresStillFailsA5xx() throws Exception {
        CheckResult r = refusedAtRcpt(2525, "550 5.1.1 <alice@example.test>: Recipient address rejected: User unknown in local recipient table");

        Element suite = parse(JunitXmlReport.render(List.of(r), TOLERANT));
        assertThat(summary(casesOf(suite, r.target()))).endsWith("6 RCPT TO: failed");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertCountsMatch(suite);
    }

    @Test
    void xmlSpecialCharactersAndCdataEndInAReplySurvive() throws Exception {
        String hostile = "550 5.7.1 <a href=\"x\">&amp; it's</a> ]]> <![CDATA[ ]]]]> done";
        CheckResult r = refusedAtRcpt(2525, hostile);

        String xml = JunitXmlReport.render(List.of(r), BuildPolicy.STRICT);
        Element suite = parse(xml);
        Element rcpt = casesOf(suite, r.target()).get(5);
        assertThat(child(rcpt, "failure").getTextContent()).contains("reply:     " + hostile, "refused:   <alice@example.test> " + hostile);
        assertThat(child(rcpt, "system-out").getTextContent()).contains("<- " + hostile, "-> QUIT");
        assertCountsMatch(suite);
    }

    @Test
    void controlCharactersInAReplyKeepTheXmlWellFormed() throws Exception {
        // A hostile or broken server can send any byte but CR LF inside a line; XML 1.0 forbids most C0 controls.
        String hostile = "550 5.7.1 \u001b[31mred\u001b[0m bell\u0007 nul\u0000 tab\tend";
        CheckResult r = refusedAtRcpt(2525, hostile);

        Element suite = parse(JunitXmlReport.render(List.of(r), BuildPolicy.STRICT));
        Element rcpt = casesOf(suite, r.target()).get(5);
        // The text report and the transcript show control characters as \xNN (no escape sequence reaches a
        // terminal, none is left that XML forbids); a tab becomes \t.
        String shown = "550 5.7.1 \\x1b[31mred\\x1b[0m bell\\x07 nul\\x00 tab\\tend";
        assertThat(child(rcpt, "failure").getTextContent()).contains("reply:     " + shown);
        assertThat(child(rcpt, "system-out").getTextContent()).contains("<- " + shown);
        assertCountsMatch(suite);
    }
}
