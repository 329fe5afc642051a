package io.smtpcheck.mx;

import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;

/** MX look-ups with the JDK's own DNS client (JNDI), so no resolver library is needed. */
public final class JndiMxResolver implements MxResolver {

    /** Short: a DNS answer comes in milliseconds or not at all, and the check's deadline covers the look-up too. */
    private static final Duration FIRST_TRY = Duration.ofSeconds(3);

    private final String dnsServer;
    private final Duration timeout;

    /**
     * @param dnsServer {@code host:port} of the DNS server to ask, or null for the system's resolvers
     * @param timeout   first-try timeout; the JDK client retries once with twice that
     */
    public JndiMxResolver(String dnsServer, Duration timeout) {
        this.dnsServer = dnsServer;
        this.timeout = timeout;
    }

    /** Look-ups through the system's resolvers. */
    public static JndiMxResolver system() {
        return forServer(null);
    }

    /**
     * The resolver every front end uses for {@code mx:} targets.
     *
     * @param dnsServer {@code host} or {@code host:port} of the DNS server to ask; null or blank for the system's resolvers
     */
    public static JndiMxResolver forServer(String dnsServer) {
        return new JndiMxResolver(dnsServer == null || dnsServer.isBlank() ? null : dnsServer.strip(), FIRST_TRY);
    }

    private record Mx(int preference, String host) {
    }

    @Override
    public List<String> exchangers(String domain) throws IOException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, dnsServer == null ? "dns:" : "dns://" + dnsServer);
        env.put("com.sun.jndi.dns.timeout.initial", Long.toString(timeout.toMillis()));
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        DirContext dns = null;
        try {
            dns = new InitialDirContext(env);
            Attributes attributes = dns.getAttributes(domain, new String[] {"MX"});
            Attribute mx = attributes.get("MX");
            if (mx == null || mx.size() == 0) {
                return List.of(domain);
            }
            List<Mx> found = new ArrayList<>();
            NamingEnumeration<?> values = mx.getAll();
            while (values.hasMore()) {
                String[] parts = values.next().toString().strip().split("\\s+");
                String host = parts[1].endsWith(".") ? parts[1].substring(0, parts[1].length() - 1) : parts[1];
                // "0 ." is a null MX (RFC 7505): the domain says it accepts no mail.
                if (!host.isEmpty()) {
                    found.add(new Mx(Integer.parseInt(parts[0]), host));
                }
            }
            if (found.isEmpty()) {
                throw new NullMxException(domain);
            }
            found.sort(Comparator.comparingInt(Mx::preference));
            return found.stream().map(Mx::host).toList();
        } catch (NameNotFoundException e) {
            throw new UnknownHostException(domain + " does not exist in DNS (NXDOMAIN)");
        } catch (NamingException e) {
            throw new UnknownHostException("MX look-up for " + domain + " failed: " + e.getExplanation());
        } finally {
            if (dns != null) {
                try {
                    dns.close();
                } catch (NamingException e) {
                    // Nothing held open that matters.
                }
            }
        }
    }
}
