package io.smtpcheck.request;

import java.io.Serializable;

/**
 * What the user names on the command line or in a build file: {@code host}, {@code host:port},
 * {@code [2001:db8::1]:587}, or {@code mx:example.com} (also {@code mx:example.com:2525}) for the domain's MX hosts.
 *
 * @param host  host name, IPv4 address or IPv6 address without brackets; the mail domain when {@code mx}
 * @param port  the port, or 0 when the target did not say (the request's port applies)
 * @param mx    true when {@code host} is a mail domain whose MX hosts are to be checked
 */
public record Target(String host, int port, boolean mx) implements Serializable {

    public Target {
        if (host == null || host.isBlank()) {
            throw new InvalidRequestException("host", "is empty; give a host name or address, for example mail.example.com:25");
        }
        Validation.text("host", host);
        if (port != 0) {
            Validation.port(port);
        }
    }

    public static Target parse(String spec) {
        // Before strip(): "127.0.0.1\r:2963" must not become host 127.0.0.1 once the CR is trimmed off the host part.
        String s = spec == null ? "" : Validation.text("host", spec).strip();
        if (s.regionMatches(true, 0, "mx:", 0, 3)) {
            Target domain = parse(s.substring(3));
            return new Target(domain.host(), domain.port(), true);
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new InvalidRequestException("host", "'" + spec + "' opens an IPv6 bracket but never closes it; write [2001:db8::1]:25");
            }
            String rest = s.substring(close + 1);
            int port = rest.isEmpty() ? 0 : portAfterColon(rest, spec);
            return new Target(s.substring(1, close), port, false);
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && colon == s.lastIndexOf(':')) {
            return new Target(s.substring(0, colon), portAfterColon(s.substring(colon), spec), false);
        }
        // Zero or several colons: a name, or a bare IPv6 address.
        return new Target(s, 0, false);
    }

    /**
     * Reads a port given on its own, as a form field or an expanded build variable gives it: {@code 587}.
     * Null or blank gives 0, "not given", so the request's default port applies.
     */
    public static int parsePort(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        return Validation.port("port", Validation.text("port", text).strip(), text.strip());
    }

    private static int portAfterColon(String rest, String spec) {
        if (!rest.startsWith(":") || rest.length() == 1) {
            throw new InvalidRequestException("port", "'" + spec + "' has no port after the colon; write host:25");
        }
        return Validation.port("port", rest.substring(1), spec);
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (mx ? "mx:" : "") + (port == 0 ? h : h + ":" + port);
    }
}
