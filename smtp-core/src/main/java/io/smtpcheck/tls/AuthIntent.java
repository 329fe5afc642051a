package io.smtpcheck.tls;

import java.io.Serializable;

/**
 * Whether the check will send credentials and what the user allowed for them: the input of the credentials rule.
 *
 * @param credentials     a user name and secret were given
 * @param allowPlaintext  AUTH may go without TLS (the existing explicit {@code allowPlaintextAuth})
 * @param allowUnverified AUTH may go over TLS that is not Verified ({@code --allow-unverified-auth})
 */
public record AuthIntent(boolean credentials, boolean allowPlaintext, boolean allowUnverified) implements Serializable {

    public static final AuthIntent NONE = new AuthIntent(false, false, false);
}
