package io.smtpcheck.classify;

import io.smtpcheck.catalog.Diagnosis;
import io.smtpcheck.catalog.DiagnosisCatalog;
import io.smtpcheck.classify.DiagnosisIds.Network;
import io.smtpcheck.classify.DiagnosisIds.Protocol;
import io.smtpcheck.classify.DiagnosisIds.Tls;
import io.smtpcheck.mx.NullMxException;
import io.smtpcheck.reply.Reply;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;
import io.smtpcheck.text.Texts;
import io.smtpcheck.tls.TlsFinding;
import io.smtpcheck.tls.TlsTransport;
import io.smtpcheck.wire.ReplySyntaxException;
import org.apache.commons.net.MalformedServerReplyException;
import org.apache.commons.net.smtp.SMTPConnectionClosedException;

import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns what happened at a stage into an {@link Outcome}. The rules are one ordered table: the first
 * rule whose condition holds decides. Replies are judged by their code class, failures by the first
 * cause in the chain that a rule knows (a TLS socket wraps I/O errors, so the chain is searched). Immutable; one
 * serves every check of a run.
 */
public final class Classifier {

    /** What the session saw: a reply that ended the exchange, or an error, at a stage of a request. */
    public record Event(Stage stage, Reply reply, Throwable error, CheckRequest request) {
        <T extends Throwable> Optional<T> cause(Class<T> type) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return Optional.of(type.cast(t));
                }
            }
            return Optional.empty();
        }

        boolean has(Class<? extends Throwable> type) {
            return cause(type).isPresent();
        }

        boolean messageContains(String text) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                if (t.getMessage() != null && t.getMessage().contains(text)) {
                    return true;
                }
            }
            return false;
        }

        String detail() {
            Throwable root = error;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = root.getMessage();
            return message == null ? root.getClass().getSimpleName() : message;
        }
    }

    private record Rule(String name, Predicate<Event> when, Function<Event, Outcome> then) {
    }

    private final DiagnosisCatalog catalog;
    private final List<Rule> rules;

    /** @param catalog explains every outcome; {@link DiagnosisCatalog#standard()} is the one shipped */
    public Classifier(DiagnosisCatalog catalog) {
        this.catalog = catalog;
        this.rules = rules();
    }

    private List<Rule> rules() {
        return List.of(
            // Replies: the code class decides; the catalog explains.
            new Rule("4xx reply", e -> e.reply() != null && e.reply().isTransient(),
                    e -> new Outcome.TransientFailure(e.stage(), e.reply(), catalog.diagnose(e.reply(), e.stage(), e.request().locale()))),
            new Rule("5xx reply", e -> e.reply() != null && e.reply().isPermanent(),
                    e -> new Outcome.PermanentFailure(e.stage(), e.reply(), catalog.diagnose(e.reply(), e.stage(), e.request().locale()))),
            new Rule("reply out of place", e -> e.reply() != null,
                    e -> new Outcome.ProtocolViolation(e.stage(), Texts.of(e.request().locale()).get("protocol.unexpected-reply", Integer.toString(e.reply().code())), e.reply(),
                            describe(e, Protocol.UNEXPECTED_REPLY, e.stage().label(e.request().locale()), Integer.toString(e.reply().code())))),
            // Failures, most specific first.
            new Rule("null MX", e -> e.has(NullMxException.class),
                    e -> network(e, NetworkKind.DNS, Network.NULL_MX, e.request().host())),
            new Rule("name not resolved", e -> e.has(UnknownHostException.class),
                    e -> network(e, NetworkKind.DNS, Network.DNS, e.request().host())),
            new Rule("deadline", e -> e.has(DeadlineExceededException.class),
                    e -> network(e, NetworkKind.TIMEOUT, Network.DEADLINE, seconds(e.request().limits().deadline()))),
            new Rule("session limit", e -> e.has(LimitExceededException.class),
                    e -> {
                        LimitExceededException x = e.cause(LimitExceededException.class).orElseThrow();
                        return new Outcome.ProtocolViolation(e.stage(), x.getMessage(), null, describe(e, x.limit().diagnosisId(), Long.toString(x.bound())));
                    }),
            new Rule("connect timeout", e -> e.stage() == Stage.CONNECT && e.has(SocketTimeoutException.class),
                    e -> network(e, NetworkKind.TIMEOUT, Network.CONNECT_TIMEOUT, e.request().address(),
                            seconds(e.request().limits().connectTimeout()))),
            new Rule("reply timeout", e -> e.has(SocketTimeoutException.class) && !e.has(SSLException.class),
                    e -> network(e, NetworkKind.TIMEOUT, Network.REPLY_TIMEOUT, e.stage().label(e.request().locale()),
                            seconds(e.request().limits().replyTimeout()))),
            new Rule("connection refused", e -> e.has(ConnectException.class),
                    e -> network(e, NetworkKind.REFUSED, Network.REFUSED, e.request().address())),
            new Rule("unreachable", e -> e.has(NoRouteToHostException.class) || e.has(PortUnreachableException.class),
                    e -> network(e, NetworkKind.UNREACHABLE, Network.UNREACHABLE, e.request().host())),
            // Only implicit TLS: plain text after a STARTTLS 220 is a broken handshake, not a plain port.
            new Rule("plain server on a TLS port", e -> e.request().tlsPolicy().transport() == TlsTransport.IMPLICIT
                            && e.has(SSLException.class) && e.messageContains("Unsupported or unrecognized SSL message"),
                    e -> tls(e, Tls.PLAIN_PORT)),
            // The handshake accepts any certificate (the TLS stage judges it afterwards), so only the handshake itself fails here.
            new Rule("handshake failed", e -> e.has(SSLException.class),
                    e -> tls(e, Tls.HANDSHAKE, e.detail())),
            new Rule("reply before its command", e -> e.cause(ReplySyntaxException.class).filter(x -> x.rule() == ReplySyntaxException.Rule.UNSOLICITED).isPresent(),
                    e -> new Outcome.ProtocolViolation(e.stage(), e.detail(), null,
                            describe(e, Protocol.UNSOLICITED, e.cause(ReplySyntaxException.class).orElseThrow().line(), e.stage().label()))),
            new Rule("HTTP server on the port", e -> e.has(MalformedServerReplyException.class) && e.messageContains("HTTP/"),
                    e -> new Outcome.ProtocolViolation(e.stage(), e.detail(), null, describe(e, Protocol.HTTP))),
            new Rule("not an SMTP reply", e -> e.has(MalformedServerReplyException.class),
                    e -> new Outcome.ProtocolViolation(e.stage(), e.detail(), null, describe(e, Protocol.MALFORMED, e.detail()))),
            new Rule("closed by the server", e -> e.has(SMTPConnectionClosedException.class) || e.has(EOFException.class),
                    e -> network(e, NetworkKind.CLOSED, Network.CLOSED, e.stage().label(e.request().locale()))),
            // Only I/O errors get here (failure takes nothing else), so this is the network's doing, not a bug of ours.
            new Rule("any other I/O error", e -> true,
                    e -> network(e, NetworkKind.RESET, Network.RESET)));
    }

    /** The outcome of a reply that did not let the exchange go on. */
    public Outcome reply(Stage stage, Reply reply, CheckRequest request) {
        return classify(new Event(stage, reply, null, request));
    }

    /**
     * The outcome of an I/O error raised at {@code stage}: what the server or the network did. Only I/O errors are
     * taken; any other exception is a fault of smtp-check and must not become a verdict.
     */
    public Outcome failure(Stage stage, IOException error, CheckRequest request) {
        return classify(new Event(stage, null, error, request));
    }

    public Outcome passed(Stage stage, Reply lastReply, CheckRequest request) {
        return new Outcome.Passed(stage, lastReply, catalog.describe(DiagnosisIds.PASSED, request.locale(), stage.label(request.locale())));
    }

    /** A TLS decision that ends the check ({@link io.smtpcheck.tls.TlsDecisions}); {@code reply} is the reply it stands on, or null. */
    public Outcome tlsFailure(Stage stage, TlsFinding finding, Reply reply, CheckRequest request) {
        return new Outcome.TlsFailure(stage, finding.detail(), reply, describe(finding, request));
    }

    /** A TLS finding the check passes with (certificate life below the warning threshold, a fallback to plaintext). */
    public Warning warning(TlsFinding finding, CheckRequest request) {
        return new Warning(describe(finding, request), finding.detail());
    }

    private Diagnosis describe(TlsFinding finding, CheckRequest request) {
        return catalog.describe(finding.diagnosisId(), request.locale(), finding.args().toArray());
    }

    /** The request expected something of the listener that it did not show. */
    public Outcome expectation(Stage stage, String expected, String actual, Reply reply, CheckRequest request,
                               String diagnosisId, Object... args) {
        return new Outcome.ExpectationFailed(stage, expected, actual, reply, catalog.describe(diagnosisId, request.locale(), args));
    }

    private Outcome classify(Event event) {
        for (Rule rule : rules) {
            if (rule.when().test(event)) {
                return rule.then().apply(event);
            }
        }
        throw new IllegalStateException("the last rule matches everything");
    }

    /** Plain digits, with a decimal only when needed: "30", "1.5". MessageFormat would group and round. */
    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private Outcome network(Event e, NetworkKind kind, String id, Object... args) {
        return new Outcome.NetworkFailure(e.stage(), kind, e.detail(), describe(e, id, args));
    }

    private Outcome tls(Event e, String id, Object... args) {
        return new Outcome.TlsFailure(e.stage(), e.detail(), null, describe(e, id, args));
    }

    private Diagnosis describe(Event e, String id, Object... args) {
        return catalog.describe(id, e.request().locale(), args);
    }
}
