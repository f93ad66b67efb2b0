package io.github.parallelruns.races.lincheck.probe;

import org.jetbrains.lincheck.Lincheck;

/** Probes of what Lincheck's runConcurrentTest sees; not part of the benchmark. */
public final class Probe {
    static int counter;

    static final class Box {
        int count;
    }

    static void lambdaStatic() throws Exception {
        counter = 0;
        Thread a = new Thread(() -> counter++);
        Thread b = new Thread(() -> counter++);
        a.start(); b.start(); a.join(); b.join();
        if (counter != 2) throw new AssertionError("counter " + counter);
    }

    static void lambdaCaptured() throws Exception {
        Box box = new Box();
        Thread a = new Thread(() -> box.count++);
        Thread b = new Thread(() -> box.count++);
        a.start(); b.start(); a.join(); b.join();
        if (box.count != 2) throw new AssertionError("count " + box.count);
    }

    static void anonymousCaptured() throws Exception {
        Box box = new Box();
        Thread a = new Thread(new Runnable() { public void run() { box.count++; } });
        Thread b = new Thread(new Runnable() { public void run() { box.count++; } });
        a.start(); b.start(); a.join(); b.join();
        if (box.count != 2) throw new AssertionError("count " + box.count);
    }

    static Object published;

    static void loopPublished() throws Exception {
        Box box = new Box();
        published = box;
        Thread a = new Thread(() -> { for (int i = 0; i < 10; i++) box.count++; });
        Thread b = new Thread(() -> { for (int i = 0; i < 10; i++) box.count++; });
        a.start(); b.start(); a.join(); b.join();
        if (box.count != 20) throw new AssertionError("count " + box.count);
    }

    static void loop() throws Exception {
        Box box = new Box();
        Thread a = new Thread(() -> { for (int i = 0; i < 10; i++) box.count++; });
        Thread b = new Thread(() -> { for (int i = 0; i < 10; i++) box.count++; });
        a.start(); b.start(); a.join(); b.join();
        if (box.count != 20) throw new AssertionError("count " + box.count);
    }

    static void loop2() throws Exception {
        Box box = new Box();
        Thread a = new Thread(() -> { for (int i = 0; i < 2; i++) box.count++; });
        Thread b = new Thread(() -> { for (int i = 0; i < 2; i++) box.count++; });
        a.start(); b.start(); a.join(); b.join();
        if (box.count != 4) throw new AssertionError("count " + box.count);
    }

    static void kernelThreads(String id) throws Throwable {
        io.github.parallelruns.races.ScenarioThreads.run(io.github.parallelruns.races.Kernel.byId(id).scenario(false), 2, 0);
    }

    static void kernelManual(String id) throws Exception {
        io.github.parallelruns.races.Scenario s = io.github.parallelruns.races.Kernel.byId(id).scenario(false);
        Thread a = new Thread(() -> { try { s.part(0); } catch (Exception e) { throw new RuntimeException(e); } });
        Thread b = new Thread(() -> { try { s.part(1); } catch (Exception e) { throw new RuntimeException(e); } });
        a.start(); b.start(); a.join(); b.join();
        s.check();
    }

    static void run(String name, Callable body) {
        long t = System.nanoTime();
        String r;
        try {
            Lincheck.runConcurrentTest(1000, () -> {
                try { body.call(); } catch (RuntimeException | Error e) { throw e; } catch (Exception e) { throw new RuntimeException(e); }
            });
            r = "not found";
        } catch (Throwable e) {
            r = "FOUND " + e.getClass().getSimpleName() + " " + String.valueOf(e.getMessage()).lines().limit(3).reduce("", (x, y) -> x + " | " + y);
        }
        System.out.println("PROBE " + name + ": " + r + " in " + (System.nanoTime() - t) / 1_000_000 + " ms");
    }

    interface Callable { void call() throws Exception; }

    public static void main(String[] args) {
        for (String a : args) {
            switch (a) {
                case "lambdaStatic" -> run(a, Probe::lambdaStatic);
                case "lambdaCaptured" -> run(a, Probe::lambdaCaptured);
                case "anonymousCaptured" -> run(a, Probe::anonymousCaptured);
                case "direct" -> run(a, () -> { try { io.github.parallelruns.races.ScenarioThreads.run(io.github.parallelruns.races.LincheckProbeAccess.direct(), 2, 0); } catch (Exception | Error e) { throw e; } catch (Throwable t) { throw new RuntimeException(t); } });
                case "methodref" -> run(a, () -> { try { io.github.parallelruns.races.ScenarioThreads.run(io.github.parallelruns.races.LincheckProbeAccess.viaMethodRef(), 2, 0); } catch (Exception | Error e) { throw e; } catch (Throwable t) { throw new RuntimeException(t); } });
                case "published" -> run(a, () -> { try { io.github.parallelruns.races.ScenarioThreads.run(io.github.parallelruns.races.LincheckProbeAccess.viaMethodRefPublished(), 2, 0); } catch (Exception | Error e) { throw e; } catch (Throwable t) { throw new RuntimeException(t); } });
                case "lambda" -> run(a, () -> { try { io.github.parallelruns.races.ScenarioThreads.run(io.github.parallelruns.races.LincheckProbeAccess.viaLambda(), 2, 0); } catch (Exception | Error e) { throw e; } catch (Throwable t) { throw new RuntimeException(t); } });
                case "loop" -> run(a, Probe::loop);
                case "loopPublished" -> run(a, Probe::loopPublished);
                case "loop2" -> run(a, Probe::loop2);
                default -> {
                    if (a.startsWith("threads:")) run(a, () -> { try { kernelThreads(a.substring(8)); } catch (Exception | Error e) { throw e; } catch (Throwable t) { throw new RuntimeException(t); } });
                    else if (a.startsWith("manual:")) run(a, () -> kernelManual(a.substring(7)));
                    else throw new IllegalArgumentException(a);
                }
            }
        }
    }
}
