package io.smtpcheck.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The floor under a fleet check: {@link RawProbe}'s bare-socket exchange with every listener, no library, transcript
 * or report, as many at once as smtp-check would run in this JVM ({@code io.smtpcheck.run.FanOut.auto}), on platform
 * threads or one virtual thread a probe. What smtp-check costs over a fleet is its wall minus this one's in the same
 * JVM settings.
 *
 * <p>{@code FleetFloor @TARGETS_FILE platform|virtual MAIL_FROM RCPT}; prints {@code failed=N}.
 */
public final class FleetFloor {

    private FleetFloor() {
    }

    public static void main(String[] args) throws IOException, InterruptedException, ExecutionException, ReflectiveOperationException {
        List<String> targets = Files.readAllLines(Path.of(args[0].substring(1)));
        boolean virtual = args[1].equals("virtual");
        int atOnce = io.smtpcheck.run.FanOut.auto(targets.size()).maxSessions();
        // On virtual threads too: 10,000 connections at once would take the fleet's descriptors as well as their own.
        Semaphore open = new Semaphore(atOnce);
        ExecutorService pool = virtual
                // Reflection, since the bench is compiled for Java 17, which has no virtual threads.
                ? (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null)
                : Executors.newFixedThreadPool(atOnce, r -> {
                    Thread t = new Thread(r);
                    t.setDaemon(true);
                    return t;
                });
        List<Future<Boolean>> probes = new ArrayList<>();
        for (String target : targets) {
            int colon = target.lastIndexOf(':');
            RawProbe probe = new RawProbe(new InetSocketAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1))),
                    args[2], args[3]);
            probes.add(pool.submit(() -> {
                open.acquire();
                try {
                    probe.probe(new long[RawProbe.STEPS.length]);
                    return true;
                } catch (IOException e) {
                    return false;
                } finally {
                    open.release();
                }
            }));
        }
        int failed = 0;
        for (Future<Boolean> probe : probes) {
            failed += probe.get() ? 0 : 1;
        }
        pool.shutdown();
        System.out.println("failed=" + failed);
    }
}
