package gov.petitions.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** What the stand-in servers of {@link StandIns} received, and how they should answer next. */
final class Received {

    private Received() {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state() {
        Object state = System.getProperties().get(StandIns.STATE);
        if (state == null) {
            throw new IllegalStateException("the stand-in servers are not running");
        }
        return (Map<String, Object>) state;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> requests(String kind) {
        List<Map<String, Object>> all = (List<Map<String, Object>>) state().get("requests");
        synchronized (all) {
            return all.stream().filter(r -> kind.equals(r.get("kind"))).toList();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> headers(Map<String, Object> request) {
        return (Map<String, String>) request.get("headers");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, String>> mails() {
        return new ArrayList<>(((Supplier<List<Map<String, String>>>) state().get("mails")).get());
    }

    static List<Map<String, String>> mailsTo(String address) {
        return mails().stream().filter(m -> m.get("to").contains(address)).toList();
    }

    static String baseUrl() {
        return (String) state().get("base");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> control() {
        return (Map<String, Object>) state().get("control");
    }

    /** The SMS gateway answers 500 to this petitioner's next n messages (n < 0: always). */
    static void failSms(String petitionerRef, int n) {
        control().put("sms.fail." + petitionerRef, new AtomicInteger(n));
    }

    static void smsHangs(boolean hang) {
        if (hang) {
            control().put("sms.mode", "hang");
        } else {
            control().remove("sms.mode");
        }
    }

    /** supervision's text of a petition's decision at a stage (REPLIED, REVIEW_REPLIED, FINAL...); "" answers 404. */
    static void decision(String petitionId, String status, String text) {
        control().put("decision." + petitionId + "." + status, text);
    }

    /** supervision answers 503 to the next n look-ups of this petition's decisions (n < 0: until told otherwise). */
    static void supervisionFails(String petitionId, int n) {
        control().put("supervision.fail." + petitionId, new AtomicInteger(n));
    }

    static void supervisionBack(String petitionId) {
        control().remove("supervision.fail." + petitionId);
    }

    static void contact(String petitionerRef, String name, String phone, String address) {
        control().put("contact." + petitionerRef, name + "|" + phone + "|" + address);
    }
}
