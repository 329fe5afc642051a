package io.smtpcheck.tls;

import io.smtpcheck.request.TlsOptions;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

/** Builds the trust a check's TLS uses, from the request's trust settings. */
public final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * A trust manager that remembers the chain the server presented, so the certificate can be reported
     * even when it is refused. Built only when a session actually starts TLS: loading the JVM's trust
     * store costs more than a whole plain SMTP exchange on a LAN.
     */
    public static X509TrustManager trustManager(TlsOptions options, PeerChainRecorder recorder) {
        try {
            return recorder.recording(options.trustAll() ? TRUST_ALL : systemOrFile(options.trustedCertificates()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no usable TLS trust implementation: " + e.getMessage(), e);
        }
    }

    /**
     * A trust manager for the handshake of every TLS level: it accepts any chain and records it, so the handshake
     * never fails on trust and {@link ChainEvaluator} decides afterwards, as Postfix decides after OpenSSL's
     * handshake. Extended, so that JSSE adds no endpoint or trust check of its own around it; the session must
     * not enable endpoint identification either.
     */
    public static X509TrustManager permissive(PeerChainRecorder recorder) {
        return recorder.accepting();
    }

    /** The JVM's default trust manager (its cacerts), whose accepted issuers are the default trust anchors. */
    static X509TrustManager jvmTrustManager() {
        try {
            return systemOrFile(List.of());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no usable TLS trust implementation: " + e.getMessage(), e);
        }
    }

    /** The JVM's trust store when {@code certificates} is empty, else exactly those certificates. */
    private static X509TrustManager systemOrFile(List<X509Certificate> certificates) throws GeneralSecurityException {
        KeyStore store = null;
        if (!certificates.isEmpty()) {
            store = KeyStore.getInstance(KeyStore.getDefaultType());
            try {
                store.load(null, null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            int i = 0;
            for (Certificate cert : certificates) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("no X.509 trust manager in this JVM");
    }

    private static final X509TrustManager TRUST_ALL = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Trust-all is an explicit user choice (a lab, a self-signed listener); the report still shows the certificate.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };
}
