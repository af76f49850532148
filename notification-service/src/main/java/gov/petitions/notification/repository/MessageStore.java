package gov.petitions.notification.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import gov.petitions.notification.domain.Channel;
import gov.petitions.notification.domain.MessageStatus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static gov.petitions.notification.repository.Mapping.ID;
import static gov.petitions.notification.repository.Mapping.date;
import static gov.petitions.notification.repository.MessageCodec.ATTEMPTS;
import static gov.petitions.notification.repository.MessageCodec.CHANNEL;
import static gov.petitions.notification.repository.MessageCodec.CLAIM;
import static gov.petitions.notification.repository.MessageCodec.CREATED_AT;
import static gov.petitions.notification.repository.MessageCodec.DATA;
import static gov.petitions.notification.repository.MessageCodec.EVENT_ID;
import static gov.petitions.notification.repository.MessageCodec.FINISHED_AT;
import static gov.petitions.notification.repository.MessageCodec.LEASE_UNTIL;
import static gov.petitions.notification.repository.MessageCodec.NEXT_ATTEMPT_AT;
import static gov.petitions.notification.repository.MessageCodec.OUTCOME_SEQ;
import static gov.petitions.notification.repository.MessageCodec.PETITION_ID;
import static gov.petitions.notification.repository.MessageCodec.RECIPIENT_REF;
import static gov.petitions.notification.repository.MessageCodec.RESEND_BASE;
import static gov.petitions.notification.repository.MessageCodec.STATUS;
import static gov.petitions.notification.repository.MessageCodec.SUBJECT;
import static gov.petitions.notification.repository.MessageCodec.TEXT;

/**
 * Messages and their retry pointers in MongoDB. Uses only what both real MongoDB and the local wire stand-in
 * (mongo-java-server) support: single-document atomic updates, unique (and sparse unique) indexes, unordered
 * insertMany and bulkWrite, simple finds and $set/$unset/$push/$max updates. No multi-document transactions:
 * exactly-once rests on the unique index.
 *
 * <p>The stand-in uses an index only when a filter names exactly that index's fields, and scans the collection
 * otherwise. So every hot-path filter here is either {@code _id} alone or {@code claim} alone:
 * <ul>
 *   <li>{@code claim} is a version stamp of who may work on a message. Every write that changes who holds it, or
 *   when, replaces it with a fresh random value; a conditional write on the value one read is therefore a
 *   compare-and-set on the whole claim, and it hits the sparse unique index {@code by_claim}.</li>
 *   <li>A message is stored already claimed by the worker that stored it ({@code claim} + {@code leaseUntil}),
 *   which sends it from memory: no separate schedule, claim or re-read.</li>
 *   <li>{@code retries} holds one small pointer per active message (stored, failing, or with an outcome not yet
 *   told on Kafka), due when someone must look at it: the end of a lease (a worker died) or the next attempt. The
 *   retry scan reads only these pointers, never the message history; a pointer goes once the final outcome is
 *   told, so "recorded but not told" needs no write of its own besides the outcome.</li>
 * </ul>
 */
@ApplicationScoped
public class MessageStore implements Messages, Deliveries, RetryQueue, ArchivedMessages {

    private final MongoCollection<Message> messages;
    private final MongoCollection<RetryPointer> retries;
    private final Clock clock;

    public MessageStore(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
                        Clock clock) {
        MongoDatabase db = client.getDatabase(database);
        this.messages = new MessageCodec().collection(db, "messages");
        this.retries = new RetryPointerCodec().collection(db, "retries");
        this.clock = clock;
    }

    void createIndexes(@Observes StartupEvent startup) {
        // one message per (event, recipient, channel): a redelivered event never sends twice
        messages.createIndex(Indexes.ascending(EVENT_ID, RECIPIENT_REF, CHANNEL),
                new IndexOptions().unique(true).name("one_message_per_event_recipient_channel"));
        messages.createIndex(Indexes.ascending(PETITION_ID), new IndexOptions().name("by_petition"));
        // every stored message carries a claim; sparse all the same, so that a document without one never blocks another
        messages.createIndex(Indexes.ascending(CLAIM), new IndexOptions().unique(true).sparse(true).name("by_claim"));
    }

    // ---------------------------------------------------------------- Messages

    @Override
    public List<Message> storeClaimed(List<Message> claimed) {
        if (claimed.isEmpty()) {
            return List.of();
        }
        // the pointers go first, so that a stored message always has one; a pointer there already (the same messages
        // stored again after a write that failed half-way) is kept
        try {
            retries.insertMany(claimed.stream().map(m -> RetryPointer.of(m, m.leaseUntil())).toList(),
                    new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
        }
        List<Message> storedBefore = new ArrayList<>();
        try {
            messages.insertMany(claimed, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                storedBefore.add(claimed.get(error.getIndex()));
            }
        }
        // those pointers point at ids that were never stored
        remove(storedBefore.stream().map(Message::pointerId).toList());
        return storedBefore;
    }

    @Override
    public void ensurePointer(Message message) {
        try {
            retries.insertOne(RetryPointer.of(message, message.leaseUntil() == null ? clock.instant() : message.leaseUntil()));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    @Override
    public Optional<Message> find(String messageId) {
        return Optional.ofNullable(messages.find(Filters.eq(ID, messageId)).first());
    }

    @Override
    public Optional<Message> find(String eventId, String recipientRef, Channel channel) {
        // a plain document of the unique index's three keys, not Filters.and (which renders as $and): MongoDB uses the
        // index either way, but the stand-in only for exactly its keys and otherwise scans every message — on the
        // path a redelivered poll takes for each of its messages, which under overload made the stand-in the bottleneck
        return Optional.ofNullable(messages.find(new Document(EVENT_ID, eventId).append(RECIPIENT_REF, recipientRef)
                .append(CHANNEL, channel.name())).first());
    }

    @Override
    public List<Message> ofPetition(String petitionId) {
        return messages.find(Filters.eq(PETITION_ID, petitionId)).sort(Sorts.ascending(CREATED_AT)).into(new ArrayList<>());
    }

    @Override
    public void letterText(String messageId, String text) {
        messages.updateOne(Filters.eq(ID, messageId), Updates.set(TEXT, text));
    }

    @Override
    public Optional<Message> reopen(Message message, Instant leaseUntil) {
        int attemptsSoFar = message.attempts().size();
        Message reopened = message.withResendBase(attemptsSoFar);
        // a new generation of pointer: the relay, still telling the outcome before, cannot remove it
        retries.replaceOne(Filters.eq(ID, reopened.pointerId()), RetryPointer.of(reopened, leaseUntil),
                new ReplaceOptions().upsert(true));
        return Optional.ofNullable(messages.findOneAndUpdate(Filters.eq(CLAIM, message.claim()), Updates.combine(
                        Updates.set(STATUS, MessageStatus.PENDING.name()), Updates.set(RESEND_BASE, attemptsSoFar),
                        Updates.unset(FINISHED_AT), Updates.unset(NEXT_ATTEMPT_AT),
                        Updates.set(CLAIM, Message.newClaim()), Updates.set(LEASE_UNTIL, date(leaseUntil))),
                after()));
    }

    // ---------------------------------------------------------------- ArchivedMessages

    @Override
    public boolean replace(Message read, Message reduced) {
        if (!read.id().equals(reduced.id())) {
            throw new IllegalArgumentException("a message is replaced by itself, reduced");
        }
        // the claim is the message's version stamp (see above): it hits the by_claim index and fails if anyone wrote
        Bson unchanged = read.claim() == null ? Filters.eq(ID, read.id()) : Filters.eq(CLAIM, read.claim());
        return messages.replaceOne(unchanged, reduced.claimed(reduced.leaseUntil())).getMatchedCount() > 0;
    }

    // ---------------------------------------------------------------- Deliveries

    @Override
    public Optional<Message> claim(Message message, Instant leaseUntil) {
        return Optional.ofNullable(messages.findOneAndUpdate(Filters.eq(CLAIM, message.claim()),
                Updates.combine(Updates.set(CLAIM, Message.newClaim()), Updates.set(LEASE_UNTIL, date(leaseUntil))),
                after()));
    }

    @Override
    public Optional<String> renewClaim(String claim, Instant leaseUntil) {
        String renewed = Message.newClaim();
        return messages.updateOne(Filters.eq(CLAIM, claim),
                Updates.combine(Updates.set(CLAIM, renewed), Updates.set(LEASE_UNTIL, date(leaseUntil))))
                .getMatchedCount() > 0 ? Optional.of(renewed) : Optional.empty();
    }

    @Override
    public void release(String claim, Message message, Instant at) {
        if (messages.updateOne(Filters.eq(CLAIM, claim),
                Updates.combine(Updates.set(CLAIM, Message.newClaim()), Updates.set(LEASE_UNTIL, date(at))))
                .getMatchedCount() > 0) {
            retries.updateOne(Filters.eq(ID, message.pointerId()), Updates.set(RetryPointerCodec.NEXT_ATTEMPT_AT, date(at)));
        }
    }

    @Override
    public List<Optional<Message>> recordFinals(List<FinalOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return List.of();
        }
        List<String> recordedClaims = new ArrayList<>(outcomes.size());
        List<WriteModel<Message>> updates = new ArrayList<>(outcomes.size());
        for (FinalOutcome outcome : outcomes) {
            String recordedClaim = Message.newClaim();
            recordedClaims.add(recordedClaim);
            updates.add(new UpdateOneModel<>(Filters.eq(CLAIM, outcome.claim()), Updates.combine(
                    Updates.set(STATUS, outcome.status().name()),
                    Updates.push(ATTEMPTS, MessageCodec.attempt(outcome.attempt())),
                    Updates.set(OUTCOME_SEQ, outcome.attempts()), Updates.set(FINISHED_AT, date(outcome.finishedAt())),
                    Updates.set(CLAIM, recordedClaim), Updates.unset(LEASE_UNTIL), Updates.unset(NEXT_ATTEMPT_AT))));
        }
        long matched;
        try {
            matched = messages.bulkWrite(updates, new BulkWriteOptions().ordered(false)).getMatchedCount();
        } catch (MongoBulkWriteException e) {
            matched = -1; // some went in: which ones, the fresh claims say
        }
        Set<String> written;
        if (matched == outcomes.size()) {
            written = Set.copyOf(recordedClaims);
        } else {
            // a claim had passed to another worker (a lease ran out during a send, a case was archived): a fresh claim
            // is unique (by_claim), so the documents that carry one are exactly those recorded here
            written = new HashSet<>();
            messages.withDocumentClass(Document.class).find(Filters.in(CLAIM, recordedClaims))
                    .projection(Projections.include(CLAIM)).forEach(found -> written.add(found.getString(CLAIM)));
        }
        List<Optional<Message>> recorded = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            FinalOutcome outcome = outcomes.get(i);
            String recordedClaim = recordedClaims.get(i);
            recorded.add(written.contains(recordedClaim)
                    ? Optional.of(outcome.message().withFinal(outcome.status(), outcome.attempt(), outcome.attempts(),
                            outcome.finishedAt(), recordedClaim))
                    : Optional.empty());
        }
        return recorded;
    }

    @Override
    public Optional<Message> recordFailure(String claim, Attempt attempt, int attempts, Instant nextAttemptAt) {
        Optional<Message> recorded = Optional.ofNullable(messages.findOneAndUpdate(Filters.eq(CLAIM, claim),
                Updates.combine(Updates.set(STATUS, MessageStatus.FAILED.name()),
                        Updates.push(ATTEMPTS, MessageCodec.attempt(attempt)), Updates.set(OUTCOME_SEQ, attempts),
                        Updates.set(NEXT_ATTEMPT_AT, date(nextAttemptAt)), Updates.set(CLAIM, Message.newClaim()),
                        Updates.unset(LEASE_UNTIL)),
                recorded()));
        recorded.ifPresent(message -> retries.updateOne(Filters.eq(ID, message.pointerId()),
                Updates.set(RetryPointerCodec.NEXT_ATTEMPT_AT, date(nextAttemptAt))));
        return recorded;
    }

    // ---------------------------------------------------------------- RetryQueue

    @Override
    public List<RetryPointer> due(Instant now, int limit) {
        return retries.find(Filters.lte(RetryPointerCodec.NEXT_ATTEMPT_AT, date(now))).limit(limit).into(new ArrayList<>());
    }

    @Override
    public List<Message> messages(Collection<String> messageIds) {
        return messageIds.isEmpty() ? List.of() : messages.find(Filters.in(ID, messageIds)).into(new ArrayList<>());
    }

    @Override
    public void reschedule(Map<String, Instant> pointers) {
        if (!pointers.isEmpty()) {
            retries.bulkWrite(pointers.entrySet().stream().<WriteModel<RetryPointer>>map(p -> new UpdateOneModel<>(
                    Filters.eq(ID, p.getKey()), Updates.set(RetryPointerCodec.NEXT_ATTEMPT_AT, date(p.getValue()))))
                    .toList(), new BulkWriteOptions().ordered(false));
        }
    }

    @Override
    public void remove(Collection<String> pointerIds) {
        if (!pointerIds.isEmpty()) {
            retries.deleteMany(Filters.in(ID, pointerIds));
        }
    }

    @Override
    public void markTold(Collection<ToldOutcome> told) {
        List<WriteModel<RetryPointer>> writes = new ArrayList<>(told.size());
        for (ToldOutcome outcome : told) {
            Bson pointer = Filters.eq(ID, outcome.pointerId());
            writes.add(outcome.isFinal() ? new DeleteOneModel<>(pointer)
                    : new UpdateOneModel<>(pointer, Updates.max(RetryPointerCodec.PUBLISHED_SEQ, outcome.outcomeSeq())));
        }
        if (!writes.isEmpty()) {
            retries.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    private static FindOneAndUpdateOptions after() {
        return new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
    }

    /**
     * A recorded outcome comes back without the message's texts (subject, body, a letter's data): the worker only
     * tells the outcome from it, and the texts were most of each delivery's reply (a JFR profile of the benchmark put
     * notification's cost in this round trip, issue #20).
     */
    private static FindOneAndUpdateOptions recorded() {
        return after().projection(WITHOUT_TEXTS);
    }

    private static final Bson WITHOUT_TEXTS = Projections.exclude(SUBJECT, TEXT, DATA);
}
