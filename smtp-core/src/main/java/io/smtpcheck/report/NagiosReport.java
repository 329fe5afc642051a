package io.smtpcheck.report;

import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.StageTiming;
import io.smtpcheck.text.Printable;
import io.smtpcheck.text.Texts;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One line in the Nagios plugin format, {@code SMTP CRITICAL - text | perfdata}, for Nagios, Icinga and
 * friends. The status is the build policy's decision, by the plugin convention: 0 OK, 1 WARNING, 2 CRITICAL. The
 * status words and perfdata labels are the plugin API's and stay English; the text is in each result's language.
 */
public final class NagiosReport {

    private NagiosReport() {
    }

    public static String render(List<CheckResult> results, BuildPolicy policy) {
        return InTargetOrder.render(results, out -> writer(out, policy));
    }

    /**
     * The report written at the end, since it is one status line: as results come, only each one's text, perfdata
     * and TLS line are kept, joined in target order, and the decision folded.
     */
    public static ReportWriter writer(Writer out, BuildPolicy policy) {
        return new InTargetOrder<>(new Line(out, policy));
    }

    /** What the line shows of one result, each part ready to print; {@code tls} empty without a handshake. */
    private record Part(String text, String perfdata, String tls, BuildPolicy.Decision decision) {
    }

    private static final class Line implements InTargetOrder.Format<Part> {
        private final Writer out;
        private final BuildPolicy policy;
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder perf = new StringBuilder();
        private final StringBuilder tls = new StringBuilder();
        private BuildPolicy.Decision decision = BuildPolicy.Decision.PASS;
        private boolean first = true;

        Line(Writer out, BuildPolicy policy) {
            this.out = out;
            this.policy = policy;
        }

        @Override
        public Part piece(CheckResult r) {
            String text = r.target() + " " + r.outcome().headline(r.locale())
                    + (r.outcome().reply() == null ? "" : ": " + r.outcome().reply().lines().get(r.outcome().reply().lines().size() - 1))
                    + r.warnings().stream().map(w -> "; " + Texts.of(r.locale()).get("label.warning") + " " + w.diagnosis().summary())
                            .collect(Collectors.joining());
            // The long output, after the status line: each TLS session as Postfix logs it.
            String tls = r.tls() != null && r.tls().logLine() != null ? Printable.escape(r.tls().logLine()).replace('|', '/') + "\n" : "";
            // '|' separates perfdata in the plugin format: it must not appear in the text. Nor may a line break, which
            // would end the status line before the perfdata, nor an escape sequence (ESC, CSI U+009B) meant for the terminal.
            return new Part(Printable.escape(text).replace('|', '/'), perfdata(r), tls, policy.decide(r));
        }

        @Override
        public void write(Part part) {
            if (!first) {
                text.append("; ");
                perf.append(' ');
            }
            first = false;
            text.append(part.text());
            perf.append(part.perfdata());
            tls.append(part.tls());
            decision = decision.worse(part.decision());
        }

        @Override
        public void finish() throws IOException {
            String status = switch (decision) {
                case PASS -> "OK";
                case WARN -> "WARNING";
                case FAIL -> "CRITICAL";
            };
            out.write("SMTP " + status + " - ");
            out.append(text).append(" | ").append(perf).append('\n').append(tls);
        }
    }

    private static String perfdata(CheckResult r) {
        String prefix = label(r.target());
        StringBuilder perf = new StringBuilder("'" + prefix + "_time'=" + Seconds.of(r.elapsedMillis()) + "s;;;0");
        for (StageTiming t : r.timings()) {
            perf.append(" '").append(prefix).append('_').append(t.stage().name().toLowerCase(Locale.ROOT)).append("'=")
                    .append(Seconds.of(t.millis())).append("s;;;0");
        }
        return perf.toString();
    }

    private static String label(String target) {
        return Printable.escape(target).replace('\'', '_').replace('=', '_');
    }
}
