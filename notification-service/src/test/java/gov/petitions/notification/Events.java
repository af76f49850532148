package gov.petitions.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Contract-valid events sent through the real broker. */
final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    static String trackingNumber() {
        return "XF20261126" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
    }

    static UUID registered(String petitionId, String petitionerRef, String trackingNumber) throws Exception {
        return registered(petitionId, petitionerRef, trackingNumber, null, null);
    }

    /** A registration at a given moment (RFC 3339 with any offset, as producers write it). */
    static UUID registeredAt(String petitionId, String petitionerRef, String trackingNumber, String registeredAt)
            throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("petition.registered"));
        data.put("petitionId", petitionId).put("trackingNumber", trackingNumber).put("petitionerRef", petitionerRef)
                .put("registeredAt", registeredAt);
        return send("petition.registered", "gov.petition.petition.registered.v1", petitionId, data);
    }

    /** A registration at a location of the test's own (null: the example's 340123100), accusing the units given. */
    static UUID registered(String petitionId, String petitionerRef, String trackingNumber, String locationCode,
                           java.util.List<String> accusedUnitCodes) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("petition.registered"));
        data.put("petitionId", petitionId).put("trackingNumber", trackingNumber).put("petitionerRef", petitionerRef)
                .put("registeredAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now()));
        if (locationCode != null) {
            data.put("locationCode", locationCode);
        }
        if (accusedUnitCodes != null) {
            data.putArray("accusedUnitCodes").addAll(accusedUnitCodes.stream()
                    .map(com.fasterxml.jackson.databind.node.TextNode::new).toList());
        }
        return send("petition.registered", "gov.petition.petition.registered.v1", petitionId, data);
    }

    static UUID assigned(String petitionId, String trackingNumber, String unitCode, String unitName) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("case.assigned"));
        data.put("petitionId", petitionId).put("trackingNumber", trackingNumber).put("sequence", 1).put("reason", "INITIAL");
        ((ObjectNode) data.get("unit")).put("code", unitCode).put("name", unitName);
        data.remove("previousUnit");
        return send("case.assigned", "gov.petition.case.assigned.v1", petitionId, data);
    }

    static UUID statusChanged(String petitionId, String trackingNumber, String from, String to, String reason)
            throws Exception {
        return statusChanged(petitionId, trackingNumber, from, to, reason, OffsetDateTime.now().plusDays(60).toString());
    }

    static UUID statusChanged(String petitionId, String trackingNumber, String from, String to, String reason,
                              String dueAt) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("case.status-changed"));
        data.put("petitionId", petitionId).put("trackingNumber", trackingNumber).put("fromStatus", from).put("toStatus", to)
                .put("reason", reason).put("changedAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now()))
                .put("dueAt", dueAt);
        return send("case.status-changed", "gov.petition.case.status-changed.v1", petitionId, data);
    }

    static UUID deadline(boolean breached, String petitionId, String trackingNumber, String unitCode,
                         OffsetDateTime dueAt) throws Exception {
        String event = breached ? "case.deadline-breached" : "case.deadline-warning";
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example(event));
        data.put("petitionId", petitionId).put("trackingNumber", trackingNumber).put("unitCode", unitCode)
                .put("dueAt", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(dueAt));
        return send(event, "gov.petition." + event + ".v1", petitionId, data);
    }

    private static final Map<UUID, String[]> SENT = new ConcurrentHashMap<>();

    /** The events sent inside {@link #inBurst}, by topic, not yet sent. */
    private static final ThreadLocal<Map<String, java.util.List<KafkaProbe.Event>>> BURST = new ThreadLocal<>();

    interface Body {
        void run() throws Exception;
    }

    /**
     * Sends the events {@code body} sends as one burst per topic, back to back through one producer, so that the
     * service polls them together (as under load) instead of one poll each.
     */
    static void inBurst(Body body) throws Exception {
        Map<String, java.util.List<KafkaProbe.Event>> burst = new java.util.LinkedHashMap<>();
        BURST.set(burst);
        try {
            body.run();
        } finally {
            BURST.remove();
        }
        burst.forEach(KafkaProbe::sendAll);
    }

    private static UUID send(String topic, String type, String key, ObjectNode data) throws Exception {
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid(topic, json);
        UUID id = UUID.randomUUID();
        Map<String, java.util.List<KafkaProbe.Event>> burst = BURST.get();
        if (burst != null) {
            burst.computeIfAbsent(topic, t -> new java.util.ArrayList<>()).add(new KafkaProbe.Event(key, type, id, json));
        } else {
            KafkaProbe.send(topic, key, type, id, json);
        }
        SENT.put(id, new String[]{topic, type, key, json});
        return id;
    }

    /** Sends an event again exactly as before (same id, same data), as the broker does after a rebalance. */
    static void redeliver(UUID id) {
        String[] sent = SENT.get(id);
        KafkaProbe.send(sent[0], sent[2], sent[1], id, sent[3]);
    }
}
