package io.smtpcheck.request;

import java.io.Serializable;

/**
 * Who to authenticate as. {@code mechanism} is null to pick the best the server offers (PLAIN, then
 * LOGIN, then CRAM-MD5; XOAUTH2 only when asked, the secret being a token).
 * {@link #toString()} never shows the secret, so a request can be logged safely.
 */
public record Credentials(String username, String secret, AuthMechanism mechanism) implements Serializable {

    public Credentials {
        if (username == null || username.isEmpty()) {
            throw new InvalidRequestException("user", "is empty; give the account to authenticate as");
        }
        if (secret == null || secret.isEmpty()) {
            throw new InvalidRequestException("password", "is empty for user '" + username + "'");
        }
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", secret=****, mechanism=" + (mechanism == null ? "auto" : mechanism.saslName()) + "]";
    }
}
