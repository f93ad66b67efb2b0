package io.github.parallelruns.internal.process;

import io.github.parallelruns.internal.worker.WorkerMain;

/** What a worker JVM's exit code means, in words a test author can act on. */
final class WorkerExit {

    private WorkerExit() {}

    static String explain(int code) {
        switch (code) {
            case 0:
                return "exited with code 0 without reporting a result (System.exit(0) called in the test?)";
            case 1:
                return "exited with code 1 (System.exit(1) called in the test, or the JVM failed to start or "
                        + "died of an uncaught error)";
            case WorkerMain.EXIT_COORDINATOR_GONE:
                return "exited with code " + code + " because it lost its connection to the coordinating JVM";
            case 128 + 6:
                return "was aborted, exit code 134 (SIGABRT: a JVM crash; look for an hs_err_pid file in its "
                        + "working directory)";
            case 128 + 9:
                return "was killed, exit code 137 (SIGKILL: kill -9, or the kernel's out-of-memory killer)";
            case 128 + 11:
                return "crashed, exit code 139 (SIGSEGV: a crash in native code)";
            case 128 + 15:
                return "was terminated, exit code 143 (SIGTERM)";
            default:
                return code > 128 && code < 160
                        ? "was ended by signal " + (code - 128) + ", exit code " + code
                        : "exited with code " + code + " (System.exit(" + code + ") or Runtime.halt(" + code
                                + ") called in the test?)";
        }
    }
}
