package io.smtpcheck.bench;

import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.Target;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;

import java.util.List;
import java.util.function.Function;

/** The probe every tool is asked to make: banner, EHLO, MAIL FROM, RCPT TO, QUIT, in plain text, no message sent. */
final class Probes {

    static final String HELO = "bench.example";

    private Probes() {
    }

    static Function<Target, CheckRequest> requestFor(String mailFrom, String recipient) {
        return target -> CheckRequest.builder(target.host()).port(target.port())
                .tlsPolicy(TlsPolicy.at(TlsLevel.NONE))
                .heloName(HELO)
                .mailFrom(mailFrom)
                .recipients(List.of(recipient))
                .stopAfter(Stage.RCPT)
                .build();
    }
}
