package io.smtpcheck.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.ServiceUnavailableException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.InitialDirContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScriptedDnsServerTest {

    private ScriptedDnsServer dns;

    @BeforeEach
    void start() {
        dns = ScriptedDnsServer.builder()
                .mx("example.test", 10, "mx1.example.test")
                .mx("example.test", 20, "mx2.example.test")
                .a("mx1.example.test", "127.0.0.1")
                .a("mx1.example.test", "::1")
                .nxdomain("nowhere.test")
                .servfail("broken.test")
                .start();
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void answersMxQueriesThroughJndi() throws NamingException {
        assertThat(dns.url()).isEqualTo("dns://127.0.0.1:" + dns.port());
        assertThat(values("example.test", "MX")).containsExactlyInAnyOrder("10 mx1.example.test.",
                "20 mx2.example.test.");
        assertThat(dns.queries()).contains("MX example.test");
    }

    @Test
    void answersAddressQueries() throws NamingException {
        assertThat(values("MX1.example.test.", "A")).containsExactly("127.0.0.1");
        assertThat(values("mx1.example.test", "AAAA")).singleElement().asString().endsWith(":1");
    }

    @Test
    void knownNameWithoutThatTypeHasNoRecords() throws NamingException {
        assertThat(values("example.test", "A")).isEmpty();
    }

    @Test
    void unknownAndNxdomainNamesDoNotExist() {
        assertThatThrownBy(() -> values("nowhere.test", "MX")).isInstanceOf(NameNotFoundException.class);
        assertThatThrownBy(() -> values("unknown.test", "MX")).isInstanceOf(NameNotFoundException.class);
    }

    @Test
    void servfailIsReportedAsAServerFailure() {
        assertThatThrownBy(() -> values("broken.test", "MX")).isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void rejectsNonLiteralAddresses() {
        assertThatThrownBy(() -> ScriptedDnsServer.builder().a("x.test", "mx.example.com"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<String> values(String name, String type) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, dns.url());
        env.put("com.sun.jndi.dns.timeout.initial", "500");
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        InitialDirContext context = new InitialDirContext(env);
        try {
            Attributes attributes = context.getAttributes(name, new String[] {type});
            List<String> values = new ArrayList<>();
            Attribute attribute = attributes.get(type);
            if (attribute != null) {
                NamingEnumeration<?> all = attribute.getAll();
                while (all.hasMore()) {
                    values.add(all.next().toString());
                }
            }
            return values;
        } finally {
            context.close();
        }
    }
}
