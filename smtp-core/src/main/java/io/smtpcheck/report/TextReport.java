package io.smtpcheck.report;

import io.smtpcheck.classify.Outcome;
import io.smtpcheck.classify.Warning;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.RecipientResult;
import io.smtpcheck.session.StageTiming;
import io.smtpcheck.session.Transcript;
import io.smtpcheck.text.Printable;
import io.smtpcheck.text.Texts;
import io.smtpcheck.tls.CertificateInfo;
import io.smtpcheck.tls.TlsReport;
import io.smtpcheck.tls.TlsResult;
import io.smtpcheck.tls.Trust;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The human report, in the result's language: the transcript as telnet would have shown it, then the verdict with its diagnosis. */
public final class TextReport {

    /** The labels of every field, so the values line up whatever the language: 10 columns in English ("diagnosis:"). */
    private static final List<String> LABELS = List.of("warning", "reply", "detail", "found", "accepted", "refused", "diagnosis", "why", "remedy", "tls", "timings");

    private TextReport() {
    }

    /** The results' blocks, separated by a blank line. */
    public static String render(List<CheckResult> results, boolean withTranscript) {
        return InTargetOrder.render(results, out -> writer(out, withTranscript));
    }

    /** The report written as results come: each block as soon as the results before it are written, a blank line between two. */
    public static ReportWriter writer(Writer out, boolean withTranscript) {
        return new InTargetOrder<>(new Blocks(out, withTranscript));
    }

    /** The text format as a stream: one block a result, each ended by its line break so a terminal shows it whole. */
    private static final class Blocks implements InTargetOrder.Format<String> {
        private final Writer out;
        private final boolean withTranscript;
        private boolean first = true;

        Blocks(Writer out, boolean withTranscript) {
            this.out = out;
            this.withTranscript = withTranscript;
        }

        @Override
        public String piece(CheckResult result) {
            return render(result, withTranscript);
        }

        @Override
        public void write(String block) throws IOException {
            if (!first) {
                out.write('\n');
            }
            first = false;
            out.write(block);
            out.write('\n');
        }

        @Override
        public void finish() throws IOException {
            // No results: the report is one empty line.
            if (first) {
                out.write('\n');
            }
        }
    }

    public static String render(CheckResult result, boolean withTranscript) {
        StringBuilder out = new StringBuilder();
        if (withTranscript && !result.transcript().lines().isEmpty()) {
            out.append(result.transcript().render()).append("\n\n");
        }
        Outcome o = result.outcome();
        Texts texts = Texts.of(result.locale());
        int width = labelWidth(texts);
        out.append(texts.get("verdict." + o.verdict().name())).append("  ").append(Printable.escape(result.target())).append(": ")
                .append(Printable.escape(o.headline(result.locale()))).append('\n');
        for (Warning w : result.warnings()) {
            field(out, texts, width, "warning", w.diagnosis().summary());
        }
        field(out, texts, width, "reply", reply(o.reply(), texts));
        if (o instanceof Outcome.NetworkFailure n) {
            field(out, texts, width, "detail", n.detail());
        } else if (o instanceof Outcome.TlsFailure t) {
            field(out, texts, width, "detail", t.detail());
        } else if (o instanceof Outcome.ProtocolViolation p) {
            field(out, texts, width, "detail", p.detail());
        } else if (o instanceof Outcome.ExpectationFailed e) {
            field(out, texts, width, "found", e.actual());
        }
        for (RecipientResult r : result.recipients()) {
            field(out, texts, width, r.accepted() ? "accepted" : "refused", "<" + r.address() + "> " + r.reply().lines().get(r.reply().lines().size() - 1));
        }
        field(out, texts, width, "diagnosis", o.diagnosis().summary());
        if (!(o instanceof Outcome.Passed)) {
            field(out, texts, width, "why", o.diagnosis().explanation());
            field(out, texts, width, "remedy", o.diagnosis().remedy());
        }
        if (result.tls() != null) {
            List<String> lines = tls(result.tls(), texts);
            field(out, texts, width, "tls", lines.get(0));
            lines.subList(1, lines.size()).forEach(line -> field(out, texts, width, "", line));
        }
        if (!result.timings().isEmpty()) {
            field(out, texts, width, "timings", texts.get("report.timings",
                    result.timings().stream().map(t -> timing(t, texts, result.locale())).collect(Collectors.joining(", ")), Long.toString(result.elapsedMillis())));
        }
        return out.toString().stripTrailing();
    }

    /**
     * The last reply line with its enhanced code ("... [enhanced 5.7.1]"), and the ESA form beside it only when the
     * server wrote that form ("... [enhanced 4.4.5, ESA #4.4.5]"); null without a reply.
     */
    private static String reply(Reply reply, Texts texts) {
        if (reply == null) {
            return null;
        }
        String text = reply.lines().get(reply.lines().size() - 1);
        return reply.enhancedCode().map(c -> text + "  " + (reply.usesEsaForm()
                ? texts.get("report.enhanced-esa", c.toString(), c.esaForm()) : texts.get("report.enhanced", c.toString()))).orElse(text);
    }

    /**
     * The TLS block, as a Postfix log shows it: the log line (Anonymous, Untrusted, Trusted, Verified, protocol, cipher)
     * and the level, why the certificate is not Verified, its names, and each certificate of the chain; or the fallback
     * to plaintext. The log line was written in the result's language when the session ran.
     */
    private static List<String> tls(TlsResult tls, Texts texts) {
        TlsReport report = tls.report();
        if (report == null) {
            return List.of(texts.get("report.tls-level", texts.get("report.tls-fallback", tls.fallback()), tls.level().optionName()));
        }
        List<String> lines = new ArrayList<>();
        lines.add(texts.get("report.tls-level", tls.logLine(), tls.level().optionName()));
        if (report.trust() != Trust.VERIFIED) {
            lines.add(texts.get("report.tls-not-verified", report.why(texts)));
        }
        lines.add(texts.get("report.tls-names", report.certificateNames().isEmpty() ? texts.get("report.tls-no-names")
                : String.join(", ", report.certificateNames()), texts.or(report.wantedNames())));
        for (CertificateInfo c : report.chain()) {
            lines.add(texts.get("report.tls-certificate", Integer.toString(c.depth()), c.subject(), c.issuer(), c.notAfter().toString()));
        }
        return lines;
    }

    private static String timing(StageTiming t, Texts texts, Locale locale) {
        return texts.get("report.timing", t.stage().label(locale), Long.toString(t.millis()));
    }

    private static int labelWidth(Texts texts) {
        return LABELS.stream().mapToInt(name -> columns(texts.get("label." + name))).max().orElse(0);
    }

    /** The columns a terminal gives the text: two for a CJK character ("応答:" is five, like "reply"), one for any other. */
    static int columns(String text) {
        return text.codePoints().map(cp -> isWide(cp) ? 2 : 1).sum();
    }

    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6);
    }

    private static void field(StringBuilder out, Texts texts, int width, String name, String value) {
        if (value != null && !value.isBlank()) {
            // Padded by hand, not with String.format: see Transcript.Line#toString. No name: a line more of the field above.
            String label = name.isEmpty() ? "" : texts.get("label." + name);
            out.append("  ").append(label).append(" ".repeat(Math.max(0, width - columns(label)))).append(' ')
                    .append(Printable.escape(value)).append('\n');
        }
    }
}
