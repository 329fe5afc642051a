package io.smtpcheck.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smtpcheck.classify.Outcome;
import io.smtpcheck.report.EveryFormat;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Credentials;
import io.smtpcheck.request.Limits;
import io.smtpcheck.request.Stage;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.Fixtures;
import io.smtpcheck.session.SmtpSession;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.text.Printable;
import io.smtpcheck.tls.TlsLevel;
import io.smtpcheck.tls.TlsPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of the whole product: a mutated reply at one stage of a real {@link SmtpSession#check}, that stage the
 * last one the request asks for, so the verdict stands on it; each result rendered in every report format. Judged by
 * {@link Rfc5321Oracle}: no PASS on a reply the oracle refuses (a false PASS), a PASS on every legal 2xx reply where a
 * 2xx completes the stage (no false failure), no exception out of the check (an internal error is a bug), no secret
 * form in any format, no raw control character in the text and Nagios reports, JSON and JUnit XML well-formed.
 * Replay with {@code -Dsmtpcheck.fuzz.seed=<seed>}; {@code -Dsmtpcheck.fuzz.checks=<n>} scales it.
 */
class SessionFuzzTest {

    private static final long SEED = Long.getLong("smtpcheck.fuzz.seed", new Random().nextLong());
    private static final int CHECKS = Integer.getInteger("smtpcheck.fuzz.checks", 2000);
    private static final Limits LIMITS = Fixtures.FAST;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DocumentBuilderFactory XML = DocumentBuilderFactory.newInstance();

    /** Where the mutated reply goes: the verb it answers and the stage the check then stops after. */
    private enum Place {
        BANNER(null, Stage.BANNER, true), EHLO("EHLO", Stage.EHLO, true), AUTH("AUTH", Stage.AUTH, false), MAIL("MAIL", Stage.MAIL, true),
        RCPT("RCPT", Stage.RCPT, true), DATA_START(ScriptedSmtpServer.DATA_START, Stage.DATA, false), DATA_END("DATA", Stage.DATA, true);

        final String verb;
        final Stage stopAfter;
        /** Whether any legal 2xx reply there completes the stage (a 2xx to DATA itself or to AUTH PLAIN does not). */
        final boolean twoHundredPasses;

        Place(String verb, Stage stopAfter, boolean twoHundredPasses) {
            this.verb = verb;
            this.stopAfter = stopAfter;
            this.twoHundredPasses = twoHundredPasses;
        }
    }

    /** Checks run at once: most of a check's time is waiting on loopback round trips, not CPU. */
    private static final int THREADS = 4;

    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger notPassed = new AtomicInteger();

    @Test
    @Timeout(180)
    void noFalsePassNoTraceNoLeakNoRawControlInAnyReport() throws InterruptedException {
        long start = System.nanoTime();
        // The cases are drawn in order from the seed before any runs, so a replay gets the same ones whatever the threads do.
        Random random = new Random(SEED);
        ReplyMutator mutator = new ReplyMutator(SEED);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        for (int i = 0; i < CHECKS; i++) {
            Place place = Place.values()[random.nextInt(Place.values().length)];
            byte[] bytes = mutator.next(LIMITS.maxLineLength(), LIMITS.maxReplyLines());
            int n = i;
            pool.execute(() -> check(n, place, bytes));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(150, TimeUnit.SECONDS)).as("the checks ended").isTrue();
        System.out.printf("session fuzz: seed %d, %d checks in %d ms, %d passed, %d did not, %d failures%n", SEED, CHECKS,
                (System.nanoTime() - start) / 1_000_000, passed.get(), notPassed.get(), failures.size());
        assertThat(failures).as("session fuzz failures; replay with -Dsmtpcheck.fuzz.seed=" + SEED).isEmpty();
        assertThat(passed.get()).as("legal replies pass").isPositive();
        assertThat(notPassed.get()).as("broken ones do not").isPositive();
    }

    private void check(int i, Place place, byte[] bytes) {
        Rfc5321Oracle.Legal legal = Rfc5321Oracle.judge(bytes, LIMITS.maxLineLength(), LIMITS.maxReplyLines());
        String replay = "#" + i + " " + place + " " + Base64.getEncoder().encodeToString(bytes) + ": ";
        // The server closes after the mutated reply: a cut-off reply is then cut off, not waited on for the reply timeout.
        Action mutated = Action.rawThenClose(bytes);
        ScriptedSmtpServer.Builder builder = ScriptedSmtpServer.builder().auth(ReplyMutator.USER, ReplyMutator.SECRET);
        if (place == Place.BANNER) {
            builder.banner(mutated);
        } else {
            builder.on(place.verb, mutated);
        }
        CheckResult result;
        try (ScriptedSmtpServer server = builder.start()) {
            CheckRequest.Builder toServer = Fixtures.against(server).tlsPolicy(TlsPolicy.at(TlsLevel.NONE)).limits(LIMITS).allowPlaintextAuth(true)
                    .credentials(new Credentials(ReplyMutator.USER, ReplyMutator.SECRET, null)).stopAfter(place.stopAfter);
            if (place.stopAfter.isAfter(Stage.MAIL)) {
                toServer.recipient("rcpt@example.org");
            }
            result = SmtpSession.check(toServer.build());
        } catch (RuntimeException e) {
            failures.add(replay + "the check threw " + e);
            return;
        }
        judge(replay, place, legal, result);
        shown(replay, result);
    }

    private void judge(String replay, Place place, Rfc5321Oracle.Legal legal, CheckResult result) {
        boolean pass = result.outcome() instanceof Outcome.Passed;
        (pass ? passed : notPassed).incrementAndGet();
        if (pass && legal == null) {
            failures.add(replay + "false PASS on a reply the oracle refuses: " + result.outcome());
        } else if (pass && result.outcome().stage() != place.stopAfter) {
            failures.add(replay + "PASS short of the stage asked for: " + result.outcome());
        } else if (!pass && legal != null && legal.code() / 100 == 2 && place.twoHundredPasses) {
            failures.add(replay + "a legal " + legal.code() + " did not pass: " + result.outcome());
        }
    }

    private void shown(String replay, CheckResult result) {
        Map<String, String> formats = EveryFormat.of(result);
        for (Map.Entry<String, String> format : formats.entrySet()) {
            String text = format.getValue();
            for (String form : ReplyMutator.secretForms()) {
                if (text.contains(form) || text.contains(form.replace("&", "&amp;")) || text.contains(form.replace("&", "\\u0026"))) {
                    failures.add(replay + "secret form " + form + " in the " + format.getKey() + " report");
                }
            }
            if (text.contains("\tat ") || text.contains("Exception:")) {
                failures.add(replay + "a stack trace in the " + format.getKey() + " report");
            }
            if (EveryFormat.terminal(format.getKey())) {
                for (String line : text.split("\n", -1)) {
                    if (Printable.firstUnsafe(line) >= 0) {
                        failures.add(replay + "raw control character in the " + format.getKey() + " report: " + Printable.escape(line));
                    }
                }
            }
        }
        try {
            JSON.readTree(formats.get("json"));
            XML.newDocumentBuilder().parse(new ByteArrayInputStream(formats.get("junit").getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            failures.add(replay + "a report is not well-formed: " + e);
        }
    }
}
