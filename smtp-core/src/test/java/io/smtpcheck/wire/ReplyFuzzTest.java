package io.smtpcheck.wire;

import io.smtpcheck.classify.LimitExceededException;
import io.smtpcheck.redact.SecretMask;
import io.smtpcheck.request.Limits;
import io.smtpcheck.testkit.Action;
import io.smtpcheck.testkit.ScriptedSmtpServer;
import io.smtpcheck.testkit.TlsIdentity;
import io.smtpcheck.text.Printable;
import org.apache.commons.net.smtp.SMTPConnectionClosedException;
import org.apache.commons.net.util.TrustManagerUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded fuzzing of the strict reader through Commons Net against the testkit's scripted server: mutated replies as
 * the banner, as the reply to a command, and as the reply to a command after STARTTLS, each judged by
 * {@link Rfc5321Oracle}. Every session must end as the oracle says: a legal reply accepted with exactly its lines, any
 * other refused with one of the classified exceptions; no secret may survive the mask and no unsafe character the
 * escaping. Replay a failure with {@code -Dsmtpcheck.fuzz.seed=<seed>}; {@code -Dsmtpcheck.fuzz.sessions=<n>} scales it.
 */
class ReplyFuzzTest {

    private static final long SEED = Long.getLong("smtpcheck.fuzz.seed", new Random().nextLong());
    /** Per part (banner, command): the TLS part runs a tenth, since each of its sessions shakes hands. */
    private static final int SESSIONS = Integer.getInteger("smtpcheck.fuzz.sessions", 1000);
    private static final Limits LIMITS = Limits.DEFAULT;
    private static final SecretMask MASK = SecretMask.of(ReplyMutator.USER, ReplyMutator.SECRET);

    private enum Part { BANNER, COMMAND, AFTER_TLS }

    /** What went wrong, one line per session, with everything needed to replay it. */
    private final List<String> failures = new ArrayList<>();
    private int accepted;
    private int refused;

    @Test
    @Timeout(180)
    void everyReplyIsJudgedAsTheOracleJudgesIt() throws IOException {
        long start = System.nanoTime();
        run(Part.BANNER, SESSIONS, SEED);
        run(Part.COMMAND, SESSIONS, SEED + 1);
        run(Part.AFTER_TLS, Math.max(1, SESSIONS / 10), SEED + 2);
        System.out.printf("reply fuzz: seed %d, %d sessions in %d ms, %d legal replies accepted, %d refused, %d failures%n", SEED,
                accepted + refused + failures.size(), (System.nanoTime() - start) / 1_000_000, accepted, refused, failures.size());
        assertThat(failures).as("fuzz failures; replay with -Dsmtpcheck.fuzz.seed=" + SEED).isEmpty();
        assertThat(accepted).as("the mutator also makes legal replies").isPositive();
        assertThat(refused).as("and broken ones").isPositive();
    }

    private void run(Part part, int sessions, long seed) throws IOException {
        ReplyMutator mutator = new ReplyMutator(seed);
        List<byte[]> cases = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            cases.add(mutator.next(LIMITS.maxLineLength(), LIMITS.maxReplyLines()));
        }
        ScriptedSmtpServer.Builder builder = ScriptedSmtpServer.builder();
        if (part == Part.BANNER) {
            builder.banner(cases.stream().map(Action::rawThenClose).toArray(Action[]::new));
        } else {
            for (int i = 0; i < sessions; i++) {
                builder.on("F" + i, Action.rawThenClose(cases.get(i)));
            }
        }
        if (part == Part.AFTER_TLS) {
            builder.starttls(TlsIdentity.selfSigned("localhost", Duration.ofDays(1)));
        }
        try (ScriptedSmtpServer server = builder.start()) {
            for (int i = 0; i < sessions; i++) {
                session(server, part, i, cases.get(i));
            }
        }
    }

    private void session(ScriptedSmtpServer server, Part part, int i, byte[] bytes) throws IOException {
        Rfc5321Oracle.Legal legal = Rfc5321Oracle.judge(bytes, LIMITS.maxLineLength(), LIMITS.maxReplyLines());
        String replay = part + " #" + i + " " + Base64.getEncoder().encodeToString(bytes) + ": ";
        StrictSmtpClient client = new StrictSmtpClient(false, LIMITS);
        client.setTrustManager(TrustManagerUtils.getAcceptAllTrustManager());
        client.setDefaultTimeout(3000);
        client.setConnectTimeout(3000);
        client.mask(MASK);
        boolean reachedCase = part == Part.BANNER;
        try {
            client.connect(server.host(), server.port());
            if (part == Part.AFTER_TLS) {
                client.ehlo("fuzz.example");
                if (!client.execTLS()) {
                    failures.add(replay + "STARTTLS refused");
                    return;
                }
            }
            if (part != Part.BANNER) {
                reachedCase = true;
                client.sendCommand("F" + i);
            }
            accepted(replay, client, legal);
        } catch (ReplySyntaxException | LimitExceededException | SMTPConnectionClosedException | SSLException e) {
            if (reachedCase && e instanceof SMTPConnectionClosedException && legal != null && legal.code() == 421) {
                // Commons Net reports a 421 by throwing once it has read it; the reply is still the one the server sent.
                accepted(replay, client, legal);
            } else if (!reachedCase) {
                failures.add(replay + "failed before the case: " + e);
            } else if (legal != null) {
                failures.add(replay + "refused a legal reply " + legal + ": " + e);
            } else if (e instanceof SSLException && part != Part.AFTER_TLS) {
                failures.add(replay + "TLS error without TLS: " + e);
            } else {
                refused++;
                checkShown(replay, e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            failures.add(replay + "unexpected " + e);
        } finally {
            if (client.isConnected()) {
                client.disconnect();
            }
        }
    }

    private void accepted(String replay, StrictSmtpClient client, Rfc5321Oracle.Legal legal) {
        WireReply got = client.lastWireReply();
        if (legal == null) {
            failures.add(replay + "accepted a reply the oracle refuses: " + got);
        } else if (got.code() != legal.code() || !got.lines().equals(legal.lines())) {
            failures.add(replay + "read " + got + ", the oracle reads " + legal);
        } else {
            accepted++;
            for (String line : got.lines()) {
                checkShown(replay, Printable.escape(MASK.scrub(line)));
            }
        }
    }

    private void checkShown(String replay, String shown) {
        for (String form : ReplyMutator.secretForms()) {
            if (shown.contains(form)) {
                failures.add(replay + "secret form " + form + " shown in: " + Printable.escape(shown));
            }
        }
        if (Printable.firstUnsafe(shown) >= 0) {
            failures.add(replay + "unsafe character shown in: " + Printable.escape(shown));
        }
    }
}
