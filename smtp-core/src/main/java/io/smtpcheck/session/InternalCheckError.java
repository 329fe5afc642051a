package io.smtpcheck.session;

import io.smtpcheck.request.Stage;
import io.smtpcheck.text.Printable;

import java.util.function.UnaryOperator;

/**
 * A check ended by a fault of smtp-check itself (a bug, a broken JVM), not by the server or the network: no verdict
 * was reached, so none is reported. Front ends end the run as an error (the CLI exits 3); the cause has the trace.
 */
public final class InternalCheckError extends RuntimeException {

    private final String target;
    private final Stage stage;

    /** @param mask scrubs the secrets of the check from the cause's text, which may quote what the server sent */
    InternalCheckError(String target, Stage stage, Throwable cause, UnaryOperator<String> mask) {
        super("checking " + target + " at " + stage.label() + ": " + Printable.escape(mask.apply(oneLine(cause))), cause);
        this.target = target;
        this.stage = stage;
    }

    /** The target as the user named it ({@code host:port}). */
    public String target() {
        return target;
    }

    /** The stage that was under way. */
    public Stage stage() {
        return stage;
    }

    private static String oneLine(Throwable cause) {
        return cause.toString().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
