package gov.petitions.intake;

import gov.petitions.intake.validation.ResidentIdNumber;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Request bodies for the tests, with fresh identities so tests never recognise each other's petitioners. */
final class Bodies {

    private Bodies() {
    }

    /** A valid resident ID number born 1980–1999 in Suzhou's Yongqiao district, with a correct check digit. */
    static String idNumber() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String first17 = "341302" + (1980 + random.nextInt(20)) + String.format("%02d%02d", 1 + random.nextInt(12),
                1 + random.nextInt(28)) + String.format("%03d", random.nextInt(1000));
        return first17 + ResidentIdNumber.Validator.checkCharacter(first17);
    }

    static String mobile() {
        return String.format("15%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
    }

    static Map<String, Object> person(String name, String phone, String idNumber) {
        Map<String, Object> person = new HashMap<>();
        person.put("name", name);
        person.put("phone", phone);
        if (idNumber != null) {
            person.put("idNumber", idNumber);
        }
        return person;
    }

    static Map<String, Object> petition(String channel, String category, String location, String summary,
                                        Map<String, Object> petitioner) {
        Map<String, Object> body = new HashMap<>();
        body.put("channel", channel);
        body.put("categoryCode", category);
        body.put("locationCode", location);
        body.put("summary", summary);
        body.put("petitioner", petitioner);
        return body;
    }
}
