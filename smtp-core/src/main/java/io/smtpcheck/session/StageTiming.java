package io.smtpcheck.session;

import io.smtpcheck.request.Stage;

import java.io.Serializable;

/** How long one stage took, from the first byte sent (or the connect) to the last reply line. */
public record StageTiming(Stage stage, long millis) implements Serializable {
}
