package gov.petitions.supervision;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.supervision.events.CaseAssigned;
import gov.petitions.supervision.events.PetitionRegistered;
import gov.petitions.supervision.service.CaseLedger;
import gov.petitions.testing.TestSecrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A case's registration and its assignment come on two topics to two consumers, each applying a poll of them in one
 * transaction; both may find the case's ledger row missing at the same moment. Neither may fail for it: before, the
 * second insert of the row failed its whole transaction on the primary key (a whole poll then applied again one event
 * at a time, the ledger seconds behind under load). Here the two polls are the same 40 new cases, applied at once.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class LedgerCreationRaceTest {

    private static final int CASES = 40;

    @Inject
    CaseLedger ledger;

    ObjectMapper json;

    @Inject
    void events(ObjectMapper service) {
        json = service.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @Test
    void registrationsAndAssignmentsOfTheSameNewCasesAppliedAtOnceBothCommit() throws Exception {
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        List<PetitionRegistered> registrations = new ArrayList<>();
        List<CaseAssigned> assignments = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            registrations.add(json.readValue(LedgerFlowTest.registered(id.toString(), at), PetitionRegistered.class));
            assignments.add(json.readValue(LedgerFlowTest.assigned(id.toString(), at, 1, "341302-RSJ"), CaseAssigned.class));
        }
        ids.sort(null);
        registrations.sort((a, b) -> a.petitionId().compareTo(b.petitionId()));
        assignments.sort((a, b) -> a.petitionId().compareTo(b.petitionId()));

        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Void> registering = CompletableFuture.runAsync(() -> {
            await(start);
            QuarkusTransaction.requiringNew().run(() -> registrations.forEach(ledger::open));
        });
        CompletableFuture<Void> assigning = CompletableFuture.runAsync(() -> {
            await(start);
            QuarkusTransaction.requiringNew().run(() -> assignments.forEach(ledger::assign));
        });
        start.countDown();
        registering.get(60, TimeUnit.SECONDS);
        assigning.get(60, TimeUnit.SECONDS);

        for (UUID id : ids) {
            LedgerEntry entry = QuarkusTransaction.requiringNew().call(() -> LedgerEntry.findById(id));
            assertEquals(CaseStatus.ASSIGNED, entry.status, "the assignment applied to " + id);
            assertEquals("341302-RSJ", entry.unitCode, "unit of " + id);
            assertEquals(4, entry.personCount, "the registration applied to " + id);
        }
    }

    private static void await(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
