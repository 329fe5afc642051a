package io.smtpcheck.tls;

import io.smtpcheck.text.Texts;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.time.Instant;

/**
 * Evaluates the chain a server presented, after a handshake that accepted any certificate
 * ({@link TlsContexts#permissive}), against trust anchors and wanted names, into Postfix's classification.
 * PKIX without revocation checks, as Postfix does by default; like OpenSSL it also checks the validity dates of
 * the trust anchor the chain ends at, which the JDK's validator does not.
 */
public final class ChainEvaluator {

    /** The problems are in OpenSSL's words, which posttls-finger and a Postfix log show in English whatever the language. */
    private static final Texts OPENSSL_WORDS = Texts.of(Locale.ENGLISH);

    private final Set<TrustAnchor> anchors;
    private final String source;

    private ChainEvaluator(List<X509Certificate> anchors, String source) {
        this.anchors = anchors.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
        this.source = source;
    }

    /** Trusts exactly these CA certificates (a trust file); {@code source} names them in messages. */
    public static ChainEvaluator trusting(List<X509Certificate> cas, String source) {
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("no trust anchor in " + source);
        }
        return new ChainEvaluator(cas, source);
    }

    /** The trust file's CAs when {@code trustFile} is given (its certificates), else the JVM's trust store. */
    public static ChainEvaluator of(String trustFile, List<X509Certificate> trustFileCertificates) {
        return trustFile == null ? jvmDefault() : trusting(trustFileCertificates, trustFile);
    }

    /** The JVM's default trust store (cacerts), as HTTPS clients use it. */
    public static ChainEvaluator jvmDefault() {
        return new ChainEvaluator(List.of(TlsContexts.jvmTrustManager().getAcceptedIssuers()), "the JVM trust store");
    }

    /** Evaluates what a finished handshake presented. */
    public TlsReport evaluate(SSLSession session, List<String> wantedNames, Instant now) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // Anonymous suites present no certificate; the chain stays empty.
        }
        return evaluate(session.getProtocol(), session.getCipherSuite(), chain, wantedNames, now);
    }

    /** Evaluates a presented chain (server certificate first) at time {@code now}. */
    public TlsReport evaluate(String protocol, String cipherSuite, List<X509Certificate> chain, List<String> wantedNames, Instant now) {
        List<CertificateInfo> infos = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            infos.add(CertificateInfo.of(i, chain.get(i)));
        }
        if (chain.isEmpty()) {
            return new TlsReport(protocol, cipherSuite, infos, Trust.ANONYMOUS, List.of(), wantedNames, List.of(), null, source);
        }
        X509Certificate leaf = chain.get(0);
        List<String> problems = problems(chain, now);
        String matched = PeerNames.match(leaf, wantedNames);
        Trust trust = !problems.isEmpty() ? Trust.UNTRUSTED : matched != null ? Trust.VERIFIED : Trust.TRUSTED;
        return new TlsReport(protocol, cipherSuite, infos, trust, problems, wantedNames, PeerNames.presented(leaf), matched, source);
    }

    /** Why the chain does not validate, in OpenSSL's words where it has them; empty when it does. */
    private List<String> problems(List<X509Certificate> chain, Instant now) {
        int anchored = -1;
        for (int i = 0; i < chain.size() && anchored < 0; i++) {
            X509Certificate c = chain.get(i);
            if (anchors.stream().anyMatch(a -> a.getTrustedCert().equals(c))) {
                anchored = i;
            }
        }
        // The JDK wants the path without its anchor; a server certificate that is itself an anchor has no path.
        List<X509Certificate> path = anchored < 0 ? chain : chain.subList(0, anchored);
        X509Certificate anchor = anchored < 0 ? null : chain.get(anchored);
        if (!path.isEmpty()) {
            try {
                PKIXParameters params = new PKIXParameters(anchors);
                params.setRevocationEnabled(false);
                params.setDate(Date.from(now));
                PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                        .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
                anchor = result.getTrustAnchor().getTrustedCert();
            } catch (CertPathValidatorException e) {
                return List.of(explain(e, path, chain.size()));
            } catch (GeneralSecurityException e) {
                return List.of("the chain could not be validated: " + e.getMessage());
            }
        }
        String anchorDates = dates(anchor, now);
        return anchorDates == null ? List.of() : List.of(anchorDates + " (the trust anchor of " + source + ")");
    }

    private String explain(CertPathValidatorException e, List<X509Certificate> path, int chainLength) {
        int index = e.getIndex() >= 0 && e.getIndex() < path.size() ? e.getIndex() : path.size() - 1;
        X509Certificate at = path.get(index);
        String which = CertificateInfo.of(index, at).label(OPENSSL_WORDS);
        if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
            return "certificate has expired: " + which + ", notAfter " + at.getNotAfter().toInstant();
        }
        if (e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return "certificate is not yet valid: " + which + ", notBefore " + at.getNotBefore().toInstant();
        }
        if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
            X509Certificate top = path.get(path.size() - 1);
            if (selfSigned(top)) {
                return (chainLength == 1 ? "self-signed certificate" : "self-signed certificate in certificate chain")
                        + ": " + CertificateInfo.of(path.size() - 1, top).label(OPENSSL_WORDS) + " is not in " + source;
            }
            return "unable to get local issuer certificate: " + top.getIssuerX500Principal().getName() + ", the issuer of "
                    + CertificateInfo.of(path.size() - 1, top).label(OPENSSL_WORDS) + ", is not in " + source
                    + " (a private CA, or the server does not send its intermediate certificates)";
        }
        if (e.getReason() == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
            return "certificate signature failure: " + which;
        }
        return "the chain does not validate at " + which + ": " + e.getMessage();
    }

    private static String dates(X509Certificate cert, Instant now) {
        if (cert == null) {
            return null;
        }
        if (now.isAfter(cert.getNotAfter().toInstant())) {
            return "certificate has expired: " + cert.getSubjectX500Principal().getName() + ", notAfter " + cert.getNotAfter().toInstant();
        }
        if (now.isBefore(cert.getNotBefore().toInstant())) {
            return "certificate is not yet valid: " + cert.getSubjectX500Principal().getName() + ", notBefore " + cert.getNotBefore().toInstant();
        }
        return null;
    }

    private static boolean selfSigned(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(cert.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
