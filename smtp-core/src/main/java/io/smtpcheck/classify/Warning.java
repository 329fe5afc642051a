package io.smtpcheck.classify;

import io.smtpcheck.catalog.Diagnosis;

import java.io.Serializable;

/**
 * Something a check passed with but the user must hear of: a certificate near its end, TLS that fell back to
 * plaintext. It does not change how the session ended (the {@link Outcome}); the build policy turns it into WARN
 * (Nagios WARNING, exit 1, a Maven warning, a Jenkins build marked unstable).
 *
 * @param diagnosis what it means, in the request's language
 * @param detail    what happened, in English, naming the certificate or the failure
 */
public record Warning(Diagnosis diagnosis, String detail) implements Serializable {
}
