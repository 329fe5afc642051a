package io.smtpcheck.classify;

import io.smtpcheck.reply.Reply;
import io.smtpcheck.catalog.Diagnosis;
import io.smtpcheck.catalog.DiagnosisCatalog;
import io.smtpcheck.mx.NullMxException;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.SecurityMode;
import io.smtpcheck.request.Stage;
import org.apache.commons.net.MalformedServerReplyException;
import org.apache.commons.net.smtp.SMTPConnectionClosedException;

import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns what happened at a stage into an {@link Outcome}. The rules are one ordered table: the first
 * rule whose condition holds decides. Replies are judged by their code class, failures by the first
 * cause in the chain that a rule knows (a TLS socket wraps I/O errors, so the chain is searched).
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

    private static final DiagnosisCatalog CATALOG = DiagnosisCatalog.standard();

    private static final List<Rule> RULES = List.of(
            // Replies: the code class decides; the catalog explains.
            new Rule("4xx reply", e -> e.reply() != null && e.reply().isTransient(),
                    e -> new Outcome.TransientFailure(e.stage(), e.reply(), CATALOG.diagnose(e.reply(), e.stage(), e.request().locale()))),
            new Rule("5xx reply", e -> e.reply() != null && e.reply().isPermanent(),
                    e -> new Outcome.PermanentFailure(e.stage(), e.reply(), CATALOG.diagnose(e.reply(), e.stage(), e.request().locale()))),
            new Rule("reply out of place", e -> e.reply() != null,
                    e -> new Outcome.ProtocolViolation(e.stage(), "unexpected reply " + e.reply().code(), e.reply(),
                            describe(e, "protocol.unexpected-reply", e.stage().label(), Integer.toString(e.reply().code())))),
            // Failures, most specific first.
            new Rule("null MX", e -> e.has(NullMxException.class),
                    e -> network(e, NetworkKind.DNS, "network.null-mx", e.request().host())),
            new Rule("name not resolved", e -> e.has(UnknownHostException.class),
                    e -> network(e, NetworkKind.DNS, "network.dns", e.request().host())),
            new Rule("deadline", e -> e.has(DeadlineExceededException.class),
                    e -> network(e, NetworkKind.TIMEOUT, "network.deadline", seconds(e.request().limits().deadline()))),
            new Rule("session limit", e -> e.has(LimitExceededException.class),
                    e -> {
                        LimitExceededException x = e.cause(LimitExceededException.class).orElseThrow();
                        return new Outcome.ProtocolViolation(e.stage(), x.getMessage(), null, describe(e, x.limit().diagnosisId(), Long.toString(x.bound())));
                    }),
            new Rule("connect timeout", e -> e.stage() == Stage.CONNECT && e.has(SocketTimeoutException.class),
                    e -> network(e, NetworkKind.TIMEOUT, "network.connect-timeout", e.request().address(),
                            seconds(e.request().limits().connectTimeout()))),
            new Rule("reply timeout", e -> e.has(SocketTimeoutException.class) && !e.has(SSLException.class),
                    e -> network(e, NetworkKind.TIMEOUT, "network.reply-timeout", e.stage().label(),
                            seconds(e.request().limits().replyTimeout()))),
            new Rule("connection refused", e -> e.has(ConnectException.class),
                    e -> network(e, NetworkKind.REFUSED, "network.refused", e.request().address())),
            new Rule("unreachable", e -> e.has(NoRouteToHostException.class) || e.has(PortUnreachableException.class),
                    e -> network(e, NetworkKind.UNREACHABLE, "network.unreachable", e.request().host())),
            // Only implicit TLS: plain text after a STARTTLS 220 is a broken handshake, not a plain port.
            new Rule("plain server on a TLS port", e -> e.request().security() == SecurityMode.IMPLICIT_TLS
                            && e.has(SSLException.class) && e.messageContains("Unsupported or unrecognized SSL message"),
                    e -> tls(e, "tls.plain-port")),
            new Rule("certificate expired", e -> e.has(CertificateExpiredException.class),
                    e -> tls(e, "tls.expired", e.detail())),
            new Rule("certificate name mismatch", e -> e.has(SSLException.class)
                            && (e.messageContains("No subject alternative") || e.messageContains("No name matching")
                            || e.messageContains("Hostname doesn't match")),
                    e -> tls(e, "tls.hostname", e.request().host())),
            new Rule("certificate untrusted", e -> e.has(CertPathValidatorException.class)
                            || e.messageContains("unable to find valid certification path"),
                    e -> tls(e, "tls.untrusted", e.detail())),
            new Rule("handshake failed", e -> e.has(SSLException.class),
                    e -> tls(e, "tls.handshake", e.detail())),
            new Rule("HTTP server on the port", e -> e.has(MalformedServerReplyException.class) && e.messageContains("HTTP/"),
                    e -> new Outcome.ProtocolViolation(e.stage(), e.detail(), null, describe(e, "protocol.http"))),
            new Rule("not an SMTP reply", e -> e.has(MalformedServerReplyException.class),
                    e -> new Outcome.ProtocolViolation(e.stage(), e.detail(), null, describe(e, "protocol.malformed", e.detail()))),
            new Rule("closed by the server", e -> e.has(SMTPConnectionClosedException.class) || e.has(EOFException.class),
                    e -> network(e, NetworkKind.CLOSED, "network.closed", e.stage().label())),
            new Rule("anything else on the wire", e -> true,
                    e -> network(e, NetworkKind.RESET, "network.reset")));

    private Classifier() {
    }

    /** The outcome of a reply that did not let the exchange go on. */
    public static Outcome reply(Stage stage, Reply reply, CheckRequest request) {
        return classify(new Event(stage, reply, null, request));
    }

    /** The outcome of an error raised at {@code stage}. */
    public static Outcome failure(Stage stage, Throwable error, CheckRequest request) {
        return classify(new Event(stage, null, error, request));
    }

    public static Outcome passed(Stage stage, Reply lastReply, CheckRequest request) {
        return new Outcome.Passed(stage, lastReply, CATALOG.describe("passed", request.locale(), stage.label()));
    }

    /** TLS was required (or AUTH needs it) but the server does not offer STARTTLS. */
    public static Outcome tlsNotOffered(Reply ehlo, CheckRequest request) {
        return new Outcome.TlsFailure(Stage.TLS, "STARTTLS not offered", ehlo, CATALOG.describe("tls.not-offered", request.locale()));
    }

    /** The request expected something of the listener that it did not show. */
    public static Outcome expectation(Stage stage, String expected, String actual, Reply reply, CheckRequest request,
                                      String diagnosisId, Object... args) {
        return new Outcome.ExpectationFailed(stage, expected, actual, reply, CATALOG.describe(diagnosisId, request.locale(), args));
    }

    private static Outcome classify(Event event) {
        for (Rule rule : RULES) {
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

    private static Outcome network(Event e, NetworkKind kind, String id, Object... args) {
        return new Outcome.NetworkFailure(e.stage(), kind, e.detail(), describe(e, id, args));
    }

    private static Outcome tls(Event e, String id, Object... args) {
        return new Outcome.TlsFailure(e.stage(), e.detail(), null, describe(e, id, args));
    }

    private static Diagnosis describe(Event e, String id, Object... args) {
        return CATALOG.describe(id, e.request().locale(), args);
    }
}
