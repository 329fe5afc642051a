package io.smtpcheck.report;

import io.smtpcheck.classify.Outcome;
import io.smtpcheck.classify.Warning;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.RecipientResult;
import io.smtpcheck.session.StageTiming;
import io.smtpcheck.text.Printable;
import io.smtpcheck.tls.CertificateInfo;
import io.smtpcheck.tls.TlsReport;
import io.smtpcheck.tls.TlsResult;
import io.smtpcheck.tls.Trust;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The human report: the transcript as telnet would have shown it, then the verdict with its diagnosis. */
public final class TextReport {

    private TextReport() {
    }

    public static String render(List<CheckResult> results, boolean withTranscript) {
        return results.stream().map(r -> render(r, withTranscript)).collect(Collectors.joining("\n\n")) + "\n";
    }

    public static String render(CheckResult result, boolean withTranscript) {
        StringBuilder out = new StringBuilder();
        if (withTranscript && !result.transcript().lines().isEmpty()) {
            out.append(result.transcript().render()).append("\n\n");
        }
        Outcome o = result.outcome();
        out.append(o.verdict()).append("  ").append(Printable.escape(result.target())).append(": ").append(Printable.escape(o.headline())).append('\n');
        for (Warning w : result.warnings()) {
            field(out, "warning", w.diagnosis().summary());
        }
        field(out, "reply", reply(o.reply()));
        if (o instanceof Outcome.NetworkFailure n) {
            field(out, "detail", n.detail());
        } else if (o instanceof Outcome.TlsFailure t) {
            field(out, "detail", t.detail());
        } else if (o instanceof Outcome.ProtocolViolation p) {
            field(out, "detail", p.detail());
        } else if (o instanceof Outcome.ExpectationFailed e) {
            field(out, "found", e.actual());
        }
        for (RecipientResult r : result.recipients()) {
            field(out, r.accepted() ? "accepted" : "refused", "<" + r.address() + "> " + r.reply().lines().get(r.reply().lines().size() - 1));
        }
        field(out, "diagnosis", o.diagnosis().summary());
        if (!(o instanceof Outcome.Passed)) {
            field(out, "why", o.diagnosis().explanation());
            field(out, "remedy", o.diagnosis().remedy());
        }
        if (result.tls() != null) {
            List<String> lines = tls(result.tls());
            field(out, "tls", lines.get(0));
            lines.subList(1, lines.size()).forEach(line -> field(out, "", line));
        }
        if (!result.timings().isEmpty()) {
            field(out, "timings", result.timings().stream().map(TextReport::timing).collect(Collectors.joining(", "))
                    + " (total " + result.elapsedMillis() + " ms)");
        }
        return out.toString().stripTrailing();
    }

    /** The last reply line with its enhanced code in both forms ("... [enhanced 4.4.5, ESA #4.4.5]"), or null. */
    private static String reply(Reply reply) {
        if (reply == null) {
            return null;
        }
        String text = reply.lines().get(reply.lines().size() - 1);
        return reply.enhancedCode().map(c -> text + "  [enhanced " + c + ", ESA " + c.esaForm() + "]").orElse(text);
    }

    /**
     * The TLS block, as a Postfix log shows it: the log line (Anonymous, Untrusted, Trusted, Verified, protocol, cipher)
     * and the level, why the certificate is not Verified, its names, and each certificate of the chain; or the fallback
     * to plaintext. Every English word of the block is here.
     */
    private static List<String> tls(TlsResult tls) {
        String level = " (level " + tls.level().optionName() + ")";
        TlsReport report = tls.report();
        if (report == null) {
            return List.of("none: " + tls.fallback() + "; went on without TLS" + level);
        }
        List<String> lines = new ArrayList<>();
        lines.add(tls.logLine() + level);
        if (report.trust() != Trust.VERIFIED) {
            lines.add("not verified: " + report.why());
        }
        lines.add("names: " + (report.certificateNames().isEmpty() ? "none" : String.join(", ", report.certificateNames()))
                + "; wanted " + String.join(" or ", report.wantedNames()));
        for (CertificateInfo c : report.chain()) {
            lines.add("certificate " + c.depth() + ": " + c.subject() + ", issued by " + c.issuer() + ", valid until " + c.notAfter());
        }
        return lines;
    }

    private static String timing(StageTiming t) {
        return t.stage().label() + " " + t.millis() + " ms";
    }

    private static void field(StringBuilder out, String name, String value) {
        if (value != null && !value.isBlank()) {
            // Padded by hand, not with String.format: see Transcript.Line#toString. No name: a line more of the field above.
            String label = name.isEmpty() ? "" : name + ":";
            out.append("  ").append(label).append(" ".repeat(Math.max(0, 10 - label.length()))).append(' ')
                    .append(Printable.escape(value)).append('\n');
        }
    }
}
