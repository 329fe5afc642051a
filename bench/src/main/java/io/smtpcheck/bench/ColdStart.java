package io.smtpcheck.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole-process wall time of one probe, each tool started afresh. The tools take turns round by round, so a
 * slow spell of the machine falls on all of them alike; the first rounds are not counted (page cache, Postfix's
 * idle smtpd processes).
 */
final class ColdStart {

    private static final Duration PER_RUN = Duration.ofSeconds(30);

    private ColdStart() {
    }

    /** Median and spread per tool, in the order given; a tool whose run fails or times out ends the measurement. */
    static Map<String, Stats> measure(Map<String, List<String>> commands, int warmupRounds, int rounds) {
        Map<String, long[]> samples = new LinkedHashMap<>();
        commands.keySet().forEach(name -> samples.put(name, new long[rounds]));
        for (int round = -warmupRounds; round < rounds; round++) {
            for (Map.Entry<String, List<String>> tool : commands.entrySet()) {
                Processes.Ran ran = Processes.run(tool.getValue(), PER_RUN);
                if (!ran.ok()) {
                    throw new IllegalStateException(tool.getKey() + " exited " + ran.exit() + ": " + ran.output().strip());
                }
                if (round >= 0) {
                    samples.get(tool.getKey())[round] = ran.nanos();
                }
            }
        }
        Map<String, Stats> stats = new LinkedHashMap<>();
        samples.forEach((name, nanos) -> stats.put(name, Stats.of(nanos)));
        return stats;
    }
}
