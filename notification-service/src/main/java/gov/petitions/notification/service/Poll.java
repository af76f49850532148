package gov.petitions.notification.service;

import gov.petitions.notification.repository.Petition;
import gov.petitions.platform.events.CloudEvent;
import gov.petitions.platform.events.TraceContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the events of one Kafka poll leave to be written together ({@link Notifier#flush}): their messages (one
 * insert of all of them, one read of the template versions in use, one read of the organisations' channels), the
 * units that took their cases over (one ordered bulk write), and what may be recorded only once their messages are
 * stored (a parked step told, a hot spot's sequence). An event's share is staged while it is applied and dropped if it
 * fails ({@link #apply}), so one bad record costs its neighbours nothing.
 *
 * <p>Used by one consumer thread at a time; not thread-safe.
 */
public final class Poll {

    /**
     * One event's messages, before they are routed to channels and rendered.
     *
     * @param trace the event's consumer span, current while it was applied (null if none): its messages keep it, for
     *              their delivery attempts to continue the event's trace after the poll is written
     */
    record Staged(CloudEvent event, List<Notifier.Draft> drafts, TraceContext trace) {
    }

    /** A case's new unit (its name null if the event gave none), in the order of its partition. */
    record UnitAssignment(String petitionId, String unitCode, String unitName) {
    }

    final List<Staged> staged = new ArrayList<>();
    final List<UnitAssignment> units = new ArrayList<>();
    /** Registrations, written together before the messages; the steps parked for them are told then. */
    final List<gov.petitions.notification.repository.Petitions.Registration> registrations = new ArrayList<>();
    final List<Runnable> afterStored = new ArrayList<>();
    /** Petitions known to be registered before the poll was applied (one read for the poll); a petitioner never changes. */
    final Map<String, Petition> registered = new HashMap<>();
    /** Hot-spot sequences told by this poll's earlier events, not yet written. */
    final Map<String, Integer> hotspotSequences = new HashMap<>();
    private final Set<String> applied = new HashSet<>();

    Poll() {
    }

    /**
     * Applies one event: what {@code handler} stages stays if it returns, and is dropped if it throws (the exception
     * is passed on, for the record to be dead-lettered). An event id seen before in this poll (a producer's retry) is
     * applied once.
     *
     * @return false if the event had been applied in this poll already
     */
    public boolean apply(CloudEvent event, Runnable handler) {
        if (!applied.add(event.id().toString())) {
            return false;
        }
        int messages = staged.size();
        int assignments = units.size();
        int registered = registrations.size();
        int after = afterStored.size();
        Map<String, Integer> sequences = new HashMap<>(hotspotSequences);
        try {
            handler.run();
            return true;
        } catch (RuntimeException e) {
            staged.subList(messages, staged.size()).clear();
            units.subList(assignments, units.size()).clear();
            registrations.subList(registered, registrations.size()).clear();
            afterStored.subList(after, afterStored.size()).clear();
            hotspotSequences.clear();
            hotspotSequences.putAll(sequences);
            throw e;
        }
    }

    /** Whether nothing is left to write. */
    public boolean isEmpty() {
        return staged.isEmpty() && units.isEmpty() && registrations.isEmpty() && afterStored.isEmpty();
    }

    /** The number of events staged with messages (for logs and tests). */
    public int events() {
        return staged.size();
    }
}
