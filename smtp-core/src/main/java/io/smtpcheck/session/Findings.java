package io.smtpcheck.session;

import io.smtpcheck.tls.TlsFacts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the server showed so far in one check: the evidence the result reports besides the outcome. */
final class Findings {

    private final Set<String> keywordsSeen = new LinkedHashSet<>();
    private final List<RecipientResult> recipients = new ArrayList<>();
    private Capabilities capabilities = Capabilities.NONE;
    private String address;
    private TlsFacts tls;

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

    TlsFacts tls() {
        return tls;
    }

    void tls(TlsFacts facts) {
        tls = facts;
    }

    List<RecipientResult> recipients() {
        return recipients;
    }
}
