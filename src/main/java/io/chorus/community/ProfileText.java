package io.chorus.community;

import io.chorus.model.Profile;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of a profile that gets embedded for community clustering.
 *
 * <p>The bio is the signal; name and location are used only when the bio is empty. This is a measured choice,
 * not an omission: with all-MiniLM-L6-v2 on the labelled fixture ({@code community-bios.jsonl}) and the sample's
 * 125 profiles, online clustering agreement (NMI) was 0.71 / 1.00 on the bio alone, 0.61 / 0.96 with the location
 * appended, and 0.22 / 0.84 with "name. bio location": person names are shared by no community but make every
 * profile look alike to the model (mean cosine between different communities rose from 0.10 to 0.22).
 */
public final class ProfileText {

    /** Embedded when a profile has no bio, name, handle or location, so that embedders never see a blank text. */
    static final String EMPTY_PROFILE = "(empty profile)";

    private ProfileText() {
    }

    /** Never blank: the bio, else name, handle and location joined, else a fixed placeholder. */
    public static String of(Profile profile) {
        String bio = trimmed(profile.bio());
        if (!bio.isEmpty()) {
            return bio;
        }
        List<String> parts = new ArrayList<>(3);
        for (String part : new String[] {profile.name(), profile.handle(), profile.location()}) {
            if (!trimmed(part).isEmpty()) {
                parts.add(trimmed(part));
            }
        }
        return parts.isEmpty() ? EMPTY_PROFILE : String.join(", ", parts);
    }

    private static String trimmed(String s) {
        return s == null ? "" : s.strip();
    }
}
