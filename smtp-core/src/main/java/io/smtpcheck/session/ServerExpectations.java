package io.smtpcheck.session;

import io.smtpcheck.classify.DiagnosisIds;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Expectations;
import io.smtpcheck.request.Stage;
import io.smtpcheck.tls.TlsStep;

import java.time.Instant;

/**
 * The request's expectations of what the greeting showed: EHLO keywords (from any EHLO, before or after TLS), and a
 * certificate to measure when certificate-life thresholds are set. Runs after TLS, before AUTH; the banner's pattern
 * is the banner stage's, the thresholds over a presented chain the TLS stage's.
 */
final class ServerExpectations implements Step {

    @Override
    public boolean wanted(CheckRequest request) {
        return !Stage.EHLO.isAfter(request.stopAfter());
    }

    @Override
    public Reply run(Exchange x, Reply greeting) throws Stop {
        CheckRequest request = x.request();
        Expectations expected = request.expectations();
        for (String keyword : expected.ehloKeywords()) {
            if (!x.found().keywordsSeen().contains(keyword)) {
                throw new Stop(x.classifier().expectation(Stage.EHLO, "EHLO advertises " + keyword, String.join(", ", x.found().keywordsSeen()),
                        greeting, request, DiagnosisIds.Expect.EHLO_KEYWORD, keyword));
            }
        }
        if (x.found().tls() == null && expected.certDays().enabled()) {
            // No TLS (level none, STARTTLS not offered, a fallback to plaintext): no certificate to measure.
            if (expected.certDays().evaluate(null, Instant.now()) instanceof TlsStep.Unmet unmet) {
                throw StartTls.unmet(x, unmet);
            }
        }
        return greeting;
    }
}
