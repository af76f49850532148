package gov.petitions.intake.service;

import gov.petitions.intake.Petition;
import gov.petitions.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How alike other petitions' descriptions are to one petition's, by the rule repeats use ({@link TextSimilarity}):
 * for supervision's suggestions of cases to handle as one matter (同一事项归并), whose ledger holds no text. Only
 * the numbers leave intake, never a text.
 */
@ApplicationScoped
public class MatterSimilarity {

    /** The most candidates one question may name: a suggestion list is short. */
    public static final int MAX_CANDIDATES = 50;

    @Transactional
    public Map<UUID, Double> scores(UUID petitionId, List<UUID> candidates) {
        Petition petition = Petition.findById(petitionId);
        if (petition == null) {
            throw ProblemException.notFound("Petition", "No petition " + petitionId);
        }
        String text = text(petition);
        Map<UUID, Double> scores = new LinkedHashMap<>();
        // unknown candidates (not registered here, or not yet) are left out: the caller ranks them last
        for (Petition other : Petition.<Petition>list("id in ?1", List.copyOf(candidates))) {
            scores.put(other.id, Math.round(TextSimilarity.dice(text, text(other)) * 1000) / 1000.0);
        }
        return scores;
    }

    private static String text(Petition p) {
        return p.summary + " " + (p.content == null ? "" : p.content);
    }
}
