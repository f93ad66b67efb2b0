package io.github.parallelruns.races.fray;

import io.github.parallelruns.races.Kernel;
import io.github.parallelruns.races.ScenarioThreads;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pastalab.fray.junit.junit5.FrayTestExtension;
import org.pastalab.fray.junit.junit5.annotations.FrayTest;

/**
 * One Fray test per kernel and version, written the way Fray's README says: {@code @FrayTest} in a class
 * extended with {@link FrayTestExtension}. Each body is the benchmark's common one,
 * {@code ScenarioThreads.run(kernel.scenario(fixed), kernel.threads(), 0)}: plain threads, joined without a
 * time limit, so a deadlock is Fray's to find.
 *
 * <p>Every attribute but {@code iterations} is Fray's default: the POS scheduler with fresh, unseeded
 * randomness each iteration, no network or time mocking, {@code Thread.sleep} blocking until no other
 * thread can run ({@code ignoreTimedBlock}, not {@code sleepAsYield}), the class loader reset each
 * iteration, resource-ordering timeline coverage.
 *
 * <p>The class name does not end in {@code Test}: Surefire runs {@link FrayHarnessTest}, which launches
 * each of these methods through Fray 100 times and times the runs ({@link FrayRuns}). They can be run as
 * plain JUnit tests too ({@code mvn test -Dfray.test='FrayKernelTargets#lazyInitBuggy'}), once each; the
 * buggy ones then fail, and both stop-flag tests never end (see README.md).
 */
@ExtendWith(FrayTestExtension.class)
public class FrayKernelTargets {

    /**
     * The exploration budget of one run: 100 iterations, about 0.5 to 1 s of exploration here (Fray's own
     * default, 1000, takes 5 to 10 s a test, too long for 1600 runs in 20 minutes).
     */
    public static final int ITERATIONS = 100;

    static void run(Kernel kernel, boolean fixed) throws Throwable {
        ScenarioThreads.run(kernel.scenario(fixed), kernel.threads(), 0);
    }

    @FrayTest(iterations = ITERATIONS)
    public void lostUpdateBuggy() throws Throwable {
        run(Kernel.LOST_UPDATE, false);
    }

    @FrayTest(iterations = ITERATIONS)
    public void lostUpdateFixed() throws Throwable {
        run(Kernel.LOST_UPDATE, true);
    }

    @FrayTest(iterations = ITERATIONS)
    public void checkThenActBuggy() throws Throwable {
        run(Kernel.CHECK_THEN_ACT, false);
    }

    @FrayTest(iterations = ITERATIONS)
    public void checkThenActFixed() throws Throwable {
        run(Kernel.CHECK_THEN_ACT, true);
    }

    @FrayTest(iterations = ITERATIONS)
    public void lazyInitBuggy() throws Throwable {
        run(Kernel.LAZY_INIT, false);
    }

    @FrayTest(iterations = ITERATIONS)
    public void lazyInitFixed() throws Throwable {
        run(Kernel.LAZY_INIT, true);
    }

    @FrayTest(iterations = ITERATIONS)
    public void dateFormatBuggy() throws Throwable {
        run(Kernel.DATE_FORMAT, false);
    }

    @FrayTest(iterations = ITERATIONS)
    public void dateFormatFixed() throws Throwable {
        run(Kernel.DATE_FORMAT, true);
    }

    @FrayTest(iterations = ITERATIONS)
    public void arrayListBuggy() throws Throwable {
        run(Kernel.ARRAY_LIST, false);
    }

    @FrayTest(iterations = ITERATIONS)
    public void arrayListFixed() throws Throwable {
        run(Kernel.ARRAY_LIST, true);
    }

    @FrayTest(iterations = ITERATIONS)
    public void stopFlagBuggy() throws Throwable {
        run(Kernel.STOP_FLAG, false);
    }

    @FrayTest(iterations = ITERATIONS)
    public void stopFlagFixed() throws Throwable {
        run(Kernel.STOP_FLAG, true);
    }

    @FrayTest(iterations = ITERATIONS)
    public void getThenPutBuggy() throws Throwable {
        run(Kernel.GET_THEN_PUT, false);
    }

    @FrayTest(iterations = ITERATIONS)
    public void getThenPutFixed() throws Throwable {
        run(Kernel.GET_THEN_PUT, true);
    }

    @FrayTest(iterations = ITERATIONS)
    public void deadlockBuggy() throws Throwable {
        run(Kernel.DEADLOCK, false);
    }

    @FrayTest(iterations = ITERATIONS)
    public void deadlockFixed() throws Throwable {
        run(Kernel.DEADLOCK, true);
    }
}
