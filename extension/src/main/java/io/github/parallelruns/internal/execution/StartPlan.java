package io.github.parallelruns.internal.execution;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * How the workers of a {@link ThreadedRun} begin once the start barrier opens.
 *
 * <p>A latch wakes parked threads one after the other, tens to hundreds of microseconds apart
 * (measured here: 0.2 to 800 µs between 2 workers, typically 20 to 120 µs): bodies shorter than that
 * hardly overlap. In an <em>aligned</em> start the release names a common instant
 * {@link #MARGIN_NANOS} after it, and each woken worker spins until that instant, so that they enter
 * the body within about a microsecond of each other when each has a core. With a seed, each worker waits a further
 * offset drawn from it (most of them below a microsecond, up to {@link #MAX_JITTER_NANOS}), so that
 * repeated runs meet the bodies' critical sections at different relative phases.
 *
 * <p>Alignment needs a core per worker: with more workers than available processors, or on virtual
 * threads, the workers start as the latch wakes them, and no offset is applied.
 *
 * @param aligned whether the workers spin until a common instant
 * @param seed the seed of the offsets; only with {@code jittered}
 * @param jittered whether each worker adds an offset drawn from {@code seed}
 */
@API(status = INTERNAL, since = "0.1")
public record StartPlan(boolean aligned, long seed, boolean jittered) {

    /** As the latch wakes the workers: for measured runs, whose timed window must not hold a spin. */
    public static final StartPlan RELEASED = new StartPlan(false, 0, false);

    /** A common instant for all workers, no offsets: the default of a test run. */
    public static final StartPlan ALIGNED = new StartPlan(true, 0, false);

    /** How long after the release the common instant is: longer than the latch takes to wake the workers. */
    public static final long MARGIN_NANOS = 1_000_000L;

    /** The largest offset a seeded start gives a worker. */
    public static final long MAX_JITTER_NANOS = 50_000L;

    /** An aligned start with offsets drawn from {@code seed}. */
    public static StartPlan jittered(long seed) {
        return new StartPlan(true, seed, true);
    }

    /**
     * The offset of worker {@code worker}: 0 for a quarter of the workers, else {@code MAX_JITTER_NANOS
     * × u³} for {@code u} uniform in [0, 1), so that most offsets are below a microsecond, where short
     * critical sections meet, and a few reach tens of microseconds.
     */
    public long offsetNanos(int worker) {
        if (!jittered) {
            return 0;
        }
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (worker + 1)));
        if (random.nextInt(4) == 0) {
            return 0;
        }
        double u = random.nextDouble();
        return (long) (MAX_JITTER_NANOS * u * u * u);
    }
}
