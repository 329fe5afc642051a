package io.smtpcheck.tls;

import java.io.Serializable;
import java.util.List;

/**
 * A TLS problem or warning, ready for the catalog: the stage turns it into a Diagnosis with
 * {@code catalog.describe(diagnosisId, locale, args.toArray())} and puts {@code detail} in the outcome.
 *
 * @param diagnosisId a catalog id: tls.untrusted, tls.hostname, tls.handshake, tls.not-offered, tls.unverified-auth,
 *                    tls.fallback, tls.expired, tls.cert-days-warn, tls.cert-days-crit
 * @param args        the message arguments of that id, in order
 * @param detail      what happened, in the request's language, for the outcome's detail and the transcript
 */
public record TlsFinding(String diagnosisId, List<String> args, String detail) implements Serializable {

    public TlsFinding {
        args = List.copyOf(args);
    }
}
