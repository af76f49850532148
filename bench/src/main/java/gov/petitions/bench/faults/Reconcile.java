package gov.petitions.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After a fault run: every petition the load generator got a 2xx for must have exactly one petition row in
 * intake, one assignment in routing, one ledger entry (with one REGISTERED → ASSIGNED transition) in
 * supervision and one delivered receipt in notification; intake must hold no petition nobody asked for (a
 * retry that created a second one); the dead-letter topics must be empty. Waits (bounded) for the system to
 * catch up before it judges. Writes {@code --out} and exits 0 only if everything holds.
 */
public final class Reconcile {

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        List<JsonNode> intents = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args.require("petitions")))) {
            if (!line.isBlank()) {
                intents.add(Args.LINE.readTree(line));
            }
        }
        Map<String, String> keyOf = new LinkedHashMap<>();
        List<String> sharedIds = new ArrayList<>();
        List<JsonNode> gaveUp = new ArrayList<>();
        for (JsonNode intent : intents) {
            String id = intent.path("petitionId").asText(null);
            if (id == null || id.equals("null")) {
                gaveUp.add(intent);
                continue;
            }
            if (keyOf.put(id, intent.get("key").asText()) != null) {
                sharedIds.add(id); // two idempotency keys answered with the same petition: never expected
            }
        }
        Args.log("reconciling %d registered petitions (%d intended, %d never registered)", keyOf.size(), intents.size(), gaveUp.size());

        ObjectNode result = Args.JSON.createObjectNode();
        try (Stores stores = new Stores(args)) {
            long started = System.currentTimeMillis();
            Stores.Snapshot snapshot = stores.awaitComplete(keyOf.keySet(), args.integer("wait", 180));
            result.put("waitedS", (System.currentTimeMillis() - started) / 1000.0);
            Map<String, List<String>> problems = new LinkedHashMap<>();
            for (String id : keyOf.keySet()) {
                List<String> p = snapshot.problems(id);
                if (!p.isEmpty()) {
                    problems.put(id, p);
                }
            }
            Set<String> extra = new HashSet<>(snapshot.intake.keySet());
            extra.removeAll(keyOf.keySet());
            List<ObjectNode> letters = Stores.deadLetters(args.require("bootstrap"), null);

            result.put("intended", intents.size());
            result.put("registered", keyOf.size());
            result.put("neverRegistered", gaveUp.size());
            result.put("intakePetitions", snapshot.intakePetitions);
            result.put("intakeIdempotencyRecords", snapshot.idempotencyRecords);
            result.put("intakePetitionsNobodyGot", extra.size());
            result.put("idsSharedByTwoKeys", sharedIds.size());
            result.put("petitionsWithProblems", problems.size());
            ObjectNode tally = result.putObject("problemTally");
            Stores.tally(problems.values()).forEach((k, v) -> tally.put(k, (Integer) v));
            result.put("deadLetters", letters.size());
            ObjectNode totals = result.putObject("totals");
            totals.put("assignments", snapshot.assignments.values().stream().mapToLong(Long::longValue).sum());
            totals.put("ledgerEntries", snapshot.ledgerEntries.size());
            totals.put("receipts", snapshot.receipts.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum());
            boolean pass = problems.isEmpty() && extra.isEmpty() && sharedIds.isEmpty() && letters.isEmpty() && gaveUp.isEmpty()
                    && !keyOf.isEmpty();
            result.put("pass", pass);

            ObjectNode perPetition = result.putObject("problems");
            problems.forEach((id, p) -> {
                ArrayNode list = perPetition.putArray(id + " (key " + keyOf.get(id) + ")");
                p.forEach(list::add);
            });
            ArrayNode never = result.putArray("neverRegisteredSamples");
            gaveUp.stream().limit(50).forEach(i -> never.add(i.get("seq").asInt() + " key " + i.get("key").asText() + ": " + i.path("error").asText()));
            ArrayNode extraList = result.putArray("intakePetitionsNobodyGotSamples");
            extra.stream().limit(50).forEach(extraList::add);
            ArrayNode shared = result.putArray("idsSharedByTwoKeysSamples");
            sharedIds.stream().limit(50).forEach(shared::add);
            ArrayNode dl = result.putArray("deadLetterRecords");
            Map<String, Integer> byReason = new HashMap<>();
            for (ObjectNode letter : letters) {
                String id = letter.path("key").asText();
                letter.put("ofARegisteredPetition", keyOf.containsKey(id));
                letter.put("petitionComplete", keyOf.containsKey(id) && snapshot.problems(id).isEmpty());
                byReason.merge(letter.path("dlq").asText() + ": " + letter.path("reason").asText(), 1, Integer::sum);
                if (dl.size() < 200) {
                    dl.add(letter);
                }
            }
            ObjectNode reasons = result.putObject("deadLettersByReason");
            byReason.forEach(reasons::put);
        }
        Files.writeString(Path.of(args.require("out")), Args.JSON.writeValueAsString(result));
        Args.log("reconciliation %s: %d registered, %d with problems, %d extra intake petitions, %d dead letters, %d never registered",
                result.get("pass").asBoolean() ? "PASSED" : "FAILED", result.get("registered").asInt(),
                result.get("petitionsWithProblems").asInt(), result.get("intakePetitionsNobodyGot").asInt(),
                result.get("deadLetters").asInt(), result.get("neverRegistered").asInt());
        System.exit(result.get("pass").asBoolean() ? 0 : 1);
    }
}
