package io.github.parallelruns.internal.worker;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.parallelruns.internal.protocol.Channel;
import io.github.parallelruns.internal.protocol.MessageType;
import io.github.parallelruns.internal.protocol.PrepareMessage;
import io.github.parallelruns.internal.protocol.RecordTooLargeException;
import io.github.parallelruns.internal.protocol.ResultMessage;
import io.github.parallelruns.internal.protocol.ResultStatus;
import io.github.parallelruns.internal.protocol.RunMessage;
import io.github.parallelruns.internal.protocol.RunOrder;
import io.github.parallelruns.internal.protocol.TaskRangeMessage;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.TestAbortedException;

/**
 * The main class of a worker JVM: connects back to the coordinator on loopback, proves itself with the
 * secret token from its environment, then runs the tests it is sent through the JUnit Platform
 * Launcher, one at a time, until told to exit. It exits as soon as the coordinator goes away (its
 * standard input or the channel reaches end of file), so no worker outlives its test run.
 */
@API(status = INTERNAL, since = "0.1")
public final class WorkerMain {

    /** The environment variable carrying the secret token (an argument would show in process lists). */
    public static final String TOKEN_VARIABLE = "PARALLELRUNS_WORKER_TOKEN";
    /** Exit code of a worker whose coordinator went away. */
    public static final int EXIT_COORDINATOR_GONE = 86;

    /** The most a thread dump may take, in bytes of UTF-8: as much as a failure. */
    static final int THREAD_DUMP_BUDGET = 16 << 20;
    /** The end of a thread dump's budget kept for the note on what was left out. */
    private static final int THREAD_DUMP_NOTE_ROOM = 200;

    /** How long shutdown hooks may take when a worker exits. */
    static final long SHUTDOWN_GRACE_MILLIS = 3_000;

    /**
     * How long the standard-input watcher waits, after end of file, for the exit the coordinator asked for
     * (or for the channel's end) before it exits by itself.
     */
    static final long EXIT_NOTICE_MILLIS = 1_000;

    /** Set once this JVM has begun to exit. */
    private static volatile boolean exiting;

    /** The Launcher session of this worker JVM, once its first test came. */
    private static volatile LauncherSession launcherSession;

    private WorkerMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int workerIndex = Integer.parseInt(args[1]);
        String token = System.getenv(TOKEN_VARIABLE);
        if (token == null) {
            System.err.println("ParallelRuns worker: no " + TOKEN_VARIABLE + " in the environment");
            System.exit(2);
        }
        // The coordinator's pipe is watched on the file descriptor itself, not through System.in, whose
        // lock the watcher would hold: the body gets an empty System.in, as with no console.
        exitWhenCoordinatorIsGone(new FileInputStream(FileDescriptor.in), "its standard input closed");
        System.setIn(new ByteArrayInputStream(new byte[0]));
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> ChildProcesses.endAll(Duration.ZERO), "parallelruns-worker-end-child-processes"));
        Channel channel = new Channel(new Socket(InetAddress.getLoopbackAddress(), port));
        channel.sendHandshake(token, workerIndex);
        BlockingQueue<Request> runs = new LinkedBlockingQueue<>();
        AtomicReference<WorkerSession> session = new AtomicReference<>();
        Thread reader = new Thread(() -> read(channel, runs, session), "parallelruns-worker-channel");
        reader.setDaemon(true);
        reader.start();
        Launcher launcher = null;
        while (true) {
            Request next = runs.take();
            if (next instanceof Prepare) {
                try {
                    if (launcher == null) {
                        launcher = createLauncher();
                    }
                    prepare(launcher, ((Prepare) next).uniqueId());
                } catch (Throwable e) {
                    // Getting ready is an optimization: the run itself reports what goes wrong.
                }
                continue;
            }
            RunRequest request = ((Run) next).request();
            WorkerSession run = new WorkerSession(channel, request);
            session.set(run);
            WorkerSession.begin(run);
            try {
                if (launcher == null) {
                    launcher = createLauncher();
                }
                runTest(channel, run, launcher);
            } catch (Throwable e) {
                reportLauncherFailure(channel, e);
            } finally {
                WorkerSession.end();
            }
        }
    }

    /** What the main thread is asked to do next. */
    private interface Request {}

    private record Run(RunRequest request) implements Request {}

    private record Prepare(String uniqueId) implements Request {}

    /**
     * Once per worker JVM: one Launcher session for the JVM's life, whose launcher runs every test the worker
     * is sent, so that a reused worker neither looks up nor instantiates the test engines again for each test
     * (a launcher made by {@code LauncherFactory.create} does both for every request). Launcher session
     * listeners see one session per worker JVM, as they see one per test JVM under a build tool; it is closed
     * when the coordinator asks the worker to exit.
     */
    private static Launcher createLauncher() {
        LauncherSession opened = LauncherFactory.openSession(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
        launcherSession = opened;
        return opened.getLauncher();
    }

    /**
     * Gets an idle worker ready for the test {@code uniqueId}: discovers it (which loads the test class
     * without initializing it, and JUnit's discovery), so that the run that follows spends less of its
     * start-up there. Nothing of the test runs.
     */
    private static void prepare(Launcher launcher, String uniqueId) {
        launcher.discover(request(uniqueId));
    }

    private static LauncherDiscoveryRequest request(String uniqueId) {
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectUniqueId(uniqueId))
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .build();
    }

    private static void read(Channel channel, BlockingQueue<Request> runs, AtomicReference<WorkerSession> session) {
        try {
            while (true) {
                Channel.Record record = channel.receive();
                switch (record.type()) {
                    case RUN:
                        RunMessage run = RunMessage.read(record.payload());
                        runs.add(new Run(new RunRequest(
                                run.uniqueId(), run.workers(), run.tasks(), run.workerIndex(), run.failFast())));
                        break;
                    case PREPARE:
                        runs.add(new Prepare(
                                PrepareMessage.read(record.payload()).uniqueId()));
                        break;
                    case GO:
                        session.get().released(RunOrder.read(record.payload()));
                        break;
                    case TASKS:
                        TaskRangeMessage range = TaskRangeMessage.read(record.payload());
                        session.get().tasks(range.from(), range.to());
                        break;
                    case DUMP:
                        sendThreadDump(channel);
                        break;
                    case EXIT:
                        exit(0);
                        break;
                    default:
                        throw new IOException("unexpected record " + record.type());
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("ParallelRuns worker: the channel to the coordinator ended (" + e.getMessage() + ")");
            exit(EXIT_COORDINATOR_GONE);
        }
    }

    private static void reportLauncherFailure(Channel channel, Throwable failure) throws IOException {
        ChildProcesses.endAll(ChildProcesses.GRACE);
        channel.sendFailure(
                MessageType.RESULT, new ResultMessage(ResultStatus.FAILED, false, failure)::writeHeader, failure);
    }

    private static void runTest(Channel channel, WorkerSession session, Launcher launcher) throws IOException {
        String uniqueId = session.request().uniqueId();
        ResultListener listener = new ResultListener(uniqueId);
        Throwable launcherFailure = null;
        try {
            launcher.execute(request(uniqueId), listener);
        } catch (Throwable e) {
            launcherFailure = e;
        }
        TestExecutionResult result = listener.result.get();
        ResultStatus status;
        Throwable failure;
        if (launcherFailure != null) {
            status = ResultStatus.FAILED;
            failure = launcherFailure;
        } else if (result == null && listener.skipReason != null) {
            status = ResultStatus.SKIPPED;
            failure = new TestAbortedException("the test was skipped in the worker JVM: " + listener.skipReason);
        } else if (result == null) {
            status = ResultStatus.NOT_FOUND;
            failure = new IllegalStateException(
                    "the worker JVM did not find the test " + uniqueId + " (found: " + listener.found + ")");
        } else {
            status = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                    ? ResultStatus.SUCCESSFUL
                    : result.getStatus() == TestExecutionResult.Status.ABORTED
                            ? ResultStatus.ABORTED
                            : ResultStatus.FAILED;
            failure = result.getThrowable().orElse(null);
        }
        Throwable sent = failure;
        boolean reached = session.reachedBody();
        // The run ends here: nothing it started outlives it, whether it passed or not.
        ChildProcesses.endAll(ChildProcesses.GRACE);
        channel.sendFailure(MessageType.RESULT, new ResultMessage(status, reached, sent)::writeHeader, sent);
    }

    /**
     * Exits when the coordinator's end of standard input closes: the coordinator died before it could
     * connect, or it is shutting this worker down (it closes the pipe right after sending {@code EXIT}).
     *
     * <p>The watcher does not stay blocked in a read while the JVM exits: HotSpot waits up to 300 ms at exit
     * for threads in native code, which every worker's shutdown would pay. So the coordinator closes the
     * pipe when it asks a worker to exit, and the watcher, at end of file, leaves native code and gives the
     * {@code EXIT} record (or the channel's end, when the coordinator is gone) {@link #EXIT_NOTICE_MILLIS} to
     * arrive before it exits by itself.
     */
    private static void exitWhenCoordinatorIsGone(InputStream stdin, String why) {
        Thread watcher = new Thread(
                () -> {
                    try {
                        byte[] buffer = new byte[256];
                        while (stdin.read(buffer) >= 0) {
                            // The coordinator never writes here; reading only detects its end.
                        }
                    } catch (IOException e) {
                        // Treated like end of file.
                    }
                    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EXIT_NOTICE_MILLIS);
                    while (!exiting && System.nanoTime() - deadline < 0) {
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            break;
                        }
                    }
                    if (!exiting) {
                        System.err.println("ParallelRuns worker: the coordinating JVM is gone (" + why + "); exiting");
                        exit(EXIT_COORDINATOR_GONE);
                    }
                },
                "parallelruns-worker-stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Exits so that shutdown hooks run (a coverage agent such as JaCoCo writes its data in one), but
     * halts after {@link #SHUTDOWN_GRACE_MILLIS} if a hook hangs: a worker never outlives its run.
     */
    private static void exit(int code) {
        exiting = true;
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(SHUTDOWN_GRACE_MILLIS);
                    } catch (InterruptedException e) {
                        // Halt all the same.
                    }
                    System.out.flush();
                    System.err.flush();
                    Runtime.getRuntime().halt(code);
                },
                "parallelruns-worker-exit-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        LauncherSession opened = launcherSession;
        if (code == 0 && opened != null) {
            try {
                opened.close();
            } catch (RuntimeException e) {
                System.err.println("ParallelRuns worker: closing the JUnit Launcher session failed: " + e);
            }
        }
        System.exit(code);
    }

    private static void sendThreadDump(Channel channel) throws IOException {
        String dump = threadDump();
        try {
            channel.send(MessageType.DUMP_REPLY, out -> Channel.writeString(out, dump));
        } catch (RecordTooLargeException e) {
            channel.send(
                    MessageType.DUMP_REPLY,
                    out -> Channel.writeString(
                            out, "(the worker could not send its " + "thread dump: " + e.getMessage() + ")"));
        }
    }

    static String threadDump() {
        return threadDump(Thread.getAllStackTraces(), THREAD_DUMP_BUDGET);
    }

    /**
     * Each thread's name and state, then its frames, one a line, up to {@code budget} bytes of UTF-8: the
     * text stops before the first line that does not fit, and a note at its end says how many frames of how
     * many threads were left out.
     */
    static String threadDump(Map<Thread, StackTraceElement[]> threads, int budget) {
        String newLine = System.lineSeparator();
        StringBuilder text = new StringBuilder();
        long room = budget - THREAD_DUMP_NOTE_ROOM;
        long framesLeftOut = 0;
        int threadsCut = 0;
        for (Map.Entry<Thread, StackTraceElement[]> thread : threads.entrySet()) {
            StackTraceElement[] frames = thread.getValue();
            int sent = 0;
            if (threadsCut == 0) {
                String header = (text.length() == 0 ? "" : newLine) + "\""
                        + thread.getKey().getName() + "\" " + thread.getKey().getState();
                room -= utf8Length(header);
                if (room >= 0) {
                    text.append(header);
                    while (sent < frames.length) {
                        String line = newLine + "\tat " + frames[sent];
                        room -= utf8Length(line);
                        if (room < 0) {
                            break;
                        }
                        text.append(line);
                        sent++;
                    }
                }
            }
            if (room < 0) {
                threadsCut++;
                framesLeftOut += frames.length - sent;
            }
        }
        if (threadsCut > 0) {
            text.append(newLine)
                    .append(String.format(
                            Locale.ROOT,
                            "[not sent by the worker: %,d stack frame%s of %,d "
                                    + "thread%s (the thread dump is over %s)]",
                            framesLeftOut,
                            framesLeftOut == 1 ? "" : "s",
                            threadsCut,
                            threadsCut == 1 ? "" : "s",
                            Channel.size(budget)));
        }
        return text.toString();
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The outcome of the one test the worker was asked to run. */
    private static final class ResultListener implements TestExecutionListener {
        private final UniqueId uniqueId;
        final AtomicReference<TestExecutionResult> result = new AtomicReference<>();
        volatile String skipReason;
        volatile String found = "nothing";

        ResultListener(String uniqueId) {
            this.uniqueId = UniqueId.parse(uniqueId);
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            found = testPlan.getRoots().stream()
                    .flatMap(root -> testPlan.getDescendants(root).stream())
                    .filter(TestIdentifier::isTest)
                    .map(TestIdentifier::getUniqueId)
                    .collect(Collectors.joining(", ", "[", "]"));
        }

        @Override
        public void executionSkipped(TestIdentifier identifier, String reason) {
            if (uniqueId.hasPrefix(identifier.getUniqueIdObject())) {
                skipReason = reason;
            }
        }

        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult testResult) {
            if (identifier.getUniqueIdObject().equals(uniqueId)) {
                result.set(testResult);
            } else if (uniqueId.hasPrefix(identifier.getUniqueIdObject())
                    && testResult.getStatus() != TestExecutionResult.Status.SUCCESSFUL
                    && result.get() == null) {
                // A container around the test failed (its @BeforeAll, for example).
                result.set(testResult);
            }
        }
    }
}
