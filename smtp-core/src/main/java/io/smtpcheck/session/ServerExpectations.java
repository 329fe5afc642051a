package io.smtpcheck.session;

import io.smtpcheck.classify.DiagnosisIds;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Expectations;
import io.smtpcheck.request.Stage;
import io.smtpcheck.tls.TlsFacts;

import java.time.Instant;

/**
 * The request's expectations of what the greeting showed: EHLO keywords (from any EHLO, before or after TLS) and
 * how long the certificate stays valid. Runs after TLS, before AUTH; the banner's pattern is the banner stage's.
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
                throw new Stop(x.classifier().expectation(Stage.EHLO, x.texts().get("expect.ehlo-keyword", keyword), String.join(", ", x.found().keywordsSeen()),
                        greeting, request, DiagnosisIds.Expect.EHLO_KEYWORD, keyword));
            }
        }
        int minDays = expected.minCertValidDays();
        if (minDays <= 0) {
            return greeting;
        }
        String wanted = x.texts().get("expect.cert-days", Integer.toString(minDays));
        TlsFacts tls = x.found().tls();
        if (tls == null) {
            throw new Stop(x.classifier().expectation(Stage.TLS, wanted, x.texts().get("expect.no-tls"), null, request, DiagnosisIds.Expect.TLS_ABSENT));
        }
        long left = tls.daysLeft(Instant.now());
        if (left < 0) {
            throw new Stop(x.classifier().expectation(Stage.TLS, wanted, x.texts().get("expect.expired", tls.notAfter().toString()), null, request,
                    DiagnosisIds.Tls.EXPIRED, tls.notAfter().toString()));
        }
        if (left < minDays) {
            throw new Stop(x.classifier().expectation(Stage.TLS, wanted, x.texts().get("expect.days-left", Long.toString(left)), null, request,
                    DiagnosisIds.Expect.CERT_DAYS, Long.toString(left), Integer.toString(minDays)));
        }
        return greeting;
    }
}
