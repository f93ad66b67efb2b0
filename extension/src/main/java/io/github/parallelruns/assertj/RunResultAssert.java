package io.github.parallelruns.assertj;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.github.parallelruns.RunResult;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * Assertions on a {@link RunResult}; start with {@link ParallelRunsAssertions#assertThat(RunResult)}.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class RunResultAssert extends AbstractObjectAssert<RunResultAssert, RunResult> {

    RunResultAssert(RunResult actual) {
        super(actual, RunResultAssert.class);
    }

    /**
     * Verifies that every task ran and none failed, was aborted or timed out.
     *
     * @return {@code this} assertion object
     */
    public RunResultAssert hasNoFailures() {
        isNotNull();
        if (!actual.succeeded()) {
            failWithMessage(
                    "%nExpecting run:%n  %s%nto have no failures, but it had:%n%s",
                    actual, actual.failure().map(RunResultAssert::firstLines).orElse(""));
        }
        return this;
    }

    /**
     * Verifies that exactly {@code expected} tasks failed.
     *
     * @param expected the number of failed tasks expected
     * @return {@code this} assertion object
     */
    public RunResultAssert hasFailureCount(int expected) {
        isNotNull();
        if (actual.failedTasks() != expected) {
            failWithMessage(
                    "%nExpecting run:%n  %s%nto have %s failed task(s), but it had %s:%n%s",
                    actual,
                    expected,
                    actual.failedTasks(),
                    actual.failures().stream()
                            .map(RunResultAssert::firstLines)
                            .collect(Collectors.joining(System.lineSeparator())));
        }
        return this;
    }

    /**
     * Verifies that task {@code taskIndex} failed.
     *
     * @param taskIndex the task, from {@code 0}
     * @return {@code this} assertion object
     */
    public RunResultAssert hasFailedTask(int taskIndex) {
        isNotNull();
        if (!actual.taskFailed(taskIndex)) {
            failWithMessage(
                    "%nExpecting run:%n  %s%nto have a failure in task %s, but the failed tasks were %s",
                    actual, taskIndex, actual.failedTaskIndexes());
        }
        return this;
    }

    /**
     * Verifies that every task started (none was skipped after a fail-fast failure or the timeout).
     *
     * @return {@code this} assertion object
     */
    public RunResultAssert startedAllTasks() {
        isNotNull();
        if (actual.tasksStarted() != actual.tasks()) {
            failWithMessage(
                    "%nExpecting run:%n  %s%nto start all %s tasks, but only %s started",
                    actual, actual.tasks(), actual.tasksStarted());
        }
        return this;
    }

    private static String firstLines(Throwable failure) {
        return "  " + failure.toString().lines().limit(5).collect(Collectors.joining(System.lineSeparator() + "  "));
    }
}
