package io.smtpcheck.tls;

import javax.net.ssl.X509TrustManager;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/** Keeps the last certificate chain a server presented, trusted or not. One per session. */
public final class PeerChainRecorder {

    private volatile X509Certificate[] chain;

    X509TrustManager recording(X509TrustManager delegate) {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
                delegate.checkClientTrusted(certs, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
                chain = certs.clone();
                delegate.checkServerTrusted(certs, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return delegate.getAcceptedIssuers();
            }
        };
    }

    /** The server's own certificate, or null when no handshake got that far. */
    public X509Certificate leaf() {
        X509Certificate[] c = chain;
        return c == null || c.length == 0 ? null : c[0];
    }
}
