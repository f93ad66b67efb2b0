package io.github.parallelruns.races;

import java.util.List;
import java.util.Locale;

/**
 * A classic concurrency bug, small, in a buggy and a fixed version.
 *
 * <p>The kernels are the list: a lost update on a plain counter, check-then-act on a
 * {@code HashMap}, lazy initialisation without synchronisation, a shared {@code SimpleDateFormat},
 * {@code ArrayList.add} from several threads, a stop flag without {@code volatile}, get-then-put on a
 * {@code ConcurrentHashMap}, and lock-order inversion. Each thread does what one test method
 * would do once: a handful of operations, not a stress loop, so that what finds the bug is the tool,
 * not the size of the workload.
 */
public enum Kernel {

    LOST_UPDATE("lost update on a plain counter", Kernels.LostUpdate::new),
    CHECK_THEN_ACT("check-then-act on a HashMap", Kernels.CheckThenAct::new),
    LAZY_INIT("lazy initialisation without synchronisation", Kernels.LazyInit::new),
    DATE_FORMAT("shared SimpleDateFormat", Kernels.SharedDateFormat::new),
    ARRAY_LIST("ArrayList.add from several threads", Kernels.ListAdd::new),
    STOP_FLAG("stop flag without volatile", Kernels.StopFlag::new),
    GET_THEN_PUT("get-then-put on a ConcurrentHashMap", Kernels.GetThenPut::new),
    DEADLOCK("lock-order inversion", Kernels.LockOrder::new);

    /** Threads in every scenario. */
    public static final int THREADS = 2;

    private final String description;
    private final java.util.function.Function<Boolean, Scenario> factory;

    Kernel(String description, java.util.function.Function<Boolean, Scenario> factory) {
        this.description = description;
        this.factory = factory;
    }

    public String description() {
        return description;
    }

    /** Whether a run that does not end counts as finding the bug (the deadlock, the stop flag). */
    public boolean hangs() {
        return this == DEADLOCK || this == STOP_FLAG;
    }

    /** A fresh scenario of the buggy ({@code fixed} false) or the fixed version. */
    public Scenario scenario(boolean fixed) {
        return factory.apply(fixed);
    }

    public int threads() {
        return THREADS;
    }

    /** {@code lost-update}, for file names and command lines. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Kernel byId(String id) {
        for (Kernel kernel : values()) {
            if (kernel.id().equals(id) || kernel.name().equals(id)) {
                return kernel;
            }
        }
        throw new IllegalArgumentException("unknown kernel '" + id + "'; known: " + List.of(values()));
    }
}
