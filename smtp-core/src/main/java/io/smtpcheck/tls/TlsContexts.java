package io.smtpcheck.tls;

import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.TlsOptions;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

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
            return recorder.recording(options.trustAll() ? TRUST_ALL : systemOrFile(options.trustFile()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no usable TLS trust implementation: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager systemOrFile(String trustFile) throws GeneralSecurityException {
        KeyStore store = null;
        if (trustFile != null) {
            store = KeyStore.getInstance(KeyStore.getDefaultType());
            try {
                store.load(null, null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            int i = 0;
            for (Certificate cert : readPem(Path.of(trustFile))) {
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

    private static Collection<? extends Certificate> readPem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new InvalidRequestException("trust file", file + " holds no certificate; give a PEM file of CA certificates");
            }
            return certs;
        } catch (NoSuchFileException e) {
            throw new InvalidRequestException("trust file", file + " does not exist");
        } catch (IOException | CertificateException e) {
            throw new InvalidRequestException("trust file", file + " could not be read as PEM certificates: " + e.getMessage());
        }
    }

    /** Checked before connecting, so a bad trust file is a usage error and not a TLS failure. */
    public static void validate(TlsOptions options) {
        if (options.trustFile() != null && !options.trustAll()) {
            readPem(Path.of(options.trustFile()));
        }
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
