package io.smtpcheck.report;

import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.StageTiming;
import io.smtpcheck.text.Printable;
import io.smtpcheck.text.Texts;

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
        String status = switch (policy.decide(results)) {
            case PASS -> "OK";
            case WARN -> "WARNING";
            case FAIL -> "CRITICAL";
        };
        String text = results.stream().map(r -> r.target() + " " + r.outcome().headline(r.locale())
                        + (r.outcome().reply() == null ? "" : ": " + r.outcome().reply().lines().get(r.outcome().reply().lines().size() - 1))
                        + r.warnings().stream().map(w -> "; " + Texts.of(r.locale()).get("label.warning") + " " + w.diagnosis().summary())
                                .collect(Collectors.joining()))
                .collect(Collectors.joining("; "));
        String perf = results.stream().map(NagiosReport::perfdata).collect(Collectors.joining(" "));
        // The long output, after the status line: each TLS session as Postfix logs it.
        String tls = results.stream().filter(r -> r.tls() != null && r.tls().logLine() != null)
                .map(r -> Printable.escape(r.tls().logLine()).replace('|', '/') + "\n").collect(Collectors.joining());
        // '|' separates perfdata in the plugin format: it must not appear in the text. Nor may a line break, which
        // would end the status line before the perfdata, nor an escape sequence (ESC, CSI U+009B) meant for the terminal.
        return "SMTP " + status + " - " + Printable.escape(text).replace('|', '/') + " | " + perf + "\n" + tls;
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
