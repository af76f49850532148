package gov.petitions.intake.reception;

import gov.petitions.intake.validation.LocalClockProvider;
import gov.petitions.intake.validation.PlainText;
import gov.petitions.platform.province.InProvince;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.FutureOrPresent;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

public final class SessionRequests {

    /** No body carries more desks than this; the configured maximum (intake.reception.max-desks, 60) is checked on creation. */
    public static final int HARD_MAX_DESKS = 500;

    private SessionRequests() {
    }

    public record DeskRequest(
            @NotBlank @Size(max = 100) @PlainText String name,
            @NotEmpty @Size(max = 10) List<@NotBlank @Size(max = 50) @PlainText String> staff) {
    }

    /** A reception session to announce: who receives, where, when, with which desks. */
    public record NewSession(
            @NotBlank @Size(max = 50) @PlainText String leaderName,
            @NotBlank @Size(max = 100) @PlainText String leaderTitle,
            @NotNull ReceptionSession.Level level,
            @NotBlank @Size(max = 200) @PlainText String venue,
            @NotBlank @Pattern(regexp = "^[1-9][0-9]{5}$", message = "must be a county-level division code (6 digits)") @InProvince String countyCode,
            @NotNull @FutureOrPresent LocalDate date,
            @NotNull LocalTime startsAt,
            @NotNull LocalTime endsAt,
            @NotEmpty @Size(max = HARD_MAX_DESKS) List<@NotNull @Valid DeskRequest> desks) {

        @AssertTrue(message = "a session ends after it starts")
        public boolean isEndingAfterStart() {
            return startsAt == null || endsAt == null || endsAt.isAfter(startsAt);
        }

        @AssertTrue(message = "must be within the next year")
        public boolean isWithinAYear() {
            return date == null || date.isBefore(LocalClockProvider.today().plusYears(1));
        }
    }
}
