package io.smtpcheck.tls;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** The trust managers of a check's TLS: the permissive one every handshake uses, and the JVM's, whose CAs are the default anchors. */
public final class TlsContexts {

    private TlsContexts() {
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
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X.509 trust manager in this JVM");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no usable TLS trust implementation: " + e.getMessage(), e);
        }
    }
}
