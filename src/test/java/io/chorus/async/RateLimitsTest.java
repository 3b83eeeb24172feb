package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.llm.ChatRequest;
import io.chorus.llm.ModelCallException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Proves the rate limits alone: the request budget, the token budget and the charge of a request. */
class RateLimitsTest {

    private static final ChatRequest SMALL = ChatRequest.builder("x".repeat(40)).maxTokens(6).build();

    @Test
    void requestsBeyondTheBudgetGetNoPermitWithinTheWait() throws Exception {
        RateLimits limits = new RateLimits("e", 2, 1_000_000, Duration.ZERO);
        limits.acquire(SMALL);
        limits.acquire(SMALL);
        assertThatThrownBy(() -> limits.acquire(SMALL)).isInstanceOfSatisfying(ModelCallException.class,
                e -> assertThat(e.kind()).isEqualTo(ModelCallException.Kind.RATE_LIMITED));
    }

    @Test
    void aRequestIsChargedItsPromptEstimateAndAnswerLimit() {
        RateLimits limits = new RateLimits("e", 600, 600_000, Duration.ZERO);
        assertThat(limits.cost(SMALL)).isEqualTo(10 + 6);
        assertThat(limits.cost(ChatRequest.of(null, "x".repeat(40)))).as("no answer limit: 64 assumed").isEqualTo(10 + 64);
    }

    @Test
    void theTokenBudgetHoldsBackARequestThatWouldExceedIt() throws Exception {
        RateLimits limits = new RateLimits("e", 6_000, 60 * 20, Duration.ZERO); // 20 tokens per second
        limits.acquire(SMALL); // 16
        assertThatThrownBy(() -> limits.acquire(SMALL)).isInstanceOf(ModelCallException.class);
    }
}
