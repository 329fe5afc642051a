package io.smtpcheck.session;

import io.smtpcheck.classify.Outcome;
import io.smtpcheck.request.Stage;

import java.io.IOException;

/** QUIT when the session is still in a state to take it, then the connection closes, whatever the outcome. */
final class Quit {

    private Quit() {
    }

    /** @param conversational false after an I/O error: the stream is in an unknown state, so no QUIT */
    static void close(Exchange x, Outcome outcome, boolean conversational) {
        ProbeClient client = x.client();
        if (client == null || !client.isConnected()) {
            return;
        }
        boolean closedByServer = outcome.reply() != null && outcome.reply().code() == 421;
        try {
            if (conversational && !closedByServer) {
                x.clock().begin(Stage.QUIT);
                client.quit();
                x.clock().completed(Stage.QUIT);
            }
        } catch (IOException e) {
            x.transcript().note(x.texts().get("note.quit-unanswered", e.getMessage()));
        } finally {
            disconnect(x);
        }
    }

    /** Closes the connection without a word, as after a fault of smtp-check itself. */
    static void disconnect(Exchange x) {
        ProbeClient client = x.client();
        if (client == null || !client.isConnected()) {
            return;
        }
        try {
            client.disconnect();
        } catch (IOException e) {
            // Closing a socket the server already dropped: nothing to report.
        }
        x.transcript().note(x.texts().get("note.closed"));
    }
}
