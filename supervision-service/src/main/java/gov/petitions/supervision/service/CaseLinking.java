package gov.petitions.supervision.service;

import gov.petitions.platform.bulk.BulkItems;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.CaseScope;
import gov.petitions.platform.security.Roles;
import gov.petitions.supervision.CaseLink;
import gov.petitions.supervision.LedgerEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One matter, many petitioners (同一事项归并, docs/linked-cases.md): a clerk or supervisor links the cases of one matter
 * to a lead case, which its unit handles once for all; {@link CaseLedger} carries each step of the lead to its members.
 * This decides who may link which cases: every case of the matter in the caller's jurisdiction and not recusing it,
 * open, and no case of the matter accusing the unit of another (回避) — checked for the whole request, which is linked
 * entirely or not at all.
 */
@ApplicationScoped
public class CaseLinking {

    /** The most candidates one suggestion list holds. */
    public static final int MAX_SUGGESTIONS = 100;

    private final CaseLedger ledger;
    private final EntityManager entityManager;

    private final gov.petitions.supervision.client.IntakeArchive intake;

    public CaseLinking(CaseLedger ledger, EntityManager entityManager, gov.petitions.supervision.client.IntakeArchive intake) {
        this.ledger = ledger;
        this.entityManager = entityManager;
        this.intake = intake;
    }

    /** A case as the matter's view shows it; {@code linkedAt}/{@code linkReason} for a member only. */
    public record MatterCase(UUID petitionId, String trackingNumber, String status, String unitCode, String level,
                             String categoryCode, String locationCode, int personCount, OffsetDateTime registeredAt,
                             OffsetDateTime linkedAt, String linkedByRole, String linkReason, Double similarity) {

        static MatterCase of(LedgerEntry e, CaseLink link) {
            return new MatterCase(e.petitionId, e.trackingNumber, e.status.name(), e.unitCode, e.level, e.categoryCode,
                    e.locationCode, e.personCount, e.registeredAt, link == null ? null : link.linkedAt,
                    link == null ? null : link.linkedByRole, link == null ? null : link.reason, null);
        }

        /** similarity: a suggestion's, how alike its text is to the matter's (0-1, intake's); null when unknown */
        MatterCase withSimilarity(Double similarity) {
            return new MatterCase(petitionId, trackingNumber, status, unitCode, level, categoryCode, locationCode,
                    personCount, registeredAt, linkedAt, linkedByRole, linkReason, similarity);
        }
    }

    /**
     * The matter a case belongs to: its lead (null when the caller may not see it) and the members the caller may see;
     * batches (批次) and person-times (人次) of those cases. A case in no matter is a matter of one.
     */
    public record Matter(UUID petitionId, String role, MatterCase lead, List<MatterCase> members, int batches,
                         int personTimes) {
    }

    /**
     * Who may link a case: a clerk or supervisor of the petition bureau whose jurisdiction holds it, never one inside
     * its recusal set; a case whose accusation is not known yet is no jurisdiction's.
     */
    static boolean mayLink(CallerScope caller, LedgerEntry entry) {
        if (!(caller.has(Roles.SUPERVISOR) || caller.has(Roles.CLERK)) || caller.jurisdiction().isEmpty()
                || entry == null || !entry.accusationKnown()) {
            return false;
        }
        String jurisdiction = caller.jurisdiction().get();
        return CaseScope.within(entry.locationCode, jurisdiction) && !entry.scope().recuses(jurisdiction);
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("Case", "No case with petition id " + id);
    }

    /**
     * Links the cases to the lead, all or none, in one transaction: each member's clocks stop, it takes the lead's
     * unit and status, its petitioner is told (case.status-changed) and case.linked says so. A case already a member
     * of this lead is left as it is.
     */
    @Transactional
    public Matter link(UUID leadId, List<UUID> caseIds, CallerScope caller, CaseLedger.Actor actor, String reason) {
        if (caseIds.size() > BulkItems.MAX_ITEMS) {
            throw ProblemException.badRequest("too-many-cases", "Too many cases",
                    "At most " + BulkItems.MAX_ITEMS + " cases at a time; " + caseIds.size() + " were given");
        }
        Set<UUID> distinct = new HashSet<>();
        for (UUID id : caseIds) {
            if (id.equals(leadId)) {
                throw ProblemException.badRequest("self-link", "A case cannot be linked to itself",
                        "Case " + id + " is the lead case; list only the cases to handle with it");
            }
            if (!distinct.add(id)) {
                throw ProblemException.badRequest("duplicate-case", "A case listed twice",
                        "Case " + id + " is listed more than once");
            }
        }
        // every case of the request locked, in one order, so that two links or a link and a split never interleave
        Map<UUID, LedgerEntry> locked = new LinkedHashMap<>();
        for (UUID id : new TreeSet<>(Stream.concat(Stream.of(leadId), caseIds.stream()).toList())) {
            locked.put(id, entityManager.find(LedgerEntry.class, id, LockModeType.PESSIMISTIC_WRITE));
        }
        LedgerEntry lead = locked.get(leadId);
        if (!mayLink(caller, lead)) {
            throw notFound(leadId);
        }
        CaseLink leadsLink = CaseLink.ofMember(leadId).orElse(null);
        if (leadsLink != null) {
            throw ProblemException.conflict("lead-is-member", "The lead case is itself a member",
                    "Case " + lead.trackingNumber + " is handled with " + nameFor(caller, leadsLink.leadId)
                            + "; link the cases to that lead case instead");
        }
        checkLinkable(lead, "lead");
        List<LedgerEntry> joining = new ArrayList<>();
        for (UUID id : caseIds) {
            LedgerEntry member = locked.get(id);
            if (!mayLink(caller, member)) {
                throw notFound(id);
            }
            CaseLink existing = CaseLink.ofMember(id).orElse(null);
            if (existing != null && existing.leadId.equals(leadId)) {
                continue; // asked again: it is a member already
            }
            if (existing != null) {
                throw ProblemException.conflict("linked-elsewhere", "Already handled with another case",
                        "Case " + member.trackingNumber + " is handled with " + nameFor(caller, existing.leadId)
                                + "; unlink it there first");
            }
            if (CaseLink.isLead(id)) {
                throw ProblemException.conflict("member-is-lead", "The case leads a matter of its own",
                        "Case " + member.trackingNumber + " is the lead case of other cases; matters do not nest: "
                                + "unlink its cases first, or make it the lead");
            }
            checkLinkable(member, "member");
            joining.add(member);
        }
        List<LedgerEntry> standing = LedgerEntry.list("petitionId in ?1",
                CaseLink.ofLead(leadId).stream().map(l -> l.memberId).toList());
        List<LedgerEntry> matter = new ArrayList<>();
        matter.add(lead);
        matter.addAll(standing);
        matter.addAll(joining);
        checkNoRecusalBetween(matter);
        int cases = matter.size();
        String jurisdiction = caller.jurisdiction().orElse(null);
        for (LedgerEntry member : joining) {
            ledger.join(lead, member, actor, reason, jurisdiction, cases);
        }
        return matterOf(lead, caller, leadId);
    }

    /**
     * 回避 across the matter: no case of it may accuse the unit that handles another (the lead's unit handles them
     * all, and each member's unit would see the matter), nor any division at or under an accused unit's. Every pair is
     * looked at, so that the same matter is refused whichever case leads it and in whichever order cases joined.
     */
    static void checkNoRecusalBetween(List<LedgerEntry> matter) {
        for (LedgerEntry accuser : matter) {
            CaseScope scope = accuser.scope();
            for (LedgerEntry other : matter) {
                if (other != accuser && other.unitCode != null && scope.recuses(other.unitCode)) {
                    throw ProblemException.conflict("recusal-conflict", "The cases cannot be one matter (回避)",
                            "Case " + accuser.trackingNumber + " accuses the unit that holds case "
                                    + other.trackingNumber + " (" + other.unitCode + "), or its government: an "
                                    + "accusation is never put in front of the accused, so these cases are handled "
                                    + "apart");
                }
            }
        }
    }

    /** The lead's tracking number if the caller may see it, else no more than that there is one. */
    private static String nameFor(CallerScope caller, UUID leadId) {
        LedgerEntry lead = LedgerEntry.findById(leadId);
        return lead != null && CaseAccess.maySee(caller, lead) ? "lead case " + lead.trackingNumber
                : "another lead case";
    }

    /** Splits the member off the lead's matter: it is worked on its own again, at its current status. */
    @Transactional
    public Matter unlink(UUID leadId, UUID memberId, CallerScope caller, CaseLedger.Actor actor, String reason) {
        LedgerEntry first = entityManager.find(LedgerEntry.class, leadId.compareTo(memberId) < 0 ? leadId : memberId,
                LockModeType.PESSIMISTIC_WRITE);
        LedgerEntry second = entityManager.find(LedgerEntry.class, leadId.compareTo(memberId) < 0 ? memberId : leadId,
                LockModeType.PESSIMISTIC_WRITE);
        LedgerEntry lead = leadId.compareTo(memberId) < 0 ? first : second;
        LedgerEntry member = leadId.compareTo(memberId) < 0 ? second : first;
        if (!mayLink(caller, lead)) {
            throw notFound(leadId);
        }
        if (!mayLink(caller, member)) {
            throw notFound(memberId);
        }
        CaseLink link = CaseLink.ofMember(memberId).filter(l -> l.leadId.equals(leadId)).orElseThrow(() ->
                ProblemException.conflict("not-linked", "Not a member of this case",
                        "Case " + member.trackingNumber + " is not handled with case " + lead.trackingNumber));
        ledger.leave(link, member, actor, reason, CaseLink.Cause.SPLIT, caller.jurisdiction().orElse(null));
        return matterOf(lead, caller, leadId);
    }

    /** The matter of a case the caller may see (else 404). */
    @Transactional
    public Matter matter(UUID petitionId, CallerScope caller) {
        LedgerEntry entry = CaseAccess.visible(petitionId, caller);
        CaseLink asMember = CaseLink.ofMember(petitionId).orElse(null);
        LedgerEntry lead = asMember == null ? entry : LedgerEntry.findById(asMember.leadId);
        return matterOf(lead, caller, petitionId);
    }

    private Matter matterOf(LedgerEntry lead, CallerScope caller, UUID asked) {
        List<CaseLink> links = CaseLink.ofLead(lead.petitionId);
        Map<UUID, LedgerEntry> entries = LedgerEntry.<LedgerEntry>list("petitionId in ?1",
                        links.isEmpty() ? List.of(lead.petitionId) : links.stream().map(l -> l.memberId).toList())
                .stream().collect(Collectors.toMap(e -> e.petitionId, e -> e));
        boolean leadVisible = CaseAccess.maySee(caller, lead);
        List<MatterCase> members = new ArrayList<>();
        int batches = leadVisible ? 1 : 0;
        int persons = leadVisible ? lead.personCount : 0;
        for (CaseLink link : links) {
            LedgerEntry member = entries.get(link.memberId);
            if (member != null && CaseAccess.maySee(caller, member)) {
                members.add(MatterCase.of(member, link));
                batches++;
                persons += member.personCount;
            }
        }
        String role = links.isEmpty() ? "NONE" : asked.equals(lead.petitionId) ? "LEAD" : "MEMBER";
        return new Matter(asked, role, leadVisible ? MatterCase.of(lead, null) : null, members, batches, persons);
    }

    /**
     * Open cases the caller may link that look like the same matter as the case: the same county (its 6-digit
     * division), the same category, the same accused units (none, or exactly the same), not in a matter yet, and
     * none that the recusal check would refuse; the most alike in text first (intake's similarity, since the ledger
     * keeps no text), newest first among equals.
     */
    public List<MatterCase> suggestions(UUID petitionId, CallerScope caller, int limit) {
        // the database's part in its own transaction, and intake asked after it: no connection held across the call
        Candidates found = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> candidates(petitionId, caller, limit));
        // the text, which the ledger does not hold: intake says how alike each is to the lead's (the rule repeats
        // use); most alike first, newest first among equals; without intake's answer, newest first as before
        Map<UUID, Double> similar = intake.similarity(found.leadId(),
                found.cases().stream().map(MatterCase::petitionId).toList());
        return found.cases().stream().map(c -> c.withSimilarity(similar.get(c.petitionId())))
                .sorted(java.util.Comparator.comparing((MatterCase c) -> c.similarity() == null ? -1.0 : c.similarity())
                        .reversed())
                .toList();
    }

    private record Candidates(UUID leadId, List<MatterCase> cases) {
    }

    private Candidates candidates(UUID petitionId, CallerScope caller, int limit) {
        LedgerEntry lead = LedgerEntry.findById(petitionId);
        if (!mayLink(caller, lead)) {
            throw notFound(petitionId); // without a jurisdiction too, as for any one case
        }
        String jurisdiction = caller.jurisdiction().orElseThrow();
        CaseLink asMember = CaseLink.ofMember(petitionId).orElse(null);
        if (asMember != null) {
            lead = LedgerEntry.findById(asMember.leadId);
            if (!mayLink(caller, lead)) {
                return new Candidates(lead.petitionId, List.of()); // its matter's lead is not the caller's to extend
            }
        }
        String location = lead.locationCode;
        String county = location.length() > 6 ? location.substring(0, 6) : location;
        @SuppressWarnings("unchecked")
        List<UUID> ids = entityManager.createNativeQuery(
                        "select l.petition_id from ledger_entry l"
                                + " where l.petition_id <> :lead and substr(l.location_code, 1, 6) = :county"
                                + " and l.category_code = :category and l.accused_unit_codes is not null"
                                + " and l.accused_unit_codes @> string_to_array(:accused, ',')::varchar[]"
                                + " and l.accused_unit_codes <@ string_to_array(:accused, ',')::varchar[]"
                                + " and l.status in ('ASSIGNED', 'ACCEPTED', 'EXTENDED') and not l.awaiting_assignment"
                                + " and l.location_code like :scope and not case_recuses(l.accused_unit_codes, :jurisdiction)"
                                + " and not exists (select 1 from case_link k where k.unlinked_at is null"
                                + "   and (k.member_id = l.petition_id or k.lead_id = l.petition_id))"
                                + " order by l.registered_at desc limit :limit", UUID.class)
                .setParameter("lead", lead.petitionId).setParameter("county", county)
                .setParameter("category", lead.categoryCode)
                .setParameter("accused", String.join(",", new TreeSet<>(List.of(lead.accusedUnitCodes))))
                .setParameter("scope", jurisdiction + "%").setParameter("jurisdiction", jurisdiction)
                .setParameter("limit", limit).getResultList();
        List<LedgerEntry> matter = new ArrayList<>();
        matter.add(lead);
        matter.addAll(LedgerEntry.list("petitionId in ?1",
                CaseLink.ofLead(lead.petitionId).stream().map(l -> l.memberId).toList()));
        List<MatterCase> candidates = new ArrayList<>();
        for (UUID id : ids) {
            LedgerEntry candidate = LedgerEntry.findById(id);
            if (candidate == null || !mayLink(caller, candidate)) {
                continue;
            }
            List<LedgerEntry> with = new ArrayList<>(matter);
            with.add(candidate);
            try {
                checkNoRecusalBetween(with);
            } catch (ProblemException refused) {
                continue; // linking it would be refused: not a suggestion
            }
            candidates.add(MatterCase.of(candidate, null));
        }
        return new Candidates(lead.petitionId, candidates);
    }

    /** The lifecycle's 409 for a case that cannot be linked now, naming which case of the request it is. */
    static void checkLinkable(LedgerEntry entry, String as) {
        try {
            CaseLifecycle.LINK.check(entry);
        } catch (ProblemException refused) {
            String type = refused.problem().type().getPath();
            throw ProblemException.conflict(type.substring(type.lastIndexOf('/') + 1), refused.problem().title(),
                    "Case " + entry.petitionId + " (" + entry.trackingNumber + ", the " + as + "): "
                            + refused.problem().detail());
        }
    }
}
