package io.github.parallelruns.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The thread dump a worker JVM sends when its run timed out. */
class WorkerMainTests {

    private static final Pattern NOTE = Pattern.compile("\\[not sent by the worker: ([\\d,]+) stack frames of "
            + "([\\d,]+) threads \\(the thread dump is over 16 MiB\\)]$");

    @Test
    void aThreadDumpOfHundredsOfDeepStacksIsCutToTheBudgetSayingWhatIsLeftOut() throws InterruptedException {
        int threads = 240;
        CountDownLatch inside = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(() -> recurse(1_100, inside, release), "deep-" + i);
            thread.setDaemon(true);
            thread.start();
            started.add(thread);
        }
        try {
            assertThat(inside.await(60, TimeUnit.SECONDS)).isTrue();

            String dump = WorkerMain.threadDump();

            // Whole, it is more than 20 MB.
            assertThat(dump.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(WorkerMain.THREAD_DUMP_BUDGET);
            Matcher note = NOTE.matcher(dump);
            assertThat(note.find())
                    .as("the note at the end of %s", dump.substring(Math.max(0, dump.length() - 300)))
                    .isTrue();
            long sentFrames =
                    dump.lines().filter(line -> line.startsWith("\tat ")).count();
            long leftOut = Long.parseLong(note.group(1).replace(",", ""));
            // 240 threads, each deeper than a stack trace shows (1,024 frames by default).
            assertThat(sentFrames + leftOut).isGreaterThanOrEqualTo(threads * 1_024L);
            assertThat(Long.parseLong(note.group(2).replace(",", ""))).isPositive();
        } finally {
            release.countDown();
            for (Thread thread : started) {
                thread.join(10_000);
            }
        }
    }

    @Test
    void aThreadDumpCutInTheMiddleOfAThreadCountsItsMissingFramesAndTheThreadsAfterIt() {
        Map<Thread, StackTraceElement[]> threads = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            StackTraceElement[] frames = new StackTraceElement[100];
            for (int f = 0; f < frames.length; f++) {
                frames[f] = new StackTraceElement("com.example.Pool", "work" + f, "Pool.java", f + 1);
            }
            threads.put(new Thread("pool-" + i), frames);
        }
        // Frames of about 40 bytes a line: the first thread fits whole, the second in part.
        int budget = 6_000;

        String dump = WorkerMain.threadDump(threads, budget);

        assertThat(dump.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(budget);
        assertThat(dump)
                .startsWith("\"pool-0\" NEW" + System.lineSeparator() + "\tat com.example.Pool.work0(Pool.java:1)")
                .contains("\"pool-1\" NEW")
                .doesNotContain("\"pool-2\"");
        long sent = dump.lines().filter(line -> line.startsWith("\tat ")).count();
        assertThat(dump)
                .endsWith("[not sent by the worker: " + String.format(Locale.ROOT, "%,d", 500 - sent)
                        + " stack frames of 4 threads (the thread dump is over "
                        + String.format(Locale.ROOT, "%,d bytes", budget) + ")]");
    }

    private static void recurse(int depth, CountDownLatch inside, CountDownLatch release) {
        if (depth > 0) {
            recurse(depth - 1, inside, release);
            return;
        }
        inside.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
