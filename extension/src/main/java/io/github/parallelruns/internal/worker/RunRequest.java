package io.github.parallelruns.internal.worker;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * What the coordinator asks one worker JVM to run: a test invocation, found again by its unique id.
 *
 * @param failFast whether the worker stops running its tasks after one failed or aborted
 */
@API(status = INTERNAL, since = "0.1")
public record RunRequest(String uniqueId, int workers, int tasks, int workerIndex, boolean failFast) {}
