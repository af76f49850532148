package gov.petitions.intake.rest;

import gov.petitions.intake.Channel;
import gov.petitions.intake.Petition.AccusedKind;
import gov.petitions.intake.validation.LocalClockProvider;
import gov.petitions.intake.validation.PlainText;
import gov.petitions.intake.validation.ResidentIdNumber;
import gov.petitions.platform.province.InProvince;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.List;

/**
 * The bodies callers send. Only the format is checked here (人员不选择、事项不过滤): whether a matter is
 * "acceptable" is never intake's call. Every field has a limit; every string is checked for control characters.
 */
public final class PetitionRequests {

    static final String CATEGORY = "^[a-z][a-z0-9-]{1,39}$";
    /** Any province's county (6 digits) or township (9); which province is configuration, checked by {@link InProvince}. */
    static final String LOCATION = InProvince.PLACE;
    static final String LOCATION_MESSAGE = "must be a county (6 digits) or township (9 digits) division code";
    static final String PHONE = "^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$";
    static final String UNIT_CODE = "^[A-Z0-9][A-Z0-9-]{1,63}$";
    /** 14 digits, or 17 once the suffix is widened (intake.tracking-number.suffix-digits): both stay valid. */
    static final String TRACKING = "^XF[0-9]{14}([0-9]{3})?$";
    /** 13 characters (65 bits); receipts handed out earlier carry 8, and those stay valid (under the lock). */
    static final String QUERY_CODE = "^[A-Za-z0-9]{8}([A-Za-z0-9]{4,24})?$";
    static final int MAX_PERSONS = 10_000;
    static final int MAX_REPRESENTATIVES = 5;

    private PetitionRequests() {
    }

    public record PetitionerDetails(
            @NotBlank @Size(max = 50) @PlainText String name,
            @NotBlank @Pattern(regexp = PHONE, message = "must be a mainland mobile (11 digits) or landline number") String phone,
            @ResidentIdNumber String idNumber,
            @Size(max = 200) @PlainText String address,
            @jakarta.validation.constraints.Email @Size(max = 254) @PlainText String email) {
    }

    /** A representative of a group petition (集体访代表): identified by resident ID number. */
    public record Representative(
            @NotBlank @Size(max = 50) @PlainText String name,
            @NotBlank @ResidentIdNumber String idNumber,
            @Pattern(regexp = PHONE, message = "must be a mainland mobile (11 digits) or landline number") String phone) {
    }

    /** Someone a report or accusation (检举、揭发) is about: a person, or a unit or company (optionally its code). */
    public record Accused(
            @NotBlank @Size(max = 100) @PlainText String name,
            @NotNull AccusedKind kind,
            @Pattern(regexp = UNIT_CODE, message = "must be a unit code such as 341302-HRSS") String unitCode) {
    }

    /** A letter's dates (来信): received by the bureau, and the envelope's postmark. */
    public record LetterDetails(
            @NotNull @PastOrPresent LocalDate receivedOn,
            @PastOrPresent LocalDate postmarkedOn) {

        @AssertTrue(message = "the postmark cannot be later than the day the letter was received, nor a year earlier")
        public boolean isPostmarkPlausible() {
            return postmarkedOn == null || receivedOn == null
                    || (!postmarkedOn.isAfter(receivedOn) && postmarkedOn.isAfter(receivedOn.minusYears(1)));
        }

        @AssertTrue(message = "must be within the last year")
        public boolean isReceivedRecently() {
            return receivedOn == null || receivedOn.isAfter(LocalClockProvider.today().minusYears(1));
        }
    }

    /** A leader's written instruction (批示) on the petition. */
    public record LeaderInstruction(
            @NotBlank @Size(max = 100) @PlainText String leader,
            @NotBlank @Size(max = 2000) @PlainText(multiline = true) String text) {
    }

    /**
     * Registered by a clerk: walk-in, letter, hotline, or an online petition that reached the bureau another way
     * (e.g. its mailbox) and is keyed in by staff. Citizens submit online at POST /public/petitions.
     */
    public record RegisterPetition(
            @NotNull Channel channel,
            @NotBlank @Pattern(regexp = CATEGORY, message = "must be a category code such as labour-wages") String categoryCode,
            @NotBlank @Pattern(regexp = LOCATION, message = LOCATION_MESSAGE) @InProvince String locationCode,
            @NotBlank @Size(max = 500) @PlainText String summary,
            @Size(max = 20000) @PlainText(multiline = true) String content,
            @Min(1) @Max(MAX_PERSONS) Integer personCount,
            @NotNull @Valid PetitionerDetails petitioner,
            @Size(max = MAX_REPRESENTATIVES) List<@NotNull @Valid Representative> representatives,
            @Valid LetterDetails letter,
            @Valid LeaderInstruction instruction,
            @Size(max = 20) List<@NotNull @Valid Accused> accused) {

        @AssertTrue(message = "a letter needs its received date (letter.receivedOn), and only letters have one")
        public boolean isLetterGivenForLetters() {
            return channel == null || (channel == Channel.LETTER) == (letter != null);
        }

        @AssertTrue(message = "a group petition counts at least as many persons as it has representatives")
        public boolean isPersonCountCoveringRepresentatives() {
            return representatives == null || representatives.size() <= (personCount == null ? 1 : personCount);
        }
    }

    /** A visit registered at a reception session's desk from a called ticket (来访). */
    public record RegisterVisit(
            @NotBlank @Pattern(regexp = CATEGORY, message = "must be a category code such as labour-wages") String categoryCode,
            @NotBlank @Pattern(regexp = LOCATION, message = LOCATION_MESSAGE) @InProvince String locationCode,
            @NotBlank @Size(max = 500) @PlainText String summary,
            @Size(max = 20000) @PlainText(multiline = true) String content,
            @Min(1) @Max(MAX_PERSONS) Integer personCount,
            @NotNull @Valid PetitionerDetails petitioner,
            @Size(max = MAX_REPRESENTATIVES) List<@NotNull @Valid Representative> representatives,
            @Size(max = 20) List<@NotNull @Valid Accused> accused,
            /* true when the session's leader received this visitor in person (领导亲自接访) */
            Boolean receivedByLeader) {

        @AssertTrue(message = "a group petition counts at least as many persons as it has representatives")
        public boolean isPersonCountCoveringRepresentatives() {
            return representatives == null || representatives.size() <= (personCount == null ? 1 : personCount);
        }
    }

    /**
     * Submitted by the citizen online, no login (网上信访). A group (集体访) gives how many persons it speaks for and
     * names at most five representatives (《信访工作条例》), as at the desk: one batch, personCount person-times.
     */
    public record OnlinePetition(
            @NotBlank @Pattern(regexp = CATEGORY, message = "must be a category code such as labour-wages") String categoryCode,
            @NotBlank @Pattern(regexp = LOCATION, message = LOCATION_MESSAGE) @InProvince String locationCode,
            @NotBlank @Size(max = 500) @PlainText String summary,
            @Size(max = 20000) @PlainText(multiline = true) String content,
            @Min(1) @Max(MAX_PERSONS) Integer personCount,
            @NotNull @Valid PetitionerDetails petitioner,
            @Size(max = MAX_REPRESENTATIVES, message = "a group names at most 5 representatives")
            List<@NotNull @Valid Representative> representatives,
            @Size(max = 20) List<@NotNull @Valid Accused> accused) {

        @AssertTrue(message = "a group petition counts at least as many persons as it has representatives")
        public boolean isPersonCountCoveringRepresentatives() {
            return representatives == null || representatives.size() <= (personCount == null ? 1 : personCount);
        }
    }

    /** A clerk changes a person's stored contact at the desk, the person present, for one of the person's petitions. */
    public record ContactChangeRequest(
            @NotNull java.util.UUID petitionId,
            @NotBlank @Size(max = 50) @PlainText String name,
            @Pattern(regexp = PHONE, message = "must be a mainland mobile (11 digits) or landline number") String phone,
            @Size(max = 200) @PlainText String address,
            @jakarta.validation.constraints.Email @Size(max = 254) @PlainText String email,
            @NotNull @AssertTrue(message = "the person must be present at the desk to change their stored contact") Boolean personPresent) {
    }

    public record EvaluationRequest(
            @NotBlank @Pattern(regexp = TRACKING, message = "must be a tracking number such as XF20261126000001") String trackingNumber,
            @NotBlank @Pattern(regexp = QUERY_CODE, message = "must be the query code on the receipt (13 characters; 8 on older receipts)") String queryCode,
            @NotNull Boolean satisfied,
            @Size(max = 2000) @PlainText(multiline = true) String comment) {
    }

    public record ReviewRequest(
            @NotBlank @Pattern(regexp = TRACKING, message = "must be a tracking number such as XF20261126000001") String trackingNumber,
            @NotBlank @Pattern(regexp = QUERY_CODE, message = "must be the query code on the receipt (13 characters; 8 on older receipts)") String queryCode,
            @NotBlank @Size(max = 2000) @PlainText(multiline = true) String reason) {
    }

    public record StatusLookup(
            @NotBlank @Pattern(regexp = TRACKING, message = "must be a tracking number such as XF20261126000001") String trackingNumber,
            @NotBlank @Pattern(regexp = QUERY_CODE, message = "must be the query code on the receipt (13 characters; 8 on older receipts)") String queryCode) {
    }
}
