package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Proves the adaptive concurrency limit alone: halves on refusals, grows back on answers, stays within [1, max]. */
class AdaptiveConcurrencyTest {

    @Test
    void startsAtTheMaximum() {
        assertThat(new AdaptiveConcurrency(16).limit()).isEqualTo(16);
    }

    @Test
    void aRefusalHalvesTheLimitDownToOne() throws Exception {
        AdaptiveConcurrency c = new AdaptiveConcurrency(16);
        List<Integer> limits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            c.acquire();
            c.release(true);
            limits.add(c.limit());
        }
        assertThat(limits).containsExactly(8, 4, 2, 1, 1, 1);
    }

    @Test
    void answersRaiseTheLimitBackButNotPastTheMaximum() throws Exception {
        AdaptiveConcurrency c = new AdaptiveConcurrency(4);
        c.acquire();
        c.release(true); // 2
        for (int i = 0; i < 100; i++) {
            c.acquire();
            c.release(false);
        }
        assertThat(c.limit()).isEqualTo(4);
    }

    @Test
    void callsBeyondTheLimitWaitForAPermit() throws Exception {
        AdaptiveConcurrency c = new AdaptiveConcurrency(1);
        c.acquire();
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            try {
                c.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(second).as("waits while the first runs").isNotDone();
        c.release(false);
        assertThat(second).succeedsWithin(Duration.ofSeconds(30));
        c.release(false);
    }
}
