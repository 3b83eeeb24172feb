package io.chorus.model;

import io.chorus.serde.Versioned;


/**
 * How a campaign's audience reacted, on {@code chorus.campaigns.outcomes} (compacted, key: {@code <campaignId>|<variant>}):
 * the sentiment of posts that answer a post the campaign wrote a reply to, aggregated per campaign and variant.
 *
 * @param variant  prompt version and model of the generated replies ({@code reply-v2/gpt-4o-mini}), so variants compare
 * @param replies  audience posts counted
 * @param scoreSum sum of their sentiment (0–100)
 */
public record CampaignOutcome(Integer schemaVersion, String campaignId, String variant, long replies, double scoreSum, long positive,
                              long neutral, long negative) implements Versioned {

    public static final int SCHEMA_VERSION = 1;

    public static CampaignOutcome empty() {
        return new CampaignOutcome(SCHEMA_VERSION, null, null, 0, 0, 0, 0, 0);
    }

    public double meanScore() {
        return replies == 0 ? Double.NaN : scoreSum / replies;
    }

    public CampaignOutcome add(String campaign, String variantName, double score, SentimentLabel label) {
        return new CampaignOutcome(SCHEMA_VERSION, campaign, variantName, replies + 1, scoreSum + score,
                positive + (label == SentimentLabel.POSITIVE ? 1 : 0), neutral + (label == SentimentLabel.NEUTRAL ? 1 : 0),
                negative + (label == SentimentLabel.NEGATIVE ? 1 : 0));
    }
}
