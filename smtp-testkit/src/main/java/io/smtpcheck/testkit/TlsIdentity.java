package io.smtpcheck.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A server certificate with its private key, generated in memory, plus the SSL contexts that go with it: one for
 * the server and one for a client that trusts exactly this certificate. Immutable.
 *
 * <p>{@link #selfSigned} makes the usual lab certificate: it carries the SANs {@code DNS:localhost},
 * {@code DNS:<commonName>} (or an IP SAN when the common name is an IP literal), {@code IP:127.0.0.1} and
 * {@code IP:::1}. Like {@code openssl req -x509} it is marked as a CA, so tools that load it as a CA file accept it
 * as a trust anchor.
 *
 * <p>A private CA hierarchy, as internal relays have, starts with {@link #authority}: {@link #issueAuthority} adds
 * an intermediate and {@link #issueServer} a server certificate with exactly the names given, so wrong names,
 * expired or expiring links can be made anywhere in the chain. The server presents its certificate followed by
 * the intermediates ({@link #chain()}), not the root, as real servers do.
 */
public final class TlsIdentity {

    private static final char[] STORE_PASSWORD = "smtp-testkit".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;
    private final SSLContext serverContext;
    private final SSLContext trustingContext;

    private TlsIdentity(List<X509Certificate> chain, PrivateKey privateKey) throws GeneralSecurityException {
        this.certificate = chain.get(0);
        this.privateKey = privateKey;
        this.chain = List.copyOf(chain);
        this.serverContext = serverContext(this.chain, privateKey);
        this.trustingContext = trustingContext(certificate);
    }

    /** A fresh RSA-2048 identity valid from one hour ago (tolerates clock skew) until {@code now + validity}. */
    public static TlsIdentity selfSigned(String commonName, Duration validity) {
        Instant now = Instant.now();
        return selfSigned(commonName, now.minus(Duration.ofHours(1)), now.plus(validity));
    }

    /** A fresh RSA-2048 identity with explicit validity, e.g. already expired or not yet valid. */
    public static TlsIdentity selfSigned(String commonName, Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(commonName, "commonName");
        return generate(commonName, null, notBefore, notAfter, true, labNames(commonName));
    }

    /**
     * A self-signed root CA (no SANs), the trust anchor of a private hierarchy; its {@link #pem()} is the trust file.
     */
    public static TlsIdentity authority(String commonName, Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(commonName, "commonName");
        return generate(commonName, null, notBefore, notAfter, true, List.of());
    }

    /** An intermediate CA signed by this identity, which must be a CA. */
    public TlsIdentity issueAuthority(String commonName, Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(commonName, "commonName");
        return generate(commonName, this, notBefore, notAfter, true, List.of());
    }

    /**
     * A server certificate signed by this identity, carrying exactly {@code names} as SANs (an IP literal becomes an
     * IP SAN, anything else a DNS SAN, wildcards included); none at all when {@code names} is empty, so only the
     * common name names the server.
     */
    public TlsIdentity issueServer(String commonName, List<String> names, Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(commonName, "commonName");
        return generate(commonName, this, notBefore, notAfter, false, List.copyOf(names));
    }

    private static TlsIdentity generate(String commonName, TlsIdentity issuer, Instant notBefore, Instant notAfter,
                                        boolean ca, List<String> names) {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " must be after notBefore " + notBefore);
        }
        if (issuer != null && issuer.certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(issuer + " is not a CA and cannot issue certificates");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            X500Name issuerName = issuer == null ? subject : X500Name.getInstance(
                    issuer.certificate.getSubjectX500Principal().getEncoded());
            PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.privateKey;
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
                    subject, keys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            int usage = KeyUsage.digitalSignature | KeyUsage.keyEncipherment | (ca ? KeyUsage.keyCertSign : 0);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(issuer.certificate.getPublicKey()));
            }
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, generalNames(names));
            }
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signingKey)));
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(certificate);
            if (issuer != null) {
                // The root is left out, as servers leave it out: the client has it as its trust anchor.
                issuer.chain.stream().filter(c -> !isSelfIssued(c)).forEach(chain::add);
            }
            return new TlsIdentity(chain, keys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot generate a certificate for " + commonName, e);
        }
    }

    /** This identity's own certificate (the server certificate, or the CA's for an authority). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** What the server presents: {@link #certificate()} first, then the intermediates up to (not including) the root. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The certificate's private key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** An SSL context presenting this identity, for the server side. */
    public SSLContext serverContext() {
        return serverContext;
    }

    /**
     * An SSL context for clients that trusts exactly this certificate and nothing else. Note that the JDK does not
     * check a trust anchor's validity dates, so this context also accepts an expired identity; a client that must
     * detect expiry has to check the peer certificate itself.
     */
    public SSLContext trustingContext() {
        return trustingContext;
    }

    /** The certificate in PEM form. */
    public String pem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the certificate as PEM, for clients that take a CA file. */
    public Path writePem(Path file) {
        try {
            return Files.writeString(file, pem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "TlsIdentity[" + certificate.getSubjectX500Principal().getName() + ", notAfter="
                + certificate.getNotAfter().toInstant() + "]";
    }

    private static List<String> labNames(String commonName) {
        List<String> names = new ArrayList<>();
        names.add("localhost");
        if (!commonName.equalsIgnoreCase("localhost")) {
            names.add(commonName);
        }
        names.add("127.0.0.1");
        names.add("::1");
        return names;
    }

    private static GeneralNames generalNames(List<String> names) {
        return new GeneralNames(names.stream()
                .map(n -> new GeneralName(Loopback.isIpLiteral(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
                .toArray(GeneralName[]::new));
    }

    private static boolean isSelfIssued(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal());
    }

    private static SSLContext serverContext(List<X509Certificate> chain, PrivateKey key)
            throws GeneralSecurityException {
        KeyStore store = emptyStore();
        store.setKeyEntry("server", key, STORE_PASSWORD, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, STORE_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, RANDOM);
        return context;
    }

    private static SSLContext trustingContext(X509Certificate certificate) throws GeneralSecurityException {
        KeyStore store = emptyStore();
        store.setCertificateEntry("trusted", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), RANDOM);
        return context;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e); // cannot happen for an empty in-memory store
        }
        return store;
    }
}
