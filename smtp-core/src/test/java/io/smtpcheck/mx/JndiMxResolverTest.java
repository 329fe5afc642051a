package io.smtpcheck.mx;

import io.smtpcheck.classify.NetworkKind;
import io.smtpcheck.classify.Outcome;
import io.smtpcheck.classify.Verdict;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.Target;
import io.smtpcheck.run.CheckRunner;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.Transcript;
import io.smtpcheck.testkit.ScriptedDnsServer;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MX look-ups through JNDI against the testkit's scripted DNS server on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JndiMxResolverTest {

    private ScriptedDnsServer dns;
    private JndiMxResolver resolver;

    @BeforeAll
    void startDns() {
        dns = ScriptedDnsServer.builder()
                // Added out of order: the answer must be sorted by preference.
                .mx("ordered.test", 30, "mx3.ordered.test").mx("ordered.test", 10, "mx1.ordered.test").mx("ordered.test", 20, "mx2.ordered.test")
                .a("mx1.ordered.test", "192.0.2.1")
                .a("plain.test", "192.0.2.10")
                .nxdomain("nowhere.test")
                .servfail("broken.test")
                .mx("nomail.test", 0, ".")
                // Both MX hosts are names the JVM's own resolver (not JNDI) turns into 127.0.0.1.
                .mx("example.test", 20, "127.0.0.1").mx("example.test", 10, "localhost")
                .a("localhost", "127.0.0.1")
                .start();
        String url = dns.url();
        assertThat(url).startsWith("dns://");
        resolver = new JndiMxResolver(url.substring("dns://".length()), Duration.ofSeconds(2));
    }

    @AfterAll
    void stopDns() {
        dns.close();
    }

    @Test
    void exchangersComeInPreferenceOrderWithoutTheTrailingDot() throws Exception {
        assertThat(resolver.exchangers("ordered.test")).containsExactly("mx1.ordered.test", "mx2.ordered.test", "mx3.ordered.test");
        assertThat(dns.queries()).contains("MX ordered.test");
    }

    @Test
    void aDomainWithoutMxIsItsOwnImplicitMx() throws Exception {
        assertThat(resolver.exchangers("plain.test")).containsExactly("plain.test");
    }

    @Test
    void aDomainThatDoesNotExistIsAnUnknownHost() {
        assertThatThrownBy(() -> resolver.exchangers("nowhere.test"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("nowhere.test does not exist in DNS (NXDOMAIN)");
        assertThatThrownBy(() -> resolver.exchangers("never-heard-of.test"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("never-heard-of.test does not exist in DNS (NXDOMAIN)");
    }

    @Test
    void aServerFailureIsAnUnknownHostNamingTheDomain() {
        assertThatThrownBy(() -> resolver.exchangers("broken.test"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageStartingWith("MX look-up for broken.test failed: ");
    }

    @Test
    void aNullMxSaysTheDomainTakesNoMail() {
        assertThatThrownBy(() -> resolver.exchangers("nomail.test"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("nomail.test publishes a null MX (RFC 7505): it accepts no mail");
    }

    @Test
    void theRunnerChecksEveryMxHostOfAnMxTarget() {
        try (ScriptedSmtpServer smtp = ScriptedSmtpServer.builder().hostname("mx.example.test").start()) {
            Function<Target, CheckRequest> requestFor = t -> CheckRequest.builder(t.host()).port(smtp.port())
                    .heloName("probe.example.test").tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).build();

            List<CheckResult> results = new CheckRunner(resolver, 2).run(List.of(Target.parse("mx:example.test")), requestFor);

            assertThat(results).extracting(CheckResult::target).containsExactly("localhost:" + smtp.port(), "127.0.0.1:" + smtp.port());
            assertThat(results).extracting(CheckResult::verdict).containsOnly(Verdict.PASS);
            assertThat(results).extracting(CheckResult::address).containsOnly("127.0.0.1");
            smtp.awaitSessions(2, Duration.ofSeconds(5));
            assertThat(smtp.connectionCount()).isEqualTo(2);
            assertThat(dns.queries()).contains("MX example.test");
        }
    }

    @Test
    void anMxDomainThatFailsIsADnsFailureResultNotAnException() {
        try (ScriptedSmtpServer smtp = ScriptedSmtpServer.builder().start()) {
            Function<Target, CheckRequest> requestFor = t -> CheckRequest.builder(t.host()).port(smtp.port())
                    .heloName("probe.example.test").tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).build();

            List<CheckResult> results = new CheckRunner(resolver, 2)
                    .run(List.of(Target.parse("mx:nowhere.test"), new Target("127.0.0.1", 0, false), Target.parse("mx:nomail.test")), requestFor);

            assertThat(results).extracting(CheckResult::target).containsExactly("mx:nowhere.test", "127.0.0.1:" + smtp.port(), "mx:nomail.test");
            assertThat(results.get(1).verdict()).isEqualTo(Verdict.PASS);

            CheckResult nx = results.get(0);
            assertThat(nx.outcome()).isInstanceOf(Outcome.NetworkFailure.class);
            Outcome.NetworkFailure failure = (Outcome.NetworkFailure) nx.outcome();
            assertThat(failure.networkKind()).isEqualTo(NetworkKind.DNS);
            assertThat(failure.stage()).isEqualTo(Stage.CONNECT);
            assertThat(failure.detail()).isEqualTo("nowhere.test does not exist in DNS (NXDOMAIN)");
            assertThat(failure.diagnosis().id()).isEqualTo("network.dns");
            assertThat(failure.diagnosis().summary()).isEqualTo("The host name nowhere.test could not be resolved.");
            assertThat(nx.address()).isNull();
            assertThat(nx.stopAfter()).isEqualTo(Stage.EHLO);
            assertThat(nx.timings()).isEmpty();
            assertThat(nx.transcript().lines()).containsExactly(new Transcript.Line(0, Transcript.Direction.NOTE,
                    "MX look-up for nowhere.test failed: nowhere.test does not exist in DNS (NXDOMAIN)"));

            Outcome.NetworkFailure nullMx = (Outcome.NetworkFailure) results.get(2).outcome();
            assertThat(nullMx.networkKind()).isEqualTo(NetworkKind.DNS);
            assertThat(nullMx.detail()).isEqualTo("nomail.test publishes a null MX (RFC 7505): it accepts no mail");
            assertThat(nullMx.diagnosis().id()).isEqualTo("network.null-mx");
            assertThat(nullMx.diagnosis().summary()).isEqualTo("nomail.test accepts no mail: its DNS publishes a null MX record.");

            assertThat(smtp.connectionCount()).as("only the host target connected").isEqualTo(1);
        }
    }
}
