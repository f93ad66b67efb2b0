package io.github.parallelruns.races;

/** Probe access to the package-private kernels (for io.github.parallelruns.races.lincheck.probe). */
public final class LincheckProbeAccess {
    private LincheckProbeAccess() {
    }

    public static Scenario direct() {
        return new Kernels.LostUpdate(false);
    }

    public static Scenario viaMethodRef() {
        java.util.function.Function<Boolean, Scenario> f = Kernels.LostUpdate::new;
        return f.apply(false);
    }

    public static Object sink;

    public static Scenario viaMethodRefPublished() {
        java.util.function.Function<Boolean, Scenario> f = Kernels.LostUpdate::new;
        Scenario s = f.apply(false);
        sink = s;
        return s;
    }

    public static Scenario viaLambda() {
        java.util.function.Function<Boolean, Scenario> f = b -> new Kernels.LostUpdate(b);
        return f.apply(false);
    }
}
