package io.smtpcheck.mx;

import java.io.IOException;
import java.util.List;

/** Finds the hosts that receive mail for a domain, most preferred first. */
@FunctionalInterface
public interface MxResolver {

    /**
     * The domain's mail exchangers in preference order. A domain without MX records yields the domain
     * itself (the implicit MX of RFC 5321 section 5.1); a domain that does not exist is an error.
     */
    List<String> exchangers(String domain) throws IOException;
}
