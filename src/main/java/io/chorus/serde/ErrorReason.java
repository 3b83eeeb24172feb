package io.chorus.serde;

/**
 * Why a record went to the dead-letter topic. The name is written to the {@code chorus.error.reason} header so
 * that operators can count and filter dead letters by cause.
 */
public enum ErrorReason {
    /** The bytes are not JSON (or not UTF-8). */
    MALFORMED_JSON,
    /** Valid JSON, but not an object. */
    NOT_AN_OBJECT,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type (e.g. a number where text is expected). */
    WRONG_TYPE,
    /** A field's value is outside what Chorus can process (e.g. a timestamp before 1970). */
    OUT_OF_RANGE,
    /** The record key and the value's own id disagree (e.g. a follow keyed by one user naming another as follower). */
    KEY_MISMATCH,
    /** A record without a key on a topic read by key (a table or a global store), which can file it nowhere. */
    MISSING_KEY,
    /** A record without a value (null) on a topic where every record must have one. */
    NULL_VALUE,
    /** A field is larger than the configured limit. */
    TOO_LARGE,
    /** {@code schemaVersion} is one this version of Chorus does not know. */
    UNSUPPORTED_SCHEMA_VERSION,
    /** A model call failed with an error that retrying cannot fix (auth, invalid request, unparseable answer). */
    MODEL_NON_RETRIABLE,
    /** A model call kept failing with retriable errors until the retry budget was spent. */
    MODEL_RETRIES_EXHAUSTED,
    /** A campaign the guardrails refuse (blocked topic, no visible disclosure, a cap out of range): never used. */
    CAMPAIGN_REFUSED,
    /** Generated output failed a guardrail check. */
    OUTPUT_REJECTED,
    /** An unexpected exception while processing a valid record. */
    PROCESSING_ERROR
}
