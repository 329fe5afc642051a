package io.smtpcheck.run;

import io.smtpcheck.classify.Outcome;
import io.smtpcheck.classify.Verdict;
import io.smtpcheck.mx.MxResolver;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.InvalidRequestException;
import io.smtpcheck.request.Target;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parallel runner against real loopback servers. */
class CheckRunnerTest {

    /** Host targets only in these tests: an MX look-up would be a mistake. */
    private static final MxResolver NO_MX = domain -> {
        throw new AssertionError("no MX look-up expected, asked for " + domain);
    };

    private static final Function<Target, CheckRequest> PLAIN_EHLO = t -> CheckRequest.builder(t.host()).target(t)
            .heloName("probe.example.test").tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).build();

    private static Target target(ScriptedSmtpServer server) {
        return new Target(server.host(), server.port(), false);
    }

    /**
     * Counts sessions open at once across every server, from the server side: a session counts from the moment a
     * server accepted it ("connected from") until its QUIT arrived. Both events happen inside the client's check (the
     * client waits for the banner, which comes after the first, and for the 221, which comes after the second), so
     * the count can never exceed the checks actually running at once, whatever the scheduling.
     */
    private static final class Concurrency implements Consumer<String> {
        private int open;
        private int max;
        private int quits;

        @Override
        public synchronized void accept(String event) {
            if (event.matches("#\\d+ connected from .*")) {
                max = Math.max(max, ++open);
            } else if (event.matches("#\\d+ C: QUIT")) {
                open--;
                quits++;
            }
        }

        synchronized int max() {
            return max;
        }

        synchronized int open() {
            return open;
        }

        synchronized int quits() {
            return quits;
        }
    }

    @Test
    void resultsComeBackInTargetOrder() {
        try (ScriptedSmtpServer slow = ScriptedSmtpServer.builder().hostname("slow.example.test")
                .banner(Action.delay(Duration.ofMillis(400), Action.reply("220 slow.example.test ESMTP"))).start();
             ScriptedSmtpServer fast = ScriptedSmtpServer.builder().hostname("fast.example.test").start();
             ScriptedSmtpServer busy = ScriptedSmtpServer.builder().hostname("busy.example.test")
                     .banner(Action.replyThenClose("421 4.7.0 busy.example.test Too many connections")).start();
             ScriptedSmtpServer last = ScriptedSmtpServer.builder().hostname("last.example.test").start()) {
            List<Target> targets = List.of(target(slow), target(fast), target(busy), target(last));

            List<CheckResult> results = new CheckRunner(NO_MX, 2).run(targets, PLAIN_EHLO);

            assertThat(results).extracting(CheckResult::target).containsExactly(
                    "127.0.0.1:" + slow.port(), "127.0.0.1:" + fast.port(), "127.0.0.1:" + busy.port(), "127.0.0.1:" + last.port());
            assertThat(results).extracting(CheckResult::verdict).containsExactly(Verdict.PASS, Verdict.PASS, Verdict.TRANSIENT, Verdict.PASS);
            assertThat(results.get(0).transcript().renderPlain()).contains("<- 220 slow.example.test ESMTP");
            assertThat(results.get(1).transcript().renderPlain()).contains("<- 220 fast.example.test ESMTP smtp-testkit");
            assertThat(results.get(2).outcome().reply().raw()).isEqualTo("421 4.7.0 busy.example.test Too many connections");
            assertThat(results.get(3).transcript().renderPlain()).contains("<- 220 last.example.test ESMTP smtp-testkit");
            // The slow first target finished after the others had started and ended: order is by target, not by completion.
            assertThat(results.get(0).startedAt().plusMillis(results.get(0).elapsedMillis()))
                    .isAfter(results.get(1).startedAt().plusMillis(results.get(1).elapsedMillis()));
            for (ScriptedSmtpServer s : List.of(slow, fast, busy, last)) {
                assertThat(s.connectionCount()).as("%s", s).isEqualTo(1);
            }
        }
    }

    @Test
    void neverMoreSessionsAtOnceThanTheParallelism() {
        Concurrency concurrency = new Concurrency();
        List<ScriptedSmtpServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                servers.add(ScriptedSmtpServer.builder().transcript(concurrency)
                        .banner(Action.delay(Duration.ofMillis(300), Action.reply("220 slow" + i + ".example.test ESMTP"))).start());
            }
            List<Target> targets = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                servers.forEach(s -> targets.add(target(s)));
            }

            long started = System.nanoTime();
            List<CheckResult> results = new CheckRunner(NO_MX, 2).run(targets, PLAIN_EHLO);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(results).hasSize(6).allMatch(r -> r.outcome() instanceof Outcome.Passed, "passed");
            servers.forEach(s -> s.awaitSessions(2, Duration.ofSeconds(5)));
            assertThat(concurrency.quits()).isEqualTo(6);
            assertThat(concurrency.open()).isZero();
            assertThat(concurrency.max()).as("sessions open at once").isEqualTo(2);
            // 6 sessions of at least 300 ms each, 2 at a time: at least 3 rounds.
            assertThat(tookMillis).isGreaterThanOrEqualTo(900);
        } finally {
            servers.forEach(ScriptedSmtpServer::close);
        }
    }

    @Test
    void parallelismOneRunsOneSessionAtATime() {
        Concurrency concurrency = new Concurrency();
        try (ScriptedSmtpServer a = ScriptedSmtpServer.builder().transcript(concurrency)
                .banner(Action.delay(Duration.ofMillis(100), Action.reply("220 a.example.test ESMTP"))).start();
             ScriptedSmtpServer b = ScriptedSmtpServer.builder().transcript(concurrency)
                     .banner(Action.delay(Duration.ofMillis(100), Action.reply("220 b.example.test ESMTP"))).start()) {
            List<CheckResult> results = new CheckRunner(NO_MX, 1).run(List.of(target(a), target(b), target(a)), PLAIN_EHLO);

            assertThat(results).extracting(CheckResult::target)
                    .containsExactly("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port(), "127.0.0.1:" + a.port());
            assertThat(concurrency.quits()).isEqualTo(3);
            assertThat(concurrency.max()).isEqualTo(1);
        }
    }

    @Test
    void anInvalidRequestIsThrownBeforeAnyConnection() throws Exception {
        try (ScriptedSmtpServer a = ScriptedSmtpServer.builder().start();
             ScriptedSmtpServer b = ScriptedSmtpServer.builder().start();
             ScriptedSmtpServer c = ScriptedSmtpServer.builder().start()) {
            // The last target's request is invalid: no recipient address, but stopping after RCPT TO.
            Function<Target, CheckRequest> requestFor = t -> CheckRequest.builder(t.host()).target(t).heloName("probe.example.test")
                    .recipient(t.port() == c.port() ? "no-at-sign" : "alice@example.test").build();

            assertThatThrownBy(() -> new CheckRunner(NO_MX, 2).run(List.of(target(a), target(b), target(c)), requestFor))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("to: ")
                    .hasMessageContaining("no-at-sign");

            // Give a runner that had started checks in the background time to connect.
            Thread.sleep(300);
            assertThat(a.connectionCount() + b.connectionCount() + c.connectionCount()).isZero();
        }
    }

    @Test
    void anInvalidLaterTargetStopsTheRunBeforeAnEarlierMxDomainIsLookedUp() {
        List<String> lookedUp = new java.util.concurrent.CopyOnWriteArrayList<>();
        MxResolver recording = domain -> {
            lookedUp.add(domain);
            return List.of("127.0.0.1");
        };
        Function<Target, CheckRequest> requestFor = t -> CheckRequest.builder(t.host()).target(t).heloName("probe.example.test")
                .recipient(t.host().equals("typo.example.test") ? "no-at-sign" : "alice@example.test").build();

        assertThatThrownBy(() -> new CheckRunner(recording, 2).run(List.of(Target.parse("mx:example.test"), Target.parse("typo.example.test")), requestFor))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("no-at-sign");
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void eachJobIsCheckedWithItsOwnOptionsAlsoForItsMxHosts() {
        try (ScriptedSmtpServer a = ScriptedSmtpServer.builder().hostname("a.example.test").start();
             ScriptedSmtpServer b = ScriptedSmtpServer.builder().hostname("b.example.test").start()) {
            MxResolver mx = domain -> List.of("127.0.0.1");
            Function<Target, CheckRequest> asAlpha = t -> CheckRequest.builder(t.host()).target(t).heloName("alpha.example.test")
                    .tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).build();
            Function<Target, CheckRequest> asBeta = t -> CheckRequest.builder(t.host()).target(t).heloName("beta.example.test")
                    .tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).build();

            List<CheckResult> results = new CheckRunner(mx, 2).runJobs(List.of(
                    new CheckRunner.Job(target(a), asAlpha), new CheckRunner.Job(new Target("example.test", b.port(), true), asBeta)));

            assertThat(results).extracting(CheckResult::verdict).containsExactly(Verdict.PASS, Verdict.PASS);
            assertThat(results.get(0).transcript().renderPlain()).contains("-> EHLO alpha.example.test", "<- 220 a.example.test");
            assertThat(results.get(1).transcript().renderPlain()).contains("-> EHLO beta.example.test", "<- 220 b.example.test");
        }
    }

    @Test
    void aParallelismBelowOneIsRefused() {
        assertThatThrownBy(() -> new CheckRunner(NO_MX, 0)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.parameter()).isEqualTo("parallel"))
                .hasMessage("parallel: 0 is not a number of targets to check at once; give 1 or more");
    }

    @Test
    void noTargetsNoResults() {
        assertThat(new CheckRunner(NO_MX, 4).run(List.of(), PLAIN_EHLO)).isEmpty();
    }
}
