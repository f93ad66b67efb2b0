package io.github.parallelruns.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How much CPU the rest of the machine used while the benchmark ran, from Linux's {@code /proc}: the
 * machine's busy time minus this JVM's own and its child processes' (worker JVMs), and the time the
 * hypervisor stole. A benchmark on 2 cores
 * is only as good as the machine is quiet; this says whether it was.
 */
final class CpuAccounting {

    /** Linux reports both files in clock ticks of 1/100 s (USER_HZ). */
    private static final double TICK_SECONDS = 0.01;

    /** Above this share of the machine taken by others, a workload's figures are flagged. */
    private static final double DISTURBED = 0.02;

    private final long busy;
    private final long self;
    private final long steal;
    private final long start = System.nanoTime();

    private CpuAccounting(long busy, long self, long steal) {
        this.busy = busy;
        this.self = self;
        this.steal = steal;
    }

    /** A snapshot now, or empty when {@code /proc} is not there (not Linux). */
    static Optional<CpuAccounting> now() {
        try {
            String[] cpu =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = Long.parseLong(cpu[1])
                    + Long.parseLong(cpu[2])
                    + Long.parseLong(cpu[3])
                    + Long.parseLong(cpu[6])
                    + Long.parseLong(cpu[7]);
            long steal = cpu.length > 8 ? Long.parseLong(cpu[8]) : 0;
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command name, which is in parentheses: state is field 3, utime 14, stime 15,
            // and cutime 16, cstime 17: the CPU of this JVM's children once they have exited and been waited
            // for, as worker JVMs have by the end of each workload.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long self = Long.parseLong(fields[11])
                    + Long.parseLong(fields[12])
                    + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
            return Optional.of(new CpuAccounting(busy, self, steal));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What other processes and the hypervisor took since this snapshot, as text for the table's notes. */
    String since(String what, int cores) {
        return now().map(end -> {
                    double seconds = (end.start - start) / 1e9;
                    double others = Math.max(0, (end.busy - busy) - (end.self - self)) * TICK_SECONDS;
                    double stolen = (end.steal - steal) * TICK_SECONDS;
                    double share = (others + stolen) / (seconds * cores);
                    double own = (end.self - self) * TICK_SECONDS;
                    return String.format(
                            Locale.ROOT,
                            "%s %.1f s: other processes %.2f CPU-s (%.1f%% of %d cores), "
                                    + "steal %.2f CPU-s%s; this JVM and its worker JVMs %.1f CPU-s",
                            what,
                            seconds,
                            others,
                            100 * others / (seconds * cores),
                            cores,
                            stolen,
                            share > DISTURBED ? " (**disturbed**: rerun on a quiet machine)" : "",
                            own);
                })
                .orElse(what + ": no /proc");
    }
}
