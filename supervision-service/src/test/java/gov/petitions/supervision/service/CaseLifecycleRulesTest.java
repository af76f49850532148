package gov.petitions.supervision.service;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.supervision.CaseStatus;
import gov.petitions.supervision.LedgerEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static gov.petitions.supervision.CaseStatus.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state machine alone, every action from every state, without a running service: what 《信访工作条例》 allows in
 * each state (see docs/case-lifecycle.md) and, for everything else, one 409 {@code illegal-transition} naming the
 * current state and the states the action needs. CaseLifecycleTest walks the same rules through REST.
 */
class CaseLifecycleRulesTest {

    /** The table as the regulation and docs/case-lifecycle.md state it, written out independently of the enum. */
    static final Map<CaseLifecycle, Set<CaseStatus>> ALLOWED = new EnumMap<>(Map.ofEntries(
            Map.entry(CaseLifecycle.ACCEPT, EnumSet.of(ASSIGNED)),
            Map.entry(CaseLifecycle.NOT_ACCEPT, EnumSet.of(ASSIGNED)),
            Map.entry(CaseLifecycle.EXTEND, EnumSet.of(ACCEPTED)),
            Map.entry(CaseLifecycle.REPLY, EnumSet.of(ACCEPTED, EXTENDED, REVIEW_REQUESTED, RE_REVIEW_REQUESTED)),
            Map.entry(CaseLifecycle.EVALUATE, EnumSet.of(REPLIED, REVIEW_REPLIED, FINAL)),
            Map.entry(CaseLifecycle.REQUEST_REVIEW, EnumSet.of(REPLIED, EVALUATED)),
            Map.entry(CaseLifecycle.REQUEST_RE_REVIEW, EnumSet.of(REVIEW_REPLIED, EVALUATED)),
            Map.entry(CaseLifecycle.URGE, EnumSet.of(ASSIGNED, ACCEPTED, EXTENDED, REVIEW_REQUESTED, RE_REVIEW_REQUESTED)),
            // escalated: waiting for the level above, whose clocks will be the urgency's (docs/urgency.md)
            Map.entry(CaseLifecycle.SET_URGENCY, EnumSet.of(REGISTERED, ASSIGNED, ACCEPTED, EXTENDED, ESCALATED)),
            // 同一事项归并: only a case a unit works (or is about to), never a closed or escalated one (docs/linked-cases.md)
            Map.entry(CaseLifecycle.LINK, EnumSet.of(ASSIGNED, ACCEPTED, EXTENDED)),
            Map.entry(CaseLifecycle.REQUEST_ESCALATION, EnumSet.of(ASSIGNED, ACCEPTED, EXTENDED)),
            Map.entry(CaseLifecycle.ESCALATE_ON_BREACH, EnumSet.of(REGISTERED, ASSIGNED, ACCEPTED, EXTENDED)),
            Map.entry(CaseLifecycle.CALL_BACK, EnumSet.of(REPLIED, EVALUATED)),
            Map.entry(CaseLifecycle.REOPEN, EnumSet.of(REPLIED, EVALUATED)),
            Map.entry(CaseLifecycle.ESCALATE_UNRESOLVED, EnumSet.of(REPLIED, EVALUATED))));

    @Test
    void everyActionIsAllowedExactlyFromTheStatesTheRegulationGives() {
        assertEquals(EnumSet.allOf(CaseLifecycle.class), ALLOWED.keySet(), "every action has a row in this table");
        List<String> wrong = new ArrayList<>();
        for (CaseLifecycle action : CaseLifecycle.values()) {
            for (CaseStatus state : CaseStatus.values()) {
                if (action.allowedFrom(state) != ALLOWED.get(action).contains(state)) {
                    wrong.add(action + " from " + state + ": " + (action.allowedFrom(state) ? "allowed" : "refused"));
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyRefusalIsOne409NamingTheCurrentStateAndTheNeededOnes() {
        for (CaseLifecycle action : CaseLifecycle.values()) {
            for (CaseStatus state : EnumSet.complementOf(EnumSet.copyOf(ALLOWED.get(action)))) {
                ProblemException refused = assertThrows(ProblemException.class, () -> action.check(state), action + " from " + state);
                assertEquals(409, refused.problem().status());
                assertTrue(refused.problem().type().toString().endsWith("/illegal-transition"), refused.problem().type().toString());
                assertTrue(refused.problem().detail().startsWith("The case is " + state + ";"), refused.problem().detail());
                for (CaseStatus needed : ALLOWED.get(action)) {
                    assertTrue(refused.problem().detail().contains(needed.name()), refused.problem().detail());
                }
            }
        }
    }

    @Test
    void closedStatesAllowNoWorkOnTheCase() {
        // 终结, 不予受理 and returned: nothing but the petitioner's evaluation of a final answer
        for (CaseStatus closed : EnumSet.of(NOT_ACCEPTED, RETURNED, RE_REVIEW_REPLIED)) {
            for (CaseLifecycle action : CaseLifecycle.values()) {
                assertTrue(!action.allowedFrom(closed), action + " from " + closed);
            }
        }
        // escalated away, waiting for the level above: no work, only the urgency its clocks will have
        for (CaseLifecycle action : CaseLifecycle.values()) {
            assertEquals(action == CaseLifecycle.SET_URGENCY, action.allowedFrom(ESCALATED), action + " from ESCALATED");
        }
        for (CaseLifecycle action : CaseLifecycle.values()) {
            assertEquals(action == CaseLifecycle.EVALUATE, action.allowedFrom(FINAL), action + " from FINAL");
        }
    }

    @Test
    void whileAReviewAwaitsItsAssignmentEveryActionGetsTheSame409() {
        LedgerEntry entry = new LedgerEntry();
        entry.status = REVIEW_REQUESTED;
        entry.awaitingAssignment = true;
        for (CaseLifecycle action : CaseLifecycle.values()) {
            ProblemException refused = assertThrows(ProblemException.class, () -> action.check(entry), action.name());
            assertEquals(409, refused.problem().status());
            assertTrue(refused.problem().type().toString().endsWith("/awaiting-assignment"), action.name());
        }
        entry.awaitingAssignment = false;
        CaseLifecycle.REPLY.check(entry);
    }

    @Test
    void aUnitNeverAnswersTheReviewOfItsOwnAnswer() {
        LedgerEntry review = new LedgerEntry();
        review.status = REVIEW_REQUESTED;
        review.replyUnitCode = "341302-RSJ";
        assertThrows(ProblemException.class, () -> CaseLifecycle.checkAnswerer(review, "341302-RSJ"));
        CaseLifecycle.checkAnswerer(review, "3413-RSJ");

        LedgerEntry reReview = new LedgerEntry();
        reReview.status = RE_REVIEW_REQUESTED;
        reReview.replyUnitCode = "341302-RSJ";
        reReview.reviewUnitCode = "3413-RSJ";
        assertThrows(ProblemException.class, () -> CaseLifecycle.checkAnswerer(reReview, "3413-RSJ"));
        assertThrows(ProblemException.class, () -> CaseLifecycle.checkAnswerer(reReview, "341302-RSJ"));
        CaseLifecycle.checkAnswerer(reReview, "34-RSJ");
    }
}
