package gov.petitions.supervision.service;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.supervision.CaseStatus;
import gov.petitions.supervision.LedgerEntry;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static gov.petitions.supervision.CaseStatus.ACCEPTED;
import static gov.petitions.supervision.CaseStatus.ASSIGNED;
import static gov.petitions.supervision.CaseStatus.EXTENDED;
import static gov.petitions.supervision.CaseStatus.REGISTERED;

/**
 * Which action may happen in which state. Everything not listed is refused with 409 naming the
 * current state, so a unit's system knows exactly why.
 */
public enum CaseLifecycle {

    /** 受理: the unit takes the matter on; the 60-day handling clock starts. */
    ACCEPT(EnumSet.of(ASSIGNED), "accept"),
    /** 不予受理, with the reason the petitioner is told. */
    NOT_ACCEPT(EnumSet.of(ASSIGNED), "decline"),
    /** 延期: once, at most 30 days, approved by the unit head. */
    EXTEND(EnumSet.of(ACCEPTED), "extend"),
    /** 办结: the written reply; for a case under review or re-review, the review's answer. */
    REPLY(EnumSet.of(ACCEPTED, EXTENDED, CaseStatus.REVIEW_REQUESTED, CaseStatus.RE_REVIEW_REQUESTED), "reply to"),
    /** The petitioner says whether the reply satisfies them (满意度). */
    EVALUATE(EnumSet.of(CaseStatus.REPLIED, CaseStatus.REVIEW_REPLIED, CaseStatus.FINAL), "evaluate"),
    /** 复查: the level above the unit that replied looks at it again. */
    REQUEST_REVIEW(EnumSet.of(CaseStatus.REPLIED, CaseStatus.EVALUATED), "request a review of"),
    /** 复核: the level above the reviewer; its answer is final (终结). */
    REQUEST_RE_REVIEW(EnumSet.of(CaseStatus.REVIEW_REPLIED, CaseStatus.EVALUATED), "request a re-review of"),
    /**
     * 督办: a supervisor urges the unit working an open case, review and re-review included once they are assigned
     * (told as case.urged); a closed or escalated case has no unit working it.
     */
    URGE(EnumSet.of(ASSIGNED, ACCEPTED, EXTENDED, CaseStatus.REVIEW_REQUESTED, CaseStatus.RE_REVIEW_REQUESTED), "urge the unit on"),
    /**
     * 紧急程度: a supervisor sets how urgent an open case is, while an acceptance or handling clock runs or will run
     * (an escalated case's next unit); a closed case, or one under review (the statute's 30 days), has no such clock.
     */
    SET_URGENCY(EnumSet.of(REGISTERED, ASSIGNED, ACCEPTED, EXTENDED, CaseStatus.ESCALATED), "set the urgency of"),
    /**
     * 同一事项归并: a case joins a lead case's matter, or leads one, only while a unit works it or is about to (a unit
     * must hold the lead, for recusal to be checked against it); a closed or escalated case is not linked.
     */
    LINK(EnumSet.of(ASSIGNED, ACCEPTED, EXTENDED), "link"),
    /** "We cannot resolve it": the unit asks for the case to go a level up (提级). */
    REQUEST_ESCALATION(EnumSet.of(ASSIGNED, ACCEPTED, EXTENDED), "ask to escalate"),
    /** A breached acceptance or handling clock. */
    ESCALATE_ON_BREACH(EnumSet.of(REGISTERED, ASSIGNED, ACCEPTED, EXTENDED), "escalate"),
    /** 回访: the bureau calls the petitioner back after the written reply (办结), before any review is asked for. */
    CALL_BACK(EnumSet.of(CaseStatus.REPLIED, CaseStatus.EVALUATED), "call back on"),
    /**
     * 重新办理: a call-back found the petitioner not satisfied or the matter not resolved in fact; the unit that replied
     * handles it again, once, on a fresh handling clock (ACCEPTED).
     */
    REOPEN(EnumSet.of(CaseStatus.REPLIED, CaseStatus.EVALUATED), "reopen"),
    /** The second poor call-back at the same unit: the case goes a level up (提级), as if the unit could not resolve it. */
    ESCALATE_UNRESOLVED(EnumSet.of(CaseStatus.REPLIED, CaseStatus.EVALUATED), "escalate");

    private final Set<CaseStatus> from;
    private final String verb;

    CaseLifecycle(Set<CaseStatus> from, String verb) {
        this.from = from;
        this.verb = verb;
    }

    public boolean allowedFrom(CaseStatus status) {
        return from.contains(status);
    }

    /**
     * The case may take this action now: not while a review's (or re-review's) assignment is awaited, and only in a
     * state the action is allowed from.
     */
    public void check(LedgerEntry entry) {
        checkNotAwaitingAssignment(entry);
        check(entry.status);
    }

    /**
     * 复查 and 复核 are answered by the unit routing assigned them to, one level above the unit that answered before. Until
     * that assignment arrives the case still names the unit that replied, so every action is refused: one 409, the
     * same for every action and every caller who may act on the case.
     */
    public static void checkNotAwaitingAssignment(LedgerEntry entry) {
        if (entry.awaitingAssignment) {
            String what = entry.status == CaseStatus.RE_REVIEW_REQUESTED ? "re-review (复核)" : "review (复查)";
            throw ProblemException.conflict("awaiting-assignment", "Waiting for the " + what + " to be assigned",
                    "A " + what + " was requested; nothing can be done on the case until it is assigned to the "
                            + "reviewing unit, one level above the unit that answered");
        }
    }

    /**
     * A unit never answers the review of its own reply, and the reviewer never answers the re-review of its answer,
     * whatever the assignment says.
     */
    public static void checkAnswerer(LedgerEntry entry, String unit) {
        boolean ownReply = entry.status == CaseStatus.REVIEW_REQUESTED && unit.equals(entry.replyUnitCode);
        boolean ownReview = entry.status == CaseStatus.RE_REVIEW_REQUESTED
                && (unit.equals(entry.reviewUnitCode) || unit.equals(entry.replyUnitCode));
        if (ownReply || ownReview) {
            throw ProblemException.conflict("own-decision-under-review", "Your unit's answer is under review",
                    "The " + (ownReply ? "review (复查)" : "re-review (复核)")
                            + " of an answer is given by another unit, one level above the unit that answered");
        }
    }

    public void check(CaseStatus current) {
        if (!allowedFrom(current)) {
            throw ProblemException.conflict("illegal-transition", "Not possible in the case's current state",
                    "The case is " + current + "; you can " + verb + " it only when it is "
                            + from.stream().map(Enum::name).collect(Collectors.joining(" or ")));
        }
    }
}
