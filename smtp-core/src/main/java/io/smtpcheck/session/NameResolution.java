package io.smtpcheck.session;

import io.smtpcheck.classify.DeadlineExceededException;
import io.smtpcheck.text.Texts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/** The addresses of the host to connect to, within the check's deadline. */
final class NameResolution {

    /** DNS look-ups cannot be interrupted; they run here so the deadline can abandon them. */
    private static final ExecutorService RESOLVER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smtp-check-dns");
        t.setDaemon(true);
        return t;
    });

    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private NameResolution() {
    }

    static InetAddress[] resolve(String host, Deadline deadline, TranscriptRecorder transcript, Texts texts) throws IOException {
        if (isIpLiteral(host)) {
            // Parsed, not looked up: nothing to abandon, so no hand-off to the resolver thread (tens of µs a probe).
            return InetAddress.getAllByName(host);
        }
        CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }, RESOLVER);
        try {
            InetAddress[] found = lookup.get(deadline.remainingMillisOrThrow(), TimeUnit.MILLISECONDS);
            if (found.length > 1) {
                transcript.note(texts.get("note.addresses", host, Arrays.stream(found).map(InetAddress::getHostAddress).toList().toString()));
            }
            return found;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            // Not the network's doing (the JDK's resolver throws only UnknownHostException): a fault to report as such.
            throw new IllegalStateException("resolving " + host + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new DeadlineExceededException(deadline.total());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadlineExceededException(deadline.total());
        }
    }

    /**
     * True for the IP literals that {@link InetAddress#getAllByName} parses without asking DNS: IPv4 in plain dotted
     * decimal, and anything with a colon (the JDK parses that as IPv6 and refuses it when it is not). Other forms,
     * such as {@code 010.1.1.1} or {@code 1.2.3.999}, may reach DNS and so go through the resolver thread.
     */
    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 ? Character.digit(host.charAt(0), 16) != -1 || host.charAt(0) == ':' : IPV4.matcher(host).matches();
    }
}
