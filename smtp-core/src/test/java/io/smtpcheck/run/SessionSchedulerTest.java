package io.smtpcheck.run;

import io.smtpcheck.classify.NetworkKind;
import io.smtpcheck.classify.Outcome;
import io.smtpcheck.classify.Verdict;
import io.smtpcheck.mx.MxResolver;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import io.smtpcheck.request.Stage;
import io.smtpcheck.request.Target;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.RecordedSession;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The fan-out against real loopback listeners: the cap per host, streamed results, the run's deadline. */
class SessionSchedulerTest {

    private static final MxResolver NO_MX = domain -> {
        throw new AssertionError("no MX look-up expected, asked for " + domain);
    };

    private static final Function<Target, CheckRequest> PLAIN_EHLO = t -> CheckRequest.builder(t.host()).target(t)
            .heloName("probe.example.test").tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).build();

    private static List<Target> times(int n, ScriptedSmtpServer server) {
        return Collections.nCopies(n, new Target(server.host(), server.port(), false));
    }

    /** A listener with a per-client limit of the default cap, answering slowly enough that sessions overlap. */
    private static ScriptedSmtpServer limitedTo(int sessions) {
        return ScriptedSmtpServer.builder().connectionLimit(sessions)
                .banner(Action.delay(Duration.ofMillis(100), Action.reply("220 limited.example.test ESMTP"))).start();
    }

    @Test
    void virtualThreadsOnlyWhenPlatformThreadsCouldNotHoldTheRun() {
        int platformCap = FanOut.PLATFORM_SESSIONS_PER_CORE * 2;
        // One probe, or a fleet that platform threads hold, exits without HotSpot's 300 ms wait for the poller in native.
        assertThat(SessionScheduler.virtualThreadsFor(1, 25, 2)).isFalse();
        assertThat(SessionScheduler.virtualThreadsFor(platformCap, 25, 2)).isFalse();
        assertThat(SessionScheduler.virtualThreadsFor(platformCap + 1, 25, 2)).isTrue();
        assertThat(SessionScheduler.virtualThreadsFor(platformCap + 1, 24, 2)).isTrue();
        // Before 24 a read in Commons Net's synchronized reader would pin the carrier.
        assertThat(SessionScheduler.virtualThreadsFor(100_000, 23, 2)).isFalse();
        assertThat(SessionScheduler.virtualThreadsFor(100_000, 17, 2)).isFalse();
    }

    @Test
    void aFleetCheckNeverTripsAListenersLimitOfTheDefaultCapPerHost() {
        try (ScriptedSmtpServer server = limitedTo(FanOut.DEFAULT_PER_DESTINATION)) {
            // Room for 64 at once overall, all 40 targets on one address: the cap per host is what holds them back.
            List<CheckResult> results = new CheckRunner(NO_MX, new FanOut(64, FanOut.DEFAULT_PER_DESTINATION, null))
                    .run(times(40, server), PLAIN_EHLO);

            assertThat(results).hasSize(40).allMatch(r -> r.verdict() == Verdict.PASS, "passed");
            assertThat(server.refusedCount()).isZero();
            assertThat(server.peakSessions()).as("sessions open at once, counted by the listener")
                    .isBetween(2, FanOut.DEFAULT_PER_DESTINATION);
            assertThat(server.connectionCount()).isEqualTo(40);
        }
    }

    @Test
    void withoutTheCapTheSameListenerRefusesAndTheCheckReportsIt() {
        try (ScriptedSmtpServer server = limitedTo(FanOut.DEFAULT_PER_DESTINATION)) {
            List<CheckResult> results = new CheckRunner(NO_MX, new FanOut(40, 40, null)).run(times(40, server), PLAIN_EHLO);

            // What the cap prevents: the listener's 421 to the check's own extra sessions, reported as the listener's failure.
            assertThat(server.refusedCount()).isPositive();
            assertThat(results).filteredOn(r -> r.verdict() == Verdict.TRANSIENT).hasSize(server.refusedCount())
                    .allSatisfy(r -> assertThat(r.outcome().reply().raw()).isEqualTo("421 4.7.0 Too many connections"));
        }
    }

    @Test
    void theCapIsPerHostSoOtherHostsRunBesideAFullOne() {
        try (ScriptedSmtpServer v4 = limitedTo(2);
             ScriptedSmtpServer v6 = ScriptedSmtpServer.builder().bindAddress(java.net.InetAddress.getLoopbackAddress()).start()) {
            List<Target> targets = new ArrayList<>(times(6, v4));
            targets.add(new Target("localhost", v6.port(), false));

            List<CheckResult> results = new CheckRunner(NO_MX, new FanOut(8, 2, null)).run(targets, PLAIN_EHLO);

            assertThat(results).hasSize(7).allMatch(r -> r.verdict() == Verdict.PASS, "passed");
            assertThat(v4.refusedCount()).isZero();
            assertThat(v4.peakSessions()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void resultsAreHandedOnAsTheirChecksEndWithTheirPlaceInTheRun() {
        try (ScriptedSmtpServer slow = ScriptedSmtpServer.builder()
                .banner(Action.delay(Duration.ofSeconds(2), Action.reply("220 slow.example.test ESMTP"))).start();
             ScriptedSmtpServer fast = ScriptedSmtpServer.builder().hostname("fast.example.test").start()) {
            List<Target> targets = List.of(new Target(slow.host(), slow.port(), false), new Target(fast.host(), fast.port(), false),
                    new Target(fast.host(), fast.port(), false));
            List<Completed> seen = new ArrayList<>();
            List<Boolean> slowNotEnded = new ArrayList<>();
            Thread caller = Thread.currentThread();

            new CheckRunner(NO_MX, new FanOut(3, 3, null)).run(targets, PLAIN_EHLO, done -> {
                assertThat(Thread.currentThread()).as("handed on on the calling thread").isSameAs(caller);
                seen.add(done);
                // noneMatch, not anyMatch(!finished): the slow listener may not have logged its accept yet when the fast ones end.
                slowNotEnded.add(slow.sessions().stream().noneMatch(RecordedSession::finished));
            });

            assertThat(seen).extracting(Completed::index).containsExactlyInAnyOrder(0, 1, 2);
            assertThat(seen).allSatisfy(done -> {
                assertThat(done.total()).isEqualTo(3);
                assertThat(done.result().target()).isEqualTo(targets.get(done.index()).toString());
            });
            // The fast listener's two results came before the slow session ended: streamed, not held to the end.
            assertThat(seen.get(2).index()).isZero();
            assertThat(slowNotEnded.subList(0, 2)).containsOnly(true);
        }
    }

    @Test
    void theRunDeadlineEndsRunningChecksAndThoseNotStartedAsTimeouts() {
        try (ScriptedSmtpServer silent = ScriptedSmtpServer.builder()
                .banner(Action.delay(Duration.ofSeconds(20), Action.reply("220 late.example.test ESMTP"))).start()) {
            // One at a time to the one host, 60 s each by their own deadline: only the run's deadline ends this early.
            List<CheckResult> results = new CheckRunner(NO_MX, new FanOut(4, 1, Duration.ofSeconds(1))).run(times(3, silent), PLAIN_EHLO);

            assertThat(results).hasSize(3).allSatisfy(r -> {
                assertThat(r.outcome()).isInstanceOfSatisfying(Outcome.NetworkFailure.class,
                        f -> assertThat(f.networkKind()).isEqualTo(NetworkKind.TIMEOUT));
            });
            assertThat(results.get(0).outcome().stage()).as("the one started, ended by its capped deadline").isEqualTo(Stage.BANNER);
            assertThat(results.get(0).transcript().render()).contains("Trying 127.0.0.1");
            assertThat(results.subList(1, 3)).allSatisfy(r -> {
                assertThat(r.outcome().stage()).isEqualTo(Stage.CONNECT);
                assertThat(r.transcript().render()).contains("not started: the run's deadline of 1 s passed");
            });
            assertThat(silent.connectionCount()).isEqualTo(1);
        }
    }
}
