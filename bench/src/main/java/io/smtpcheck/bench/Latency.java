package io.smtpcheck.bench;

import io.smtpcheck.classify.Verdict;
import io.smtpcheck.request.CheckRequest;
import io.smtpcheck.session.CheckResult;
import io.smtpcheck.session.SmtpSession;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * Warm in-process probe latency: {@link SmtpSession#check} and the bare-socket floor, alternated probe by probe so
 * that both see the same server state. Warm-up first (the JIT compiles the session's path), then the measured probes.
 */
final class Latency {

    /**
     * @param core       the core's probes
     * @param floor      the bare-socket probes
     * @param floorSteps mean nanoseconds of each {@link RawProbe#STEPS} step of the floor
     * @param allocatedPerProbe bytes the probing thread allocated per core probe (-1 when the JVM cannot tell)
     * @param coreCpu    CPU nanoseconds of the probing thread per core probe, user and system
     * @param floorCpu   the same per bare-socket probe
     * @param failures   core probes that did not pass
     */
    record Result(Stats core, Stats floor, double[] floorSteps, long allocatedPerProbe, long coreCpu, long floorCpu, int failures) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Latency() {
    }

    static Result measure(CheckRequest request, RawProbe raw, int warmup, int probes, Duration limit) throws IOException {
        long end = System.nanoTime() + limit.toNanos();
        long[] steps = new long[RawProbe.STEPS.length];
        for (int i = 0; i < warmup && System.nanoTime() < end; i++) {
            SmtpSession.check(request);
            raw.probe(steps);
        }
        long[] core = new long[probes];
        long[] floor = new long[probes];
        double[] stepSums = new double[RawProbe.STEPS.length];
        long allocatedBefore = allocatedBytes();
        long coreAllocated = 0;
        long coreCpu = 0;
        long floorCpu = 0;
        int failures = 0;
        int done = 0;
        for (; done < probes && System.nanoTime() < end; done++) {
            long before = allocatedBytes();
            long cpu = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            CheckResult result = SmtpSession.check(request);
            core[done] = System.nanoTime() - start;
            coreCpu += THREADS.getCurrentThreadCpuTime() - cpu;
            coreAllocated += allocatedBytes() - before;
            if (result.verdict() != Verdict.PASS) {
                failures++;
            }
            cpu = THREADS.getCurrentThreadCpuTime();
            floor[done] = raw.probe(steps);
            floorCpu += THREADS.getCurrentThreadCpuTime() - cpu;
            for (int s = 0; s < steps.length; s++) {
                stepSums[s] += steps[s];
            }
        }
        if (done < probes) {
            throw new IllegalStateException("only " + done + " of " + probes + " probes within " + limit);
        }
        double[] meanSteps = new double[steps.length];
        for (int s = 0; s < steps.length; s++) {
            meanSteps[s] = stepSums[s] / done;
        }
        long allocated = allocatedBefore < 0 ? -1 : coreAllocated / done;
        return new Result(Stats.of(core), Stats.of(floor), meanSteps, allocated, coreCpu / done, floorCpu / done, failures);
    }

    /** Bytes allocated so far by this thread, by HotSpot's count; -1 where the JVM does not keep it. */
    private static long allocatedBytes() {
        if (THREADS instanceof com.sun.management.ThreadMXBean hotspot
                && hotspot.isThreadAllocatedMemoryEnabled()) {
            return hotspot.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }
}
