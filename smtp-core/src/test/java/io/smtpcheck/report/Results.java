package io.smtpcheck.report;

import io.smtpcheck.catalog.DiagnosisCatalog;
import io.smtpcheck.classify.Classifier;
import io.smtpcheck.classify.Outcome;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.RecipientResult;
import io.smtpcheck.session.StageTiming;
import io.smtpcheck.session.Transcript;
import io.smtpcheck.text.Printable;
import io.smtpcheck.text.Texts;
import io.smtpcheck.classify.Warning;
import io.smtpcheck.tls.CertificateInfo;
import io.smtpcheck.tls.TlsFinding;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsReport;
import io.smtpcheck.tls.TlsResult;
import io.smtpcheck.tls.TlsTransport;
import io.smtpcheck.tls.Trust;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Check results made by hand, as a session would have made them, for the report tests: no listener, no network,
 * and every number known. Outcomes come from the real classifier and catalog, so diagnoses read as in production.
 */
final class Results {

    static final Classifier CLASSIFIER = new Classifier(DiagnosisCatalog.standard());
    static final Instant STARTED = Instant.parse("2025-03-01T09:30:00.125Z");

    private Results() {
    }

    /** A request to 127.0.0.1:{@code port}, as the reports name it. */
    static CheckRequest.Builder request(int port) {
        return CheckRequest.builder("127.0.0.1").port(port).heloName("probe.example.test").mailFrom("probe@example.test");
    }

    /**
     * A handshake with 127.0.0.1:2525 as the session reports it: TLSv1.3, one certificate for mx1.example.test
     * (self-issued, valid until 2025-04-01), wanted mx1.example.test, evaluated as {@code trust} for {@code why}; the log
     * line in {@code locale}'s language, as the session writes it.
     */
    static TlsResult mx1Tls(TlsLevel level, Trust trust, Locale locale, String... why) {
        CertificateInfo leaf = new CertificateInfo(0, "CN=mx1.example.test", "CN=Example Test CA",
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-04-01T00:00:00Z"));
        TlsReport report = new TlsReport("TLSv1.3", "TLS_AES_256_GCM_SHA384", List.of(leaf), trust, List.of(why),
                List.of("mx1.example.test"), List.of("DNS:mx1.example.test"), trust == Trust.VERIFIED ? "mx1.example.test" : null,
                "the JVM trust store");
        return new TlsResult(level, TlsTransport.STARTTLS, report, report.logLine(level, "mx1.example.test", "127.0.0.1", 2525, Texts.of(locale)), null);
    }

    /** A warning as the TLS stage makes it, with the shipped catalog's English. */
    static Warning warning(String diagnosisId, String detail, String... args) {
        return CLASSIFIER.warning(new TlsFinding(diagnosisId, List.of(args), detail), request(25).build());
    }

    static Builder of(CheckRequest request) {
        return new Builder(request);
    }

    static final class Builder {
        private final CheckRequest request;
        private final List<StageTiming> timings = new ArrayList<>();
        private final List<RecipientResult> recipients = new ArrayList<>();
        private final List<Transcript.Line> transcript = new ArrayList<>();
        private String address = "127.0.0.1";
        private Outcome outcome;
        private List<String> capabilities = List.of();
        private TlsResult tls;
        private final List<Warning> warnings = new ArrayList<>();
        private long elapsedMillis;

        private Builder(CheckRequest request) {
            this.request = request;
        }

        Builder passed(Stage stage, String... reply) {
            return outcome(CLASSIFIER.passed(stage, Reply.of(reply), request));
        }

        /** The reply that ended the check at {@code stage}. */
        Builder refusedAt(Stage stage, String... reply) {
            return outcome(CLASSIFIER.reply(stage, Reply.of(reply), request));
        }

        Builder failedAt(Stage stage, IOException error) {
            return outcome(CLASSIFIER.failure(stage, error, request));
        }

        Builder outcome(Outcome decided) {
            outcome = decided;
            return this;
        }

        /** No TCP connection was made. */
        Builder notConnected() {
            address = null;
            return this;
        }

        /** The stages in order, taking 1, 2, 3 ... ms; the check took 1 ms more than they did together. */
        Builder timed(Stage... stages) {
            for (int i = 0; i < stages.length; i++) {
                timings.add(new StageTiming(stages[i], i + 1));
            }
            elapsedMillis = timings.stream().mapToLong(StageTiming::millis).sum() + 1;
            return this;
        }

        Builder capabilities(String... lines) {
            capabilities = List.of(lines);
            return this;
        }

        Builder tls(TlsResult session) {
            tls = session;
            return this;
        }

        Builder warning(Warning warning) {
            warnings.add(warning);
            return this;
        }

        Builder recipient(String address, String... reply) {
            recipients.add(new RecipientResult(address, Reply.of(reply)));
            return this;
        }

        /** Lines as the transcript shows them: "-> " sent, "<- " received, "** " a note; printable as the recorder keeps them. */
        Builder transcript(String... lines) {
            for (String line : lines) {
                Transcript.Direction direction = switch (line.substring(0, 3)) {
                    case "-> " -> Transcript.Direction.CLIENT;
                    case "<- " -> Transcript.Direction.SERVER;
                    case "** " -> Transcript.Direction.NOTE;
                    default -> throw new IllegalArgumentException("a transcript line starts with ->, <- or **: " + line);
                };
                transcript.add(new Transcript.Line(transcript.size(), direction, Printable.escape(line.substring(3))));
            }
            return this;
        }

        CheckResult build() {
            return new CheckResult(request.address(), address, request.stopAfter(), request.plannedStages(), outcome, warnings, timings, capabilities, tls,
                    recipients, new Transcript(transcript), STARTED, elapsedMillis, request.locale());
        }
    }
}
