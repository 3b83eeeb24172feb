package io.chorus.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.llm.ChatRequest;
import org.junit.jupiter.api.Test;

/** Proves the response cache alone: keys are equal exactly for equal questions, and answers are kept. */
class ResponseCacheTest {

    private final ResponseCache cache = new ResponseCache("m", "temperature=0.0", 10);
    private final ChatRequest question = ChatRequest.builder("a post").system("Grade it.").maxTokens(8).build();

    @Test
    void anEqualQuestionHasAnEqualKey() {
        assertThat(cache.key(ChatRequest.builder("a post").system("Grade it.").maxTokens(8).build())).isEqualTo(cache.key(question));
    }

    @Test
    void anyDifferenceInTheQuestionChangesTheKey() {
        assertThat(cache.key(ChatRequest.builder("a post!").system("Grade it.").maxTokens(8).build())).isNotEqualTo(cache.key(question));
        assertThat(cache.key(ChatRequest.builder("a post").system("Grade it.").maxTokens(9).build())).isNotEqualTo(cache.key(question));
        assertThat(cache.key(ChatRequest.builder("a post").system("Grade it.").maxTokens(8).jsonOutput().build())).isNotEqualTo(cache.key(question));
        assertThat(new ResponseCache("other-model", "temperature=0.0", 10).key(question)).isNotEqualTo(cache.key(question));
        assertThat(new ResponseCache("m", "temperature=0.7", 10).key(question)).isNotEqualTo(cache.key(question));
    }

    @Test
    void aRememberedAnswerIsServed() {
        ModelAnswer answer = ModelAnswer.fresh("80", "m", 3, 1, new ModelAnswer.Call(0.01, 5, 1));
        cache.put(cache.key(question), answer);
        assertThat(cache.get(cache.key(question))).isEqualTo(answer);
        assertThat(cache.get("unknown")).isNull();
    }
}
