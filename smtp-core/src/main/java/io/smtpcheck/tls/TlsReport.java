package io.smtpcheck.tls;

import io.smtpcheck.text.Texts;

import java.io.Serializable;
import java.util.List;

/**
 * What the TLS session showed and how the presented chain evaluated: the report's TLS block, and the input of
 * every TLS decision ({@link TlsDecisions}). Level-independent: {@link #trust()} says Verified whenever chain and
 * name are fine; {@link #postfixTrust(TlsLevel)} says what a Postfix log at a given level would say.
 *
 * @param protocol         TLSv1.3, TLSv1.2, ...
 * @param cipherSuite      the JSSE name of the suite
 * @param chain            the certificates the server presented, server certificate first; empty when anonymous
 * @param trust            Anonymous, Untrusted, Trusted or Verified
 * @param problems         why the chain is untrusted, the first reason first ("self-signed certificate", ...); empty otherwise
 * @param wantedNames      the names the certificate had to carry ({@code .example.com}: any subdomain)
 * @param certificateNames the names the server certificate carries (DNS:, IP:, and CN: when it has no DNS name)
 * @param matchedName      the wanted name that matched, or null
 * @param trustSource      where the trust anchors came from: "the JVM trust store" or the trust file's path
 */
public record TlsReport(String protocol, String cipherSuite, List<CertificateInfo> chain, Trust trust, List<String> problems,
                        List<String> wantedNames, List<String> certificateNames, String matchedName, String trustSource)
        implements Serializable {

    public TlsReport {
        chain = List.copyOf(chain);
        problems = List.copyOf(problems);
        wantedNames = List.copyOf(wantedNames);
        certificateNames = List.copyOf(certificateNames);
    }

    /**
     * The word Postfix would log at {@code level}: at may and encrypt Postfix matches no name, so a trusted chain is
     * "Trusted" at best; at verify and secure OpenSSL's name check is part of chain verification, so a wrong name
     * is "Untrusted" there (posttls-finger: "num=62:hostname mismatch").
     */
    public Trust postfixTrust(TlsLevel level) {
        if (trust == Trust.ANONYMOUS) {
            return trust;
        }
        if (level.verifiesPeer()) {
            return trust == Trust.VERIFIED ? Trust.VERIFIED : Trust.UNTRUSTED;
        }
        return trust == Trust.UNTRUSTED ? Trust.UNTRUSTED : Trust.TRUSTED;
    }

    /**
     * "Untrusted TLS connection established to mx.example.com[192.0.2.1]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384",
     * as Postfix logs it, in the language of {@code texts}; the word (Untrusted) stays Postfix's, as a log shows it.
     */
    public String logLine(TlsLevel level, String host, String address, int port, Texts texts) {
        return texts.get("tls.log-line", postfixTrust(level).word(), host, address, Integer.toString(port), protocol, cipherSuite);
    }

    /** Why the certificate is not Verified, in one line; empty when it is. The problems stay in OpenSSL's words. */
    public String why(Texts texts) {
        return switch (trust) {
            case VERIFIED -> "";
            case ANONYMOUS -> texts.get("tls.anonymous");
            case UNTRUSTED -> String.join("; ", problems);
            case TRUSTED -> nameMismatch(texts);
        };
    }

    /** "the certificate names DNS:a.example, DNS:b.example; wanted mx.example.com": which names, on both sides. */
    public String nameMismatch(Texts texts) {
        return texts.get("tls.name-mismatch", certificateNames.isEmpty() ? texts.get("tls.no-names") : String.join(", ", certificateNames),
                texts.or(wantedNames));
    }

    /** The certificate of the chain that expires first (the server certificate on a tie), or null when anonymous. */
    public CertificateInfo earliestExpiry() {
        CertificateInfo first = null;
        for (CertificateInfo c : chain) {
            if (first == null || c.notAfter().isBefore(first.notAfter())) {
                first = c;
            }
        }
        return first;
    }
}
