package io.smtpcheck.run;

import io.smtpcheck.request.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What bounds the sessions of a run: descriptors, heap, cores, and the user's upper bound. */
class FanOutTest {

    private static final long PLENTY_OF_HEAP = 1L << 40;

    @Test
    void theCoresBoundARunWhenNothingElseDoes() {
        assertThat(FanOut.limit(new long[] {1_000_000, 30}, PLENTY_OF_HEAP, 2, 256)).isEqualTo(512);
        assertThat(FanOut.limit(null, PLENTY_OF_HEAP, 4, 1024)).isEqualTo(4096);
    }

    @Test
    void fileDescriptorsKeepAReserveAndATenthOfTheLimitFree() {
        // 1,024 is the usual soft limit where nothing raises it: 1024 - 24 open - 64 reserve - 102 (a tenth).
        assertThat(FanOut.limit(new long[] {1024, 24}, PLENTY_OF_HEAP, 8, 1024)).isEqualTo(834);
        assertThat(FanOut.limit(new long[] {128, 100}, PLENTY_OF_HEAP, 8, 1024)).as("nothing left, still one").isEqualTo(1);
    }

    @Test
    void halfTheFreeHeapBoundsTheSessionsInFlight() {
        long freeHeap = 48L << 20;
        assertThat(FanOut.limit(null, freeHeap, 64, 1024)).isEqualTo((int) (freeHeap / 2 / FanOut.HEAP_PER_SESSION)).isEqualTo(256);
    }

    @Test
    void autoNeverExceedsTheUpperBoundAndUsesTheDefaultPerHostCap() {
        FanOut four = FanOut.auto(4);
        assertThat(four.maxSessions()).isBetween(1, 4);
        assertThat(four.perDestination()).isEqualTo(FanOut.DEFAULT_PER_DESTINATION);
        assertThat(four.runDeadline()).isNull();
        assertThat(FanOut.auto(Integer.MAX_VALUE).maxSessions())
                .isBetween(1, FanOut.VIRTUAL_SESSIONS_PER_CORE * Runtime.getRuntime().availableProcessors());
    }

    @Test
    void theDescriptorsReadFromProcAreTheOnesTheManagementBeanGives() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux only: elsewhere the management bean is read");
        var unix = (com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        long[] descriptors = FanOut.fileDescriptors();

        assertThat(descriptors[0]).isEqualTo(unix.getMaxFileDescriptorCount());
        // The directory listing holds a descriptor of its own, and other test threads may open a few.
        assertThat(descriptors[1]).isBetween(unix.getOpenFileDescriptorCount() - 8, unix.getOpenFileDescriptorCount() + 8);
    }

    @Test
    void theSoftLimitIsTheFirstValueOfTheOpenFilesLine() {
        assertThat(FanOut.softOpenFilesLimit(List.of("Limit                     Soft Limit           Hard Limit           Units",
                "Max processes             95473                95473                processes",
                "Max open files            1024                 524288               files"))).isEqualTo(1024);
        assertThat(FanOut.softOpenFilesLimit(List.of("Max open files            unlimited            unlimited            files")))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(FanOut.softOpenFilesLimit(List.of("Max processes             95473                95473                processes"))).isEqualTo(-1);
    }

    @Test
    void boundsBelowOneAndANonPositiveRunDeadlineAreRefused() {
        assertThatThrownBy(() -> FanOut.auto(0)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("parallel");
        assertThatThrownBy(() -> new FanOut(4, 0, null)).hasMessage("perDestination must be at least 1, was 0");
        assertThatThrownBy(() -> new FanOut(4, 2, Duration.ZERO)).hasMessage("runDeadline must be positive, was PT0S");
    }
}
