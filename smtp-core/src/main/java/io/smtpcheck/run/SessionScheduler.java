package io.smtpcheck.run;

import io.smtpcheck.classify.DeadlineExceededException;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.request.Stage;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.InternalCheckError;
import io.smtpcheck.session.SmtpSession;
import io.smtpcheck.session.Transcript;
import io.smtpcheck.text.Texts;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a run's checks within a {@link FanOut}: at most {@code maxSessions} at once, at most {@code perDestination}
 * to one host, hosts taking turns, and each result handed on as soon as its check ends. All scheduling state lives
 * on the calling thread; the session threads only run checks and post what they found.
 *
 * <p>Session threads block in socket reads nearly all their life. On JDK 24 and later, for runs that platform threads
 * could not hold ({@link #virtualThreadsFor}), they are virtual threads, whose stacks live on the heap and take only
 * the frames in use. Before 24 a blocking read inside {@code synchronized}, as
 * Commons Net's line reader does, would pin its carrier (JEP 491), so there they are platform threads, one a session:
 * each costs the stack pages the JVM touches (about 110 KiB measured), not the stack it reserves, so a smaller stack
 * size did not lower the peak resident set (docs/performance.md); {@link FanOut} bounds how many there are.
 */
final class SessionScheduler {

    /**
     * How long after the run's deadline a check still running is waited for. Each check started has at most the
     * run's remaining time as its own deadline and ends by then; this only covers a check that misses its own.
     */
    private static final Duration GRACE = Duration.ofSeconds(2);

    /** One check of the run: a session to run, or a result known before any session (a failed MX look-up). */
    record Check(CheckRequest request, CheckResult known) {
    }

    /** Where a session thread leaves its result, or what escaped the session (a bug: passed on to the caller). */
    private record Done(int index, CheckResult result, Throwable error) {
    }

    /** The checks waiting for one host, and how many of its sessions are open. */
    private static final class Destination {
        final ArrayDeque<Integer> waiting = new ArrayDeque<>();
        int open;
        boolean ready;
    }

    private final FanOut fanOut;

    SessionScheduler(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    /** Runs every check; {@code each} gets each result on the calling thread, in the order the checks end. */
    void run(List<Check> checks, Consumer<Completed> each) {
        int total = checks.size();
        long start = System.nanoTime();
        long end = fanOut.runDeadline() == null ? Long.MAX_VALUE : start + fanOut.runDeadline().toNanos();
        Destination[] destinationOf = new Destination[total];
        Map<String, Destination> destinations = new HashMap<>();
        ArrayDeque<Destination> ready = new ArrayDeque<>();
        int sessions = 0;
        for (int i = 0; i < total; i++) {
            Check check = checks.get(i);
            if (check.known() != null) {
                each.accept(new Completed(i, total, check.known()));
                continue;
            }
            Destination d = destinations.computeIfAbsent(check.request().host().toLowerCase(Locale.ROOT), h -> new Destination());
            d.waiting.add(i);
            destinationOf[i] = d;
            sessions++;
            if (!d.ready) {
                d.ready = true;
                ready.add(d);
            }
        }
        if (sessions == 0) {
            return;
        }
        // Each language's texts loaded here, once: else the first session loads them while the others (up to a
        // thousand at once) wait on the cache's lock, which showed in a fleet's profile.
        checks.stream().filter(c -> c.known() == null).map(c -> c.request().locale()).distinct().forEach(Texts::of);
        BlockingQueue<Done> done = new LinkedBlockingQueue<>();
        Set<Integer> running = new HashSet<>();
        ExecutorService pool = executor(Math.min(fanOut.maxSessions(), sessions));
        try {
            int left = sessions;
            boolean expired = false;
            while (left > 0) {
                long now = System.nanoTime();
                while (running.size() < fanOut.maxSessions() && !ready.isEmpty() && now < end) {
                    Destination d = ready.poll();
                    int index = d.waiting.poll();
                    d.open++;
                    d.ready = !d.waiting.isEmpty() && d.open < fanOut.perDestination();
                    if (d.ready) {
                        ready.add(d);
                    }
                    running.add(index);
                    CheckRequest request = end == Long.MAX_VALUE ? checks.get(index).request()
                            : withinRun(checks.get(index).request(), end - now);
                    pool.execute(() -> {
                        try {
                            done.add(new Done(index, SmtpSession.check(request), null));
                        } catch (RuntimeException | Error e) {
                            done.add(new Done(index, null, e));
                        }
                    });
                }
                if (now >= end && !expired) {
                    // Every host's waiting checks, also those of a host at its cap, which is not among the ready.
                    expired = true;
                    for (Destination d : destinations.values()) {
                        for (int index : d.waiting) {
                            each.accept(timedOut(index, total, checks.get(index).request(), "note.not-started"));
                            left--;
                        }
                        d.waiting.clear();
                        d.ready = false;
                    }
                    ready.clear();
                }
                if (left == 0) {
                    break;
                }
                Done finished = next(done, end);
                if (finished == null) {
                    // Past the deadline and its grace: what is still running is reported, and its threads abandoned.
                    for (int index : running) {
                        each.accept(timedOut(index, total, checks.get(index).request(), "note.abandoned"));
                    }
                    return;
                }
                if (finished.error() instanceof InternalCheckError internal) {
                    throw internal;
                }
                if (finished.error() != null) {
                    throw new IllegalStateException("a check failed unexpectedly: " + finished.error(), finished.error());
                }
                running.remove(finished.index());
                left--;
                Destination d = destinationOf[finished.index()];
                d.open--;
                if (!d.ready && !d.waiting.isEmpty()) {
                    d.ready = true;
                    ready.add(d);
                }
                each.accept(new Completed(finished.index(), total, finished.result()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checks were running", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The next check to end; without a run deadline, whenever it ends; with one, null once it and the grace are over. */
    private static Done next(BlockingQueue<Done> done, long end) throws InterruptedException {
        if (end == Long.MAX_VALUE) {
            return done.take();
        }
        long wait = end + GRACE.toNanos() - System.nanoTime();
        return wait <= 0 ? done.poll() : done.poll(wait, TimeUnit.NANOSECONDS);
    }

    /** The request with the run's remaining time as its deadline when that is shorter than its own. */
    private static CheckRequest withinRun(CheckRequest request, long leftNanos) {
        if (request.limits().deadline().toNanos() <= leftNanos) {
            return request;
        }
        Duration left = Duration.ofNanos(Math.max(leftNanos, 1_000_000L));
        return request.toBuilder().limits(request.limits().withTimeouts(request.limits().connectTimeout(),
                request.limits().replyTimeout(), left)).build();
    }

    /** @param note the key of the transcript note that says why: not started, or abandoned */
    private Completed timedOut(int index, int total, CheckRequest request, String note) {
        Duration deadline = fanOut.runDeadline();
        Transcript transcript = new Transcript(List.of(new Transcript.Line(0, Transcript.Direction.NOTE,
                Texts.of(request.locale()).get(note, BigDecimal.valueOf(deadline.toMillis(), 3).stripTrailingZeros().toPlainString()))));
        return new Completed(index, total, CheckResult.withoutSession(request.address(), request.plannedStages(),
                SmtpSession.standard().classifier().failure(Stage.CONNECT, new DeadlineExceededException(deadline), request), transcript,
                request.locale()));
    }

    /** Whether session threads may be virtual: where blocking under a monitor no longer pins the carrier (JDK 24+). */
    static boolean virtualThreads() {
        return Runtime.version().feature() >= 24;
    }

    /**
     * Whether a run of {@code threads} sessions at once takes virtual threads: on JDK 24+, and only when platform threads
     * could not hold that many ({@link FanOut#PLATFORM_SESSIONS_PER_CORE} a core). A socket read that parked a virtual
     * thread leaves the JDK's poller thread waiting in epoll, in native code, and HotSpot's exit waits 300 ms for
     * threads in native to stop (VM_Exit::wait_for_threads_in_native_to_block): a one-probe command took 0.6 s on
     * JDK 25 with virtual threads, 0.3 s with a platform thread. A fleet that needs the virtual threads pays it once.
     */
    static boolean virtualThreadsFor(int threads, int jdkFeature, int cores) {
        return jdkFeature >= 24 && threads > FanOut.PLATFORM_SESSIONS_PER_CORE * Math.max(1, cores);
    }

    private static ExecutorService executor(int threads) {
        if (virtualThreadsFor(threads, Runtime.version().feature(), Runtime.getRuntime().availableProcessors())) {
            try {
                // Reflection, since this is compiled for Java 17, which has no virtual threads.
                return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("JDK " + Runtime.version() + " has no virtual-thread executor", e);
            }
        }
        AtomicInteger number = new AtomicInteger();
        // As many threads as checks may run at once: the scheduler never hands out more, so none waits in the queue.
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "smtp-check-session-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
