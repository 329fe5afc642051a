package io.smtpcheck.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificate name matching as Postfix does it (through OpenSSL's X509_check_host with partial wildcards off):
 * DNS-ID subject alternative names, the subject CN only when there is no DNS SAN, a wildcard only as the whole
 * leftmost label and for exactly one label, a {@code .example.com} pattern for any subdomain, IP literals against
 * IP SANs only. Case is ignored. As in OpenSSL, the DNS names are alternatives but an IP literal is a check of its
 * own: with both, both must match (so {@code secure} against an IP-literal target, which wants the IP and
 * {@code .<ip>}, never verifies, exactly as posttls-finger reports it).
 */
public final class PeerNames {

    private static final Pattern CN = Pattern.compile("(?:^|,)\\s*CN=((?:[^,\\\\]|\\\\.)*)");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private PeerNames() {
    }

    /**
     * The names a certificate must carry, from Postfix strategies and patterns: {@code hostname} is the host
     * connected to (for an {@code mx:} target the MX host), {@code nexthop} the domain asked for (for an {@code mx:}
     * target the mail domain, else the host itself, as with Postfix's {@code [host]}), {@code dot-nexthop} its
     * subdomains; anything else is a literal name or {@code .suffix} pattern.
     */
    public static List<String> wanted(List<String> match, String hostname, String nexthop) {
        String host = normalize(hostname);
        String next = normalize(nexthop == null ? hostname : nexthop);
        Set<String> names = new LinkedHashSet<>();
        for (String m : match) {
            switch (m.toLowerCase(Locale.ROOT)) {
                case "hostname" -> names.add(host);
                case "nexthop" -> names.add(next);
                case "dot-nexthop" -> names.add("." + next);
                default -> names.add(normalize(m));
            }
        }
        return List.copyOf(names);
    }

    /** What the certificate names, as reports show it: {@code DNS:...}, {@code IP:...}, and {@code CN:...} when no DNS SAN. */
    public static List<String> presented(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        dnsNames(cert).forEach(n -> names.add("DNS:" + n));
        ipNames(cert).forEach(n -> names.add("IP:" + n));
        if (dnsNames(cert).isEmpty()) {
            commonNames(cert).forEach(n -> names.add("CN:" + n));
        }
        return names;
    }

    /**
     * The wanted name that matched, or null: one of the DNS names or patterns must match a DNS-ID (the CN when
     * there is none), and the first IP literal, when there is one, an IP SAN (OpenSSL keeps only one IP).
     */
    public static String match(X509Certificate cert, List<String> wanted) {
        List<String> dns = dnsNames(cert);
        List<String> hostIds = dns.isEmpty() ? commonNames(cert) : dns;
        List<String> hosts = wanted.stream().map(PeerNames::normalize).filter(w -> !isIpLiteral(w)).toList();
        String ip = wanted.stream().map(PeerNames::normalize).filter(PeerNames::isIpLiteral).findFirst().orElse(null);
        String hostMatch = hosts.stream().filter(w -> hostIds.stream().anyMatch(id -> matches(id, w))).findFirst().orElse(null);
        boolean ipMatch = ip != null && ipNames(cert).stream().map(PeerNames::address).anyMatch(a -> a != null && a.equals(address(ip)));
        if ((hosts.isEmpty() || hostMatch != null) && (ip == null || ipMatch) && (hostMatch != null || ipMatch)) {
            return hostMatch != null ? hostMatch : ip;
        }
        return null;
    }

    /** One certificate DNS-ID against one wanted name or {@code .suffix} pattern. */
    static boolean matches(String certName, String wanted) {
        String id = normalize(certName);
        String w = normalize(wanted);
        if (w.startsWith(".")) {
            // OpenSSL's sub-domain check: any non-empty prefix before the suffix, a wildcard label included.
            return id.length() > w.length() && id.endsWith(w);
        }
        if (id.equals(w)) {
            return true;
        }
        if (id.startsWith("*.")) {
            String rest = id.substring(1); // ".example.com"
            // A wildcard needs two labels after it (no "*.com") and covers exactly one label, never an IP.
            if (rest.indexOf('.', 1) < 0 || isIpLiteral(w)) {
                return false;
            }
            int dot = w.indexOf('.');
            return dot > 0 && w.substring(dot).equals(rest);
        }
        return false;
    }

    static List<String> dnsNames(X509Certificate cert) {
        return altNames(cert, 2);
    }

    static List<String> ipNames(X509Certificate cert) {
        return altNames(cert, 7);
    }

    static List<String> commonNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        Matcher m = CN.matcher(cert.getSubjectX500Principal().getName());
        while (m.find()) {
            names.add(m.group(1).replaceAll("\\\\(.)", "$1"));
        }
        return names;
    }

    private static List<String> altNames(X509Certificate cert, int type) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if ((Integer) san.get(0) == type) {
                        names.add(san.get(1).toString());
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unreadable SAN extension names nothing; the name check then fails and says which names were found.
        }
        return names;
    }

    private static String normalize(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.startsWith("[") && n.endsWith("]")) {
            n = n.substring(1, n.length() - 1);
        }
        return n.endsWith(".") && n.length() > 1 ? n.substring(0, n.length() - 1) : n;
    }

    static boolean isIpLiteral(String text) {
        return IPV4.matcher(text).matches() || text.indexOf(':') >= 0;
    }

    /** Parses an IP literal without DNS (InetAddress.getByName does no look-up for literals). */
    private static InetAddress address(String literal) {
        try {
            return isIpLiteral(literal) ? InetAddress.getByName(literal) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
