package io.smtpcheck.cli;

import io.smtpcheck.classify.Verdict;
import io.smtpcheck.report.TextReport;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.SmtpSession;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.SeedSessions;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * {@code smtp-check demo}: replays the sessions of the telnet articles on local scripted listeners and
 * checks each, so a newcomer sees a pass and the common failures without a mail server of their own.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Checks scripted listeners on 127.0.0.1 that replay the telnet sessions of the ESA articles: "
                + "an accepted message, 421 #4.4.5 at the banner, 452 #4.5.3 at RCPT TO, 530 #5.7.0 STARTTLS required.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--lang", defaultValue = "en", description = "Diagnosis language: en, fr, ru, ja, ar (default ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--no-transcript", negatable = false, description = "Show the verdicts only.")
    boolean noTranscript;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One replayed session: how the listener behaves, how it is checked, and the verdict it must give. */
    record Scenario(String title, Supplier<ScriptedSmtpServer.Builder> listener, UnaryOperator<CheckRequest.Builder> check, Verdict expected) {
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("The accepting session of the article (telnet my_esa.local 25, message sent with DATA)",
                    SeedSessions::acceptingEsa, c -> c.stopAfter(Stage.DATA), Verdict.PASS),
            new Scenario("A listener at its per-host connection limit",
                    SeedSessions::tooManyConnectionsFromHost, c -> c, Verdict.TRANSIENT),
            new Scenario("A listener that limits recipients per message",
                    SeedSessions::tooManyRecipients, c -> c.recipient("second@other.com"), Verdict.TRANSIENT),
            new Scenario("A listener that requires TLS, checked without STARTTLS",
                    SeedSessions::startTlsRequired, c -> c.tlsPolicy(TlsPolicy.at(TlsLevel.NONE)), Verdict.FAIL));

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Locale locale = Locale.forLanguageTag(lang);
        int unexpected = 0;
        int n = 0;
        for (Scenario scenario : SCENARIOS) {
            n++;
            try (ScriptedSmtpServer server = scenario.listener().get().start()) {
                CheckRequest request = scenario.check().apply(CheckRequest.builder(server.host()).port(server.port())
                        .heloName("client.example").mailFrom("test@test.com").recipient("user@other.com").locale(locale)).build();
                CheckResult result = SmtpSession.check(request);
                out.printf("=== %d/%d %s%n", n, SCENARIOS.size(), scenario.title());
                out.println(TextReport.render(result, !noTranscript));
                boolean asExpected = result.verdict() == scenario.expected();
                if (!asExpected) {
                    unexpected++;
                    out.println("  UNEXPECTED: the demo expected " + scenario.expected());
                }
                out.println();
            }
        }
        out.printf("demo: %d scenarios, %d as expected. Check your own listener with: smtp-check mail.example.com --to you@example.com%n",
                SCENARIOS.size(), SCENARIOS.size() - unexpected);
        out.flush();
        return unexpected == 0 ? ExitCode.PASS.code : ExitCode.FAIL.code;
    }
}
