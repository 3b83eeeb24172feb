package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.llm.ModelCallException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A call's two retry budgets: errors spend attempts, refusals for the rate limit spend time. */
class CallBudgetTest {

    private static final ModelCallException REFUSED = new ModelCallException(ModelCallException.Kind.RATE_LIMITED, "429");
    private static final ModelCallException SERVER = new ModelCallException(ModelCallException.Kind.SERVER_ERROR, "500");
    private static final long S = 1_000_000_000L;

    private static CallBudget budget(int attempts, Duration rateLimited) {
        return new CallBudget(GatewaySettings.builder().maxAttempts(attempts).rateLimitedMax(rateLimited).build());
    }

    @Test
    void errorsSpendTheAttemptsTheFirstTryIncluded() {
        CallBudget b = budget(3, Duration.ofMinutes(5));
        assertThat(b.spend(SERVER, 0)).isFalse();
        assertThat(b.spend(SERVER, 0)).isFalse();
        assertThat(b.spend(SERVER, 0)).as("third failure of three attempts").isTrue();
    }

    @Test
    void refusalsForTheRateLimitSpendTimeNotAttempts() {
        CallBudget b = budget(2, Duration.ofSeconds(60));
        for (int i = 0; i < 50; i++) {
            assertThat(b.spend(REFUSED, i * S)).as("refusal %d, %d s after the first", i, i).isFalse();
        }
        assertThat(b.spend(REFUSED, 60 * S)).as("a minute after the first refusal").isTrue();
    }

    @Test
    void refusalsDoNotUseUpTheAttemptsOfRealErrors() {
        CallBudget b = budget(2, Duration.ofSeconds(60));
        b.spend(REFUSED, 0);
        b.spend(REFUSED, S);
        assertThat(b.spend(SERVER, 2 * S)).isFalse();
        assertThat(b.spend(SERVER, 3 * S)).isTrue();
    }
}
