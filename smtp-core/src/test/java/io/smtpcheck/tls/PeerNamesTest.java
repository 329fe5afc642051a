package io.smtpcheck.tls;

import io.smtpcheck.testkit.TlsIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PeerNamesTest {

    private static final Instant NOW = Instant.now();
    private static final TlsIdentity CA = TlsIdentity.authority("CA", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(10)));

    private static X509Certificate cert(String cn, String... sans) {
        return CA.issueServer(cn, List.of(sans), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(5))).certificate();
    }

    @Test
    void strategiesFollowPostfix() {
        // mx:example.com reached through mx1.example.com: verify wants the MX host, secure the domain or a subdomain.
        assertThat(PeerNames.wanted(TlsLevel.VERIFY.defaultMatch(), "mx1.example.com", "example.com")).containsExactly("mx1.example.com");
        assertThat(PeerNames.wanted(TlsLevel.SECURE.defaultMatch(), "mx1.example.com", "example.com")).containsExactly("example.com", ".example.com");
        // A plain target is Postfix's [host]: hostname and nexthop are the same name.
        assertThat(PeerNames.wanted(TlsLevel.SECURE.defaultMatch(), "Mail.Example.COM.", null)).containsExactly("mail.example.com", ".mail.example.com");
        assertThat(PeerNames.wanted(List.of("hostname", "nexthop", "dot-nexthop"), "127.0.0.1", null)).containsExactly("127.0.0.1", ".127.0.0.1");
        assertThat(PeerNames.wanted(List.of("relay.example.net", ".example.org"), "mx1.example.com", null))
                .containsExactly("relay.example.net", ".example.org");
    }

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource({
            "mx.example.com, mx.example.com, true",
            "MX.Example.com, mx.example.COM, true",
            "*.example.com, mx.example.com, true",
            "*.example.com, a.b.example.com, false",
            "*.example.com, example.com, false",
            "*.com, example.com, false",
            "m*.example.com, mx.example.com, false",
            "mx.example.com, .example.com, true",
            "a.b.example.com, .example.com, true",
            "*.example.com, .example.com, true",
            "example.com, .example.com, false",
            "notexample.com, .example.com, false",
            "mx.example.com, mx.example.org, false",
    })
    void oneNameAgainstOnePattern(String certName, String wanted, boolean matches) {
        assertThat(PeerNames.matches(certName, wanted)).isEqualTo(matches);
    }

    @Test
    void commonNameCountsOnlyWithoutDnsSans() {
        assertThat(PeerNames.match(cert("mx.example.com"), List.of("mx.example.com"))).isEqualTo("mx.example.com");
        assertThat(PeerNames.presented(cert("mx.example.com"))).containsExactly("CN:mx.example.com");
        // With a DNS SAN present, the CN is ignored, as OpenSSL's X509_check_host does.
        assertThat(PeerNames.match(cert("mx.example.com", "other.example.com"), List.of("mx.example.com"))).isNull();
        // An IP SAN alone does not hide the CN.
        assertThat(PeerNames.match(cert("mx.example.com", "192.0.2.1"), List.of("mx.example.com"))).isEqualTo("mx.example.com");
    }

    @Test
    void ipLiteralsMatchOnlyIpSans() {
        X509Certificate c = cert("192.0.2.1", "mx.example.com", "192.0.2.1", "2001:db8::1");
        assertThat(PeerNames.match(c, List.of("192.0.2.1"))).isEqualTo("192.0.2.1");
        assertThat(PeerNames.match(c, List.of("[2001:db8:0::1]"))).isEqualTo("2001:db8:0::1");
        assertThat(PeerNames.match(cert("192.0.2.1"), List.of("192.0.2.1"))).as("no CN fallback for IPs").isNull();
        assertThat(PeerNames.match(cert("x", "*.0.2.1"), List.of("192.0.2.1"))).isNull();
    }

    @Test
    void anIpLiteralIsACheckOfItsOwnBesideTheDnsNames() {
        X509Certificate c = cert("mx.example.com", "mx.example.com", "192.0.2.1");
        assertThat(PeerNames.match(c, List.of("192.0.2.1", "mx.example.com"))).isEqualTo("mx.example.com");
        assertThat(PeerNames.match(c, List.of("192.0.2.1", "other.example.com"))).isNull();
        assertThat(PeerNames.match(c, List.of("192.0.2.9", "mx.example.com"))).isNull();
        // secure against [192.0.2.1]: nexthop and dot-nexthop want the IP and ".192.0.2.1", which no DNS-ID matches.
        assertThat(PeerNames.match(c, PeerNames.wanted(TlsLevel.SECURE.defaultMatch(), "192.0.2.1", null))).isNull();
        assertThat(PeerNames.match(c, PeerNames.wanted(TlsLevel.VERIFY.defaultMatch(), "192.0.2.1", null))).isEqualTo("192.0.2.1");
    }
}
