package io.smtpcheck.session;

import io.smtpcheck.request.Stage;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Which stage the check is at, and how long each finished stage took. */
final class StageClock {

    private final Map<Stage, Long> millis = new EnumMap<>(Stage.class);
    private Stage current = Stage.CONNECT;
    private long startNanos = System.nanoTime();

    /** The stage a failure now would be blamed on. */
    Stage current() {
        return current;
    }

    void begin(Stage next) {
        current = next;
        startNanos = System.nanoTime();
    }

    /** Records {@code done}'s time; the next stage's time starts now. */
    void completed(Stage done) {
        millis.put(done, sinceStart());
        startNanos = System.nanoTime();
    }

    /** Moves on without restarting the time: the next stage started when the last one completed. */
    void moveTo(Stage next) {
        current = next;
    }

    /** The stage that ended the check gets its time too: how long a refused connect or a silent banner took. */
    void ended(Stage at) {
        millis.putIfAbsent(at, sinceStart());
    }

    /** The last stage the check completed, up to {@code stopAfter}: TLS counts only when a handshake was made. */
    Stage lastCompleted(Stage stopAfter) {
        Stage last = Stage.CONNECT;
        for (Stage done : millis.keySet()) {
            if (!done.isAfter(stopAfter)) {
                last = done;
            }
        }
        return last;
    }

    List<StageTiming> timings() {
        return millis.entrySet().stream().map(e -> new StageTiming(e.getKey(), e.getValue())).toList();
    }

    private long sinceStart() {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }
}
