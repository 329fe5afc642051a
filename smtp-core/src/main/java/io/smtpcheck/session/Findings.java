package io.smtpcheck.session;

import io.smtpcheck.classify.Warning;
import io.smtpcheck.tls.TlsReport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the server showed so far in one check: the evidence the result reports besides the outcome. */
final class Findings {

    private final Set<String> keywordsSeen = new LinkedHashSet<>();
    private final List<RecipientResult> recipients = new ArrayList<>();
    private final List<Warning> warnings = new ArrayList<>();
    private Capabilities capabilities = Capabilities.NONE;
    private String address;
    private TlsReport tls;
    private String tlsLogLine;
    private String tlsFallback;

    /** The IP address TCP got connected to, or null. */
    String address() {
        return address;
    }

    void connectedTo(String address) {
        this.address = address;
    }

    /** As last advertised: after TLS, the capabilities of the EHLO after the handshake. */
    Capabilities capabilities() {
        return capabilities;
    }

    void advertised(Capabilities latest) {
        capabilities = latest;
        keywordsSeen.addAll(latest.keywords());
    }

    /** Every keyword any EHLO of the check advertised, before or after TLS. */
    Set<String> keywordsSeen() {
        return keywordsSeen;
    }

    /** The evaluated handshake, or null when the session has no TLS (yet, or at all). */
    TlsReport tls() {
        return tls;
    }

    /** Postfix's log line for the report, as the transcript showed it. */
    String tlsLogLine() {
        return tlsLogLine;
    }

    void tls(TlsReport report, String logLine) {
        tls = report;
        tlsLogLine = logLine;
    }

    /** What failed before the session went on without TLS at level may; null when it did not fall back. */
    String tlsFallback() {
        return tlsFallback;
    }

    void fellBack(String what) {
        tlsFallback = what;
    }

    /** What the check passes with but must be told: the build policy makes them WARN. */
    List<Warning> warnings() {
        return warnings;
    }

    List<RecipientResult> recipients() {
        return recipients;
    }
}
