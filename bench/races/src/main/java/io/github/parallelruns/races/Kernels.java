package io.github.parallelruns.races;

import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The scenarios of {@link Kernel}: state, each thread's part, the check; the fixed version beside the buggy. */
final class Kernels {

    /** Operations per thread where a kernel repeats one (a counter, a list, a map): a unit test's few. */
    static final int OPS = 10;

    private Kernels() {
    }

    static void expect(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    /** {@code count++} on a plain field from each thread. */
    static final class LostUpdate implements Scenario {
        private final boolean fixed;
        private int count;
        private final AtomicInteger atomic = new AtomicInteger();

        LostUpdate(boolean fixed) {
            this.fixed = fixed;
        }

        @Override
        public void part(int thread) {
            for (int i = 0; i < OPS; i++) {
                if (fixed) {
                    atomic.incrementAndGet();
                } else {
                    count++;
                }
            }
        }

        @Override
        public void check() {
            int total = fixed ? atomic.get() : count;
            expect(total == Kernel.THREADS * OPS, "expected " + Kernel.THREADS * OPS + " increments but counted " + total);
        }
    }

    /** {@code if (!map.containsKey(k)) map.put(k, new ...)}: two threads both create the value. */
    static final class CheckThenAct implements Scenario {
        private final boolean fixed;
        private final Map<String, Object> map;
        private final AtomicInteger created = new AtomicInteger();

        CheckThenAct(boolean fixed) {
            this.fixed = fixed;
            this.map = fixed ? new ConcurrentHashMap<>() : new HashMap<>();
        }

        private Object create() {
            created.incrementAndGet();
            return new Object();
        }

        @Override
        public void part(int thread) {
            if (fixed) {
                map.computeIfAbsent("session", key -> create());
            } else if (!map.containsKey("session")) {
                map.put("session", create());
            }
        }

        @Override
        public void check() {
            expect(created.get() == 1, "the value was created " + created.get() + " times");
        }
    }

    /** {@code if (instance == null) instance = new Expensive()} without synchronisation. */
    static final class LazyInit implements Scenario {
        private final boolean fixed;
        private Object instance;
        private final AtomicInteger constructed = new AtomicInteger();

        LazyInit(boolean fixed) {
            this.fixed = fixed;
        }

        private Object instance() {
            if (fixed) {
                synchronized (this) {
                    if (instance == null) {
                        instance = construct();
                    }
                    return instance;
                }
            }
            if (instance == null) {
                instance = construct();
            }
            return instance;
        }

        private Object construct() {
            constructed.incrementAndGet();
            return new StringBuilder("expensive");
        }

        @Override
        public void part(int thread) {
            instance();
        }

        @Override
        public void check() {
            expect(constructed.get() == 1, "the singleton was constructed " + constructed.get() + " times");
        }
    }

    /** One {@code SimpleDateFormat} shared by the threads, each formatting and parsing its own date. */
    static final class SharedDateFormat implements Scenario {
        private final boolean fixed;
        private final SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd");
        private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd");
        private final List<String> wrong = Collections.synchronizedList(new ArrayList<>());

        SharedDateFormat(boolean fixed) {
            this.fixed = fixed;
            format.setTimeZone(TimeZone.getTimeZone("UTC"));
        }

        @Override
        public void part(int thread) throws ParseException {
            for (int i = 0; i < OPS; i++) {
                String text = String.format("%04d-%02d-%02d", 1990 + thread * 20 + i, 1 + thread * 6 + i % 6,
                        1 + thread * 14 + i);
                String back;
                if (fixed) {
                    back = ISO.format(LocalDate.parse(text, ISO));
                } else {
                    Date date = format.parse(text);
                    back = format.format(date);
                }
                if (!back.equals(text)) {
                    wrong.add(text + " came back as " + back);
                }
            }
        }

        @Override
        public void check() {
            expect(wrong.isEmpty(), wrong.size() + " dates came back wrong, e.g. " + (wrong.isEmpty() ? "" : wrong.get(0)));
        }
    }

    /** {@code list.add} on a plain {@code ArrayList} from each thread. */
    static final class ListAdd implements Scenario {
        private final List<Integer> list;

        ListAdd(boolean fixed) {
            this.list = fixed ? Collections.synchronizedList(new ArrayList<>()) : new ArrayList<>();
        }

        @Override
        public void part(int thread) {
            for (int i = 0; i < OPS; i++) {
                list.add(thread * OPS + i);
            }
        }

        @Override
        public void check() {
            int size = list.size();
            expect(size == Kernel.THREADS * OPS, "expected " + Kernel.THREADS * OPS + " elements but the list has "
                    + size);
            long nulls = list.stream().filter(java.util.Objects::isNull).count();
            expect(nulls == 0, nulls + " elements are null");
        }
    }

    /**
     * Thread 0 spins until a flag is set; thread 1 works a little and sets it. Without {@code volatile} the
     * JIT may hoist the read out of the loop, and thread 0 never stops.
     */
    static final class StopFlag implements Scenario {
        private final boolean fixed;
        private boolean stop;
        private volatile boolean volatileStop;
        private long spins;

        StopFlag(boolean fixed) {
            this.fixed = fixed;
        }

        @Override
        public void part(int thread) throws InterruptedException {
            if (thread == 0) {
                long local = 0;
                if (fixed) {
                    while (!volatileStop) {
                        local++;
                    }
                } else {
                    while (!stop) {
                        local++;
                    }
                }
                spins = local;
            } else {
                // Long enough for the spinning loop to be compiled.
                Thread.sleep(20);
                if (fixed) {
                    volatileStop = true;
                } else {
                    stop = true;
                }
            }
        }

        @Override
        public void check() {
            expect(spins >= 0, "spun " + spins);
        }
    }

    /** {@code map.put(k, map.get(k) + 1)} on a {@code ConcurrentHashMap}: each call is atomic, the pair is not. */
    static final class GetThenPut implements Scenario {
        private final boolean fixed;
        private final ConcurrentHashMap<String, Integer> map = new ConcurrentHashMap<>(Map.of("hits", 0));

        GetThenPut(boolean fixed) {
            this.fixed = fixed;
        }

        @Override
        public void part(int thread) {
            for (int i = 0; i < OPS; i++) {
                if (fixed) {
                    map.merge("hits", 1, Integer::sum);
                } else {
                    map.put("hits", map.get("hits") + 1);
                }
            }
        }

        @Override
        public void check() {
            int hits = map.get("hits");
            expect(hits == Kernel.THREADS * OPS, "expected " + Kernel.THREADS * OPS + " hits but counted " + hits);
        }
    }

    /** A transfer that locks its source then its target: two opposite transfers can deadlock. */
    static final class LockOrder implements Scenario {
        private final boolean fixed;
        private final Object[] accounts = {new Object(), new Object()};
        private final int[] balances = {100, 100};

        LockOrder(boolean fixed) {
            this.fixed = fixed;
        }

        private void transfer(int from, int to, int amount) {
            Object first = accounts[fixed ? Math.min(from, to) : from];
            Object second = accounts[fixed ? Math.max(from, to) : to];
            synchronized (first) {
                synchronized (second) {
                    balances[from] -= amount;
                    balances[to] += amount;
                }
            }
        }

        @Override
        public void part(int thread) {
            for (int i = 0; i < OPS; i++) {
                transfer(thread, 1 - thread, 1);
            }
        }

        @Override
        public void check() {
            expect(balances[0] + balances[1] == 200, "money appeared or vanished: " + balances[0] + " + " + balances[1]);
        }
    }
}
