package io.github.parallelruns.races.lincheck.probe;

import io.github.parallelruns.races.Kernel;
import io.github.parallelruns.races.lincheck.LincheckRaces;

/**
 * Lincheck's model checker is deterministic (fixed seeds), so a run with budget N detects the bug iff N is at
 * least the index of the first failing interleaving. This finds that index per buggy kernel by doubling then
 * bisecting the budget. Not part of the benchmark; used to choose and explain the budget.
 */
public final class FirstFailure {
    public static void main(String[] args) {
        int max = Integer.parseInt(args[0]);
        for (int i = 1; i < args.length; i++) {
            Kernel kernel = Kernel.byId(args[i]);
            int lo = 0; // largest budget known not to detect
            int hi = -1; // smallest budget known to detect
            for (int b = 1; b <= max; b *= 2) {
                if (detects(kernel, b)) { hi = b; break; }
                lo = b;
            }
            if (hi < 0) {
                System.out.println("FIRST\t" + kernel.id() + "\tnot found within " + max);
                continue;
            }
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (detects(kernel, mid)) hi = mid; else lo = mid;
            }
            long t = System.nanoTime();
            detects(kernel, hi);
            System.out.println("FIRST\t" + kernel.id() + "\t" + hi + "\t" + (System.nanoTime() - t) / 1_000_000 + " ms at that budget");
        }
    }

    static boolean detects(Kernel kernel, int budget) {
        boolean d = LincheckRaces.runOnceForProbe(kernel, false, budget);
        System.err.println("probe " + kernel.id() + " budget " + budget + " -> " + d);
        return d;
    }
}
