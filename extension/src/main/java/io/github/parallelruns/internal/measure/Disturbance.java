package io.github.parallelruns.internal.measure;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What the machine did to one pair besides running it: time runnable threads waited for a CPU,
 * time the hypervisor gave the CPUs to someone else, and time the cgroup quota held the threads
 * back. A disturbed pair still counts towards a PASS, but a FAIL must hold without it.
 *
 * @param runQueueWaitNanos time threads on this machine waited to run, over the pair, {@code >= 0}
 * @param stealNanos CPU time stolen by the hypervisor over the pair, {@code >= 0}
 * @param throttledNanos time this process's cgroup and its ancestors were throttled over the pair, {@code >= 0}
 * @param disturbed whether the amounts exceed what {@link MachineCounters} tolerates
 * @param reason why the pair counts as disturbed, naming counters and amounts; empty exactly when not
 */
@API(status = INTERNAL, since = "0.1")
public record Disturbance(
        long runQueueWaitNanos, long stealNanos, long throttledNanos, boolean disturbed, String reason) {

    /** No counter moved, or none could be read. */
    public static final Disturbance NONE = new Disturbance(0, 0, 0, false, "");

    public Disturbance {
        Objects.requireNonNull(reason, "reason");
        if (runQueueWaitNanos < 0) {
            throw new IllegalArgumentException("runQueueWaitNanos must be >= 0, but was " + runQueueWaitNanos);
        }
        if (stealNanos < 0) {
            throw new IllegalArgumentException("stealNanos must be >= 0, but was " + stealNanos);
        }
        if (throttledNanos < 0) {
            throw new IllegalArgumentException("throttledNanos must be >= 0, but was " + throttledNanos);
        }
        if (disturbed == reason.isBlank()) {
            throw new IllegalArgumentException(
                    "reason must be given exactly when disturbed (" + disturbed + "), but was '" + reason + "'");
        }
    }
}
