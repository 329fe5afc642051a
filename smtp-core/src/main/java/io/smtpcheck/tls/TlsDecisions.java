package io.smtpcheck.tls;

import io.smtpcheck.classify.DiagnosisIds.Tls;
import io.smtpcheck.text.Texts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The TLS rules of a check as pure functions, in the order the session meets them: whether to send STARTTLS,
 * what a refused STARTTLS or a failed handshake leads to, the level's verdict on the evaluated chain with the
 * certificate-life thresholds, and the credentials rule before AUTH. The TLS and AUTH stages only call these
 * and turn a {@link TlsStep} into what they do next. The findings are written in the language of {@code texts}.
 */
public final class TlsDecisions {

    private TlsDecisions() {
    }

    /** After EHLO on the STARTTLS transport: send STARTTLS ({@link TlsStep.Proceed}), go on in plaintext, or stop. */
    public static TlsStep beforeStartTls(TlsPolicy policy, boolean offered, AuthIntent auth, Texts texts) {
        if (policy.transport() == TlsTransport.IMPLICIT) {
            throw new IllegalArgumentException("implicit TLS has no STARTTLS to decide on");
        }
        if (policy.level() == TlsLevel.NONE) {
            return new TlsStep.Plaintext(null);
        }
        if (offered) {
            return TlsStep.Proceed.CLEAN;
        }
        if (policy.level().requiresTls()) {
            return new TlsStep.Stop(new TlsFinding(Tls.NOT_OFFERED, List.of(), texts.get("tls.not-offered-level", policy.level().optionName())));
        }
        if (auth.credentials() && !auth.allowPlaintext()) {
            return new TlsStep.Stop(new TlsFinding(Tls.NOT_OFFERED, List.of(), texts.get("tls.not-offered-auth")));
        }
        return new TlsStep.Plaintext(null);
    }

    /**
     * STARTTLS was answered with something else than 220 (454 TLS not available, ...). At may Postfix goes on in
     * plaintext; present: do so and show the warning; empty: classify the reply as any refusal.
     */
    public static Optional<TlsStep.Plaintext> afterStartTlsRefused(TlsPolicy policy, String reply, AuthIntent auth, Texts texts) {
        return fallsBack(policy, auth)
                ? Optional.of(new TlsStep.Plaintext(fallback(texts.get("tls.starttls-refused", reply), texts)))
                : Optional.empty();
    }

    /**
     * The handshake failed ({@code detail}: the SSLException's message). At may on STARTTLS Postfix retries the
     * delivery on a new plaintext connection: {@link TlsStep.Plaintext} says reconnect without STARTTLS and warn.
     */
    public static TlsStep afterHandshakeFailure(TlsPolicy policy, String detail, AuthIntent auth, Texts texts) {
        String failed = texts.get("tls.handshake-failed", detail);
        if (fallsBack(policy, auth)) {
            return new TlsStep.Plaintext(fallback(failed, texts));
        }
        return new TlsStep.Stop(new TlsFinding(Tls.HANDSHAKE, List.of(detail), failed));
    }

    /**
     * After a completed handshake: at verify and secure anything but Verified stops (tls.untrusted with the reason,
     * tls.hostname with both sets of names); at may and encrypt trust never fails. Then the certificate-life
     * thresholds over the whole chain.
     */
    public static TlsStep afterHandshake(TlsPolicy policy, TlsReport report, CertDays days, Instant now, Texts texts) {
        if (policy.level().verifiesPeer()) {
            switch (report.trust()) {
                case VERIFIED -> {
                }
                case TRUSTED -> {
                    return new TlsStep.Stop(new TlsFinding(Tls.HOSTNAME, List.of(texts.or(report.wantedNames())),
                            texts.get("tls.hostname", report.nameMismatch(texts))));
                }
                case ANONYMOUS, UNTRUSTED -> {
                    return new TlsStep.Stop(new TlsFinding(Tls.UNTRUSTED, List.of(report.why(texts)),
                            texts.get("tls.untrusted", report.trustSource(), report.why(texts))));
                }
            }
        }
        return days.evaluate(report, now, texts);
    }

    /**
     * The credentials rule, before AUTH: credentials go only over Verified TLS, or with the explicit opt-in over
     * unverified TLS, or with the explicit plaintext opt-in without TLS; whatever the level. {@code report} is
     * null when the session runs without TLS.
     */
    public static TlsStep beforeAuth(TlsReport report, AuthIntent auth, Texts texts) {
        if (!auth.credentials()) {
            return TlsStep.Proceed.CLEAN;
        }
        if (report == null) {
            return auth.allowPlaintext() ? TlsStep.Proceed.CLEAN
                    : new TlsStep.Stop(new TlsFinding(Tls.UNVERIFIED_AUTH, List.of(texts.get("tls.not-encrypted")), texts.get("tls.auth-without-tls")));
        }
        if (report.trust() == Trust.VERIFIED || auth.allowUnverified()) {
            return TlsStep.Proceed.CLEAN;
        }
        String state = report.trust().word() + " (" + report.why(texts) + ")";
        return new TlsStep.Stop(new TlsFinding(Tls.UNVERIFIED_AUTH, List.of(state), texts.get("tls.auth-unverified", state)));
    }

    private static boolean fallsBack(TlsPolicy policy, AuthIntent auth) {
        return policy.level() == TlsLevel.MAY && policy.transport() == TlsTransport.STARTTLS
                && (!auth.credentials() || auth.allowPlaintext());
    }

    private static TlsFinding fallback(String detail, Texts texts) {
        return new TlsFinding(Tls.FALLBACK, List.of(detail), texts.get("tls.fallback", detail));
    }
}
