package io.github.parallelruns.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Grouping task failures by kind, and what is kept of them. */
class FailureTallyTests {

    @Test
    void messagesThatDifferInTheirNumbersAreOneKindShownWithTheDigitsTheyShare() {
        TaskFailures failures = TaskFailures.of(List.of(
                failure(7, new AssertionFailedError("expected: <4000> but was: <3987>")),
                failure(2, new AssertionFailedError("expected: <4000> but was: <3912>")),
                failure(9, new AssertionFailedError("expected: <4000> but was: <3950>"))));

        assertThat(failures.count()).isEqualTo(3);
        assertThat(failures.kinds()).singleElement().satisfies(kind -> {
            assertThat(kind.className()).isEqualTo("org.opentest4j.AssertionFailedError");
            assertThat(kind.pattern()).isEqualTo("expected: <4000> but was: <39xx>");
            assertThat(kind.frame()).isEqualTo("CounterTest.add(CounterTest.java:42)");
            assertThat(kind.first().taskIndex()).isEqualTo(2);
            assertThat(kind.kept()).extracting(TaskFailure::taskIndex).containsExactly(2, 7, 9);
            assertThat(kind.describe())
                    .isEqualTo("3 × AssertionFailedError: expected: <4000> but was: <39xx> at " + kind.frame()
                            + " (first: worker 1, task 2)");
        });
    }

    @Test
    void numbersOfDifferentLengthsAreShownAsARangeAndHashCodesAsAnEllipsis() {
        TaskFailures failures = TaskFailures.of(List.of(
                failure(1, new IllegalStateException("lost 987 of 1000 in java.lang.Object@1b6d3586")),
                failure(2, new IllegalStateException("lost 1003 of 1000 in java.lang.Object@7852e922")),
                failure(3, new IllegalStateException("lost 999 of 1000 in java.lang.Object@4e25154f"))));

        assertThat(failures.kinds())
                .singleElement()
                .satisfies(
                        kind -> assertThat(kind.pattern()).isEqualTo("lost 987..1003 of 1000 in java.lang.Object@…"));
    }

    @Test
    void anotherClassAnotherMessageOrAnotherLineIsAnotherKindInTheOrderOfTheirFirstTasks() {
        TaskFailures failures = TaskFailures.of(List.of(
                failure(5, new IllegalStateException("closed")),
                failure(1, new IllegalArgumentException("closed")),
                failure(3, new IllegalStateException("open")),
                failure(4, new IllegalStateException("closed")),
                otherLine(0, new IllegalStateException("closed"))));

        assertThat(failures.kinds()).extracting(FailureKind::count).containsExactly(1, 1, 1, 2);
        assertThat(failures.kinds())
                .extracting(kind -> kind.first().taskIndex())
                .containsExactly(0, 1, 3, 4);
        assertThat(failures.kinds().get(0).frame()).isEqualTo("CounterTest.add(CounterTest.java:43)");
        assertThat(failures.taskIndexes().stream()).containsExactly(0, 1, 3, 4, 5);
    }

    @Test
    void theTopFrameIsTheUsersCodeNotTheJdksOrTheAssertionLibrarysOrParallelRunss() {
        StackTraceElement[] stack = {
            new StackTraceElement("java.util.Objects", "checkIndex", "Objects.java", 361),
            new StackTraceElement("java.util.ArrayList", "get", "ArrayList.java", 427),
            new StackTraceElement("org.assertj.core.api.AbstractAssert", "isEqualTo", "AbstractAssert.java", 90),
            new StackTraceElement("com.example.CounterTest", "add", "CounterTest.java", 42),
            new StackTraceElement(
                    "io.github.parallelruns.internal.execution.ThreadedRun", "runTask", "ThreadedRun.java", 230)
        };

        assertThat(FailureKinds.userFrame(stack)).isEqualTo("CounterTest.add(CounterTest.java:42)");
        // No frame of the user's: the top one.
        assertThat(FailureKinds.userFrame(Arrays.copyOf(stack, 3))).isEqualTo("Objects.checkIndex(Objects.java:361)");
        assertThat(FailureKinds.userFrame(new StackTraceElement[0])).isEmpty();
    }

    @Test
    void aMultiLineMessageIsOneLineAndALongOneIsCut() {
        TaskFailures failures = TaskFailures.of(List.of(
                failure(0, new AssertionError("\nexpected: 4000\n but was: 3990")),
                failure(1, new IllegalStateException("x".repeat(500)))));

        assertThat(failures.kinds().get(0).pattern()).isEqualTo("expected: 4000 but was: 3990");
        assertThat(failures.kinds().get(1).pattern())
                .hasSize(FailureKinds.MAX_PATTERN_LENGTH)
                .endsWith("…");
    }

    @Test
    void whatIsKeptDoesNotDependOnTheOrderTheFailuresCameIn() {
        List<TaskFailure> all = new ArrayList<>();
        for (int task = 0; task < 200; task++) {
            all.add(failure(task, new IllegalStateException("task " + task)));
        }
        Collections.shuffle(all, new Random(42));
        FailureTally tally = new FailureTally();
        all.forEach(tally::add);

        TaskFailures failures = tally.snapshot();
        assertThat(failures.count()).isEqualTo(200);
        assertThat(failures.kinds()).singleElement().satisfies(kind -> {
            assertThat(kind.count()).isEqualTo(200);
            assertThat(kind.kept()).extracting(TaskFailure::taskIndex).containsExactly(0, 1, 2, 3);
            assertThat(kind.pattern()).isEqualTo("task 0..199");
        });
    }

    @Test
    void beyondTheKindsToldApartFailuresAreCountedInOneLastGroup() {
        List<TaskFailure> all = new ArrayList<>();
        for (int task = 0; task < FailureTally.MAX_KINDS + 10; task++) {
            // Letters without digits: a message of its own shape each time.
            all.add(failure(
                    task, new IllegalStateException("kind " + (char) ('a' + task / 26) + (char) ('a' + task % 26))));
        }
        TaskFailures failures = TaskFailures.of(all);

        assertThat(failures.count()).isEqualTo(FailureTally.MAX_KINDS + 10);
        assertThat(failures.kinds()).hasSize(FailureTally.MAX_KINDS + 1);
        FailureKind others = failures.kinds().get(FailureTally.MAX_KINDS);
        assertThat(others.className()).isEqualTo(FailureKind.OTHER_KINDS);
        assertThat(others.count()).isEqualTo(10);
        assertThat(others.describe()).startsWith("10 × 10 more kinds (first: worker 1, task ");
    }

    @Test
    void remappingMovesTaskIndexesIntoOneTaskSet() {
        TaskFailures failures = TaskFailures.of(List.of(
                        failure(13, new IllegalStateException("a")), failure(21, new IllegalStateException("a"))))
                .remap(task -> task % 10);

        assertThat(failures.kinds())
                .singleElement()
                .satisfies(kind -> assertThat(kind.kept())
                        .extracting(TaskFailure::taskIndex)
                        .containsExactly(1, 3));
        assertThat(failures.taskIndexes().stream()).containsExactly(1, 3);
    }

    private static TaskFailure failure(int task, Throwable error) {
        return at(42, task, error);
    }

    private static TaskFailure otherLine(int task, Throwable error) {
        return at(43, task, error);
    }

    /** Thrown in an assertion library called from line {@code line} of a user's test. */
    private static TaskFailure at(int line, int task, Throwable error) {
        error.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.junit.jupiter.api.AssertionUtils", "fail", "AssertionUtils.java", 55),
            new StackTraceElement("com.example.CounterTest", "add", "CounterTest.java", line),
            new StackTraceElement(
                    "io.github.parallelruns.internal.execution.ThreadedRun", "runTask", "ThreadedRun.java", 230)
        });
        return new TaskFailure(1, task, error);
    }
}
