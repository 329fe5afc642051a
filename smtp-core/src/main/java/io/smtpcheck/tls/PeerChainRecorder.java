package io.smtpcheck.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/** Keeps the last certificate chain a server presented, trusted or not. One per session. */
public final class PeerChainRecorder {

    private volatile X509Certificate[] chain;

    /**
     * Accepts any server chain and records it (see {@link TlsContexts#permissive}). Extended, so JSSE does not wrap
     * it with checks of its own; client certificates are never accepted, the check is only ever the client.
     */
    X509ExtendedTrustManager accepting() {
        return new X509ExtendedTrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket) {
                chain = certs.clone();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine) {
                chain = certs.clone();
            }

            @Override
            public void checkServerTrusted(X509Certificate[] certs, String authType) {
                chain = certs.clone();
            }

            @Override
            public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
                checkClientTrusted(certs, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
                checkClientTrusted(certs, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
                throw new CertificateException("smtp-check is a client and accepts no client certificate");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
    }

    /** The whole chain the server presented, server certificate first; empty when no handshake got that far. */
    public List<X509Certificate> chain() {
        X509Certificate[] c = chain;
        return c == null ? List.of() : List.of(c);
    }
}
