package io.smtpcheck.mx;

import java.net.UnknownHostException;

/** The domain publishes a null MX (RFC 7505): it states that it receives no mail at all. */
public final class NullMxException extends UnknownHostException {

    public NullMxException(String domain) {
        super(domain + " publishes a null MX (RFC 7505): it accepts no mail");
    }
}
