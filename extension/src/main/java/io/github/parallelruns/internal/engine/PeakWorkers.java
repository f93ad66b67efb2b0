package io.github.parallelruns.internal.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apiguardian.api.API;

/**
 * The deterministic companion of a speedup verdict: the largest number of workers that were running
 * the body at the same moment in any parallel side, from each worker's span (start of its first
 * task to end of its last).
 */
@API(status = INTERNAL, since = "0.1")
public interface PeakWorkers {

    int peakWorkers();

    /**
     * The most spans that overlap; {@code spans} holds, per worker {@code w}, the start at
     * {@code (w + 1) * stride} and the end right after it, {@code 0} for a worker without tasks.
     */
    static int peak(AtomicLongArray spans, int workers, int stride) {
        List<long[]> events = new ArrayList<>();
        for (int worker = 0; worker < workers; worker++) {
            long start = spans.get((worker + 1) * stride);
            long end = spans.get((worker + 1) * stride + 1);
            if (start != 0 && end >= start) {
                events.add(new long[] {start, 1});
                events.add(new long[] {end, -1});
            }
        }
        // At the same instant an end counts before a start: touching spans do not overlap.
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int running = 0;
        int peak = 0;
        for (long[] event : events) {
            running += (int) event[1];
            peak = Math.max(peak, running);
        }
        return peak;
    }
}
