package io.github.parallelruns.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each worker's own task first, then shrinking ranges from one counter, every task handed out once. */
class TaskRangesTests {

    @Test
    void eachWorkerFirstGetsItsOwnTask() {
        TaskRanges ranges = new TaskRanges(4, 4);

        assertThat(ranges.next(2, false)).isEqualTo(new TaskRanges.Range(2, 3));
        assertThat(ranges.next(0, false)).isEqualTo(new TaskRanges.Range(0, 1));
        assertThat(ranges.next(2, false).size())
                .as("one task per worker: nothing left")
                .isZero();
    }

    @Test
    void theOtherTasksComeInRangesThatShrinkToOneTask() {
        TaskRanges ranges = new TaskRanges(2, 100);
        ranges.next(0, false);
        ranges.next(1, false);

        List<Integer> sizes = new ArrayList<>();
        int handedOut = 2;
        for (TaskRanges.Range range = ranges.next(0, false); range.size() > 0; range = ranges.next(0, false)) {
            assertThat(range.from()).isEqualTo(handedOut);
            handedOut = range.to();
            sizes.add(range.size());
        }

        assertThat(handedOut).isEqualTo(100);
        // max(1, remaining / (4 * workers)): 98 / 8, then 86 / 8, ...
        assertThat(sizes).startsWith(12, 10, 9, 8, 7).endsWith(1, 1, 1);
        assertThat(sizes).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    }

    @Test
    void nothingIsHandedOutOnceStoppedNotEvenAWorkersOwnTask() {
        TaskRanges ranges = new TaskRanges(2, 10);
        ranges.next(0, false);

        assertThat(ranges.next(1, true).size()).isZero();
        assertThat(ranges.next(0, true).size()).isZero();
    }

    @Test
    void aWorkerBeyondTheSidesWorkersHasNoOwnTask() {
        TaskRanges baseline = new TaskRanges(1, 3);

        assertThat(baseline.next(1, false)).isEqualTo(new TaskRanges.Range(1, 2));
        assertThat(baseline.next(0, false)).isEqualTo(new TaskRanges.Range(0, 1));
    }
}
