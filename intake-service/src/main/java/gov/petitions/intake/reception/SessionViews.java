package gov.petitions.intake.reception;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

public final class SessionViews {

    private SessionViews() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SessionView(UUID sessionId, String leaderName, String leaderTitle, ReceptionSession.Level level,
                              String venue, String countyCode, String countyName, LocalDate date, LocalTime startsAt,
                              LocalTime endsAt, List<ReceptionSession.Desk> desks, ReceptionSession.Status status,
                              OffsetDateTime publishedAt) {

        public static SessionView of(ReceptionSession s, String countyName) {
            return new SessionView(s.id, s.leaderName, s.leaderTitle, s.level, s.venue, s.countyCode, countyName,
                    s.sessionDate, s.startsAt, s.endsAt, s.desks, s.status,
                    gov.petitions.intake.rest.PetitionViews.inChina(s.publishedAt));
        }
    }

    /** A desk as the public sees it: its number (what visitors are called to) and its name, never who staffs it. */
    public record PublicDesk(int number, String name) {
    }

    /**
     * The announcement (公示): the receiving leader is public by design; the desk staff are not (they are named
     * only to staff, in {@link SessionView}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PublicSessionView(UUID sessionId, String leaderName, String leaderTitle, ReceptionSession.Level level,
                                    String venue, String countyCode, String countyName, LocalDate date,
                                    LocalTime startsAt, LocalTime endsAt, List<PublicDesk> desks,
                                    ReceptionSession.Status status, OffsetDateTime publishedAt) {

        public static PublicSessionView of(ReceptionSession s, String countyName) {
            List<PublicDesk> desks = new java.util.ArrayList<>();
            for (int i = 0; i < s.desks.size(); i++) {
                desks.add(new PublicDesk(i + 1, s.desks.get(i).name()));
            }
            return new PublicSessionView(s.id, s.leaderName, s.leaderTitle, s.level, s.venue, s.countyCode, countyName,
                    s.sessionDate, s.startsAt, s.endsAt, List.copyOf(desks), s.status,
                    gov.petitions.intake.rest.PetitionViews.inChina(s.publishedAt));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TicketView(UUID ticketId, int number, LocalDate queueDate, boolean carriedOver,
                             VisitorTicket.Status status, Integer desk, UUID petitionId) {

        public static TicketView of(VisitorTicket t) {
            return new TicketView(t.id, t.number, t.queueDate, t.carriedOver, t.status, t.desk, t.petitionId);
        }
    }
}
