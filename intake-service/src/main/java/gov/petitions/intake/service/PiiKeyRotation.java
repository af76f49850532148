package gov.petitions.intake.service;

import gov.petitions.intake.Petition;
import gov.petitions.intake.Petitioner;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.UUID;

/**
 * Moves every petitioner row to the current PII key, batch by batch (each its own transaction, rows
 * locked with SKIP LOCKED so it can run beside normal traffic and on several replicas). When it
 * reports zero rows left, the previous key can be removed from the configuration.
 */
@ApplicationScoped
public class PiiKeyRotation {

    private static final int BATCH = 500;
    /** Any encrypted column whose key id (its first byte) is not the current key's. */
    private static final String UNDER_OTHER_KEY = "get_byte(name_ciphertext, 0) <> :key"
            + " or coalesce(get_byte(phone_ciphertext, 0), :key) <> :key"
            + " or coalesce(get_byte(id_number_ciphertext, 0), :key) <> :key"
            + " or coalesce(get_byte(address_ciphertext, 0), :key) <> :key"
            + " or coalesce(get_byte(email_ciphertext, 0), :key) <> :key";

    private final PiiCipher cipher;
    private final EntityManager entityManager;

    public PiiKeyRotation(PiiCipher cipher, EntityManager entityManager) {
        this.cipher = cipher;
        this.entityManager = entityManager;
    }

    /** unreadable: rows under a key that is not configured any more; they are left as they are and counted. */
    public record Result(int keyId, long reEncrypted, long unreadable, long remainingUnderOtherKeys) {
    }

    /**
     * Accused persons' names written in clear into the petition's accused list before V5: sealed into
     * accused_person and removed from the list. Runs at start-up and with every re-encryption; a no-op once done.
     */
    public long sealClearAccusedNames() {
        long sealed = 0;
        while (true) {
            int batch = QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<UUID> ids = entityManager.createNativeQuery("select id from petition where accused is not null "
                                + "and jsonb_typeof(accused) = 'array' and exists (select 1 from jsonb_array_elements(accused) e "
                                + "where e ->> 'kind' = 'PERSON' and e ->> 'name' is not null) "
                                + "order by id limit :limit for update skip locked", UUID.class)
                        .setParameter("limit", BATCH).getResultList();
                for (UUID id : ids) {
                    Petition petition = Petition.findById(id);
                    List<Petition.Accused> kept = new java.util.ArrayList<>();
                    for (int i = 0; i < petition.accused.size(); i++) {
                        Petition.Accused a = petition.accused.get(i);
                        if (a.kind() == Petition.AccusedKind.PERSON && a.name() != null) {
                            entityManager.createNativeQuery("insert into accused_person (petition_id, ordinal, name_ciphertext, "
                                            + "name_masked) values (:petition, :ordinal, :name, :masked) on conflict do nothing")
                                    .setParameter("petition", id).setParameter("ordinal", (short) i)
                                    .setParameter("name", cipher.encrypt(a.name().strip()))
                                    .setParameter("masked", PiiCipher.maskName(a.name())).executeUpdate();
                            a = new Petition.Accused(null, a.kind(), a.unitCode(), a.unitCodeResolved());
                        }
                        kept.add(a);
                    }
                    petition.accused = kept;
                }
                return ids.size();
            });
            sealed += batch;
            if (batch < BATCH) {
                return sealed;
            }
        }
    }

    void sealAtStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
        try {
            long sealed = sealClearAccusedNames();
            if (sealed > 0) {
                Log.infof("PII: accused persons' names of %d petitions sealed", sealed);
            }
        } catch (RuntimeException e) {
            // the database may still be coming up; the next start or re-encryption run does it
            Log.warnf("PII: accused persons' names not sealed at start: %s", e.toString());
        }
    }

    public Result reEncryptAll() {
        sealClearAccusedNames();
        long moved = 0;
        long unreadable = 0;
        UUID after = new UUID(0, 0); // PostgreSQL orders uuids bytewise, unsigned: this is the smallest
        while (true) {
            Batch batch = QuarkusTransaction.requiringNew().call(afterId(after));
            moved += batch.moved();
            unreadable += batch.unreadable();
            if (batch.last() == null) {
                break;
            }
            after = batch.last();
        }
        for (Table table : OTHER_TABLES) {
            Object afterKey = table.firstKey();
            while (true) {
                TableBatch batch = QuarkusTransaction.requiringNew().call(afterKey(table, afterKey));
                moved += batch.moved();
                unreadable += batch.unreadable();
                if (batch.last() == null) {
                    break;
                }
                afterKey = batch.last();
            }
        }
        long remaining = QuarkusTransaction.requiringNew().call(() -> {
            long count = ((Number) entityManager.createNativeQuery("select count(*) from petitioner where " + UNDER_OTHER_KEY)
                    .setParameter("key", cipher.currentKeyId()).getSingleResult()).longValue();
            for (Table table : OTHER_TABLES) {
                count += ((Number) entityManager.createNativeQuery("select count(*) from " + table.name() + " where "
                        + table.underOtherKey()).setParameter("key", cipher.currentKeyId()).getSingleResult()).longValue();
            }
            return count;
        });
        Log.infof("PII re-encryption: %d petitioners moved to key %d, %d unreadable, %d left under other keys",
                moved, cipher.currentKeyId(), unreadable, remaining);
        return new Result(cipher.currentKeyId(), moved, unreadable, remaining);
    }

    private record Batch(int moved, int unreadable, UUID last) {
    }

    /** Other tables with encrypted columns: the contact given with each petition, and the history of contact changes. */
    private record Table(String name, String key, List<String> columns, Object firstKey) {
        String underOtherKey() {
            return String.join(" or ", columns.stream()
                    .map(c -> "coalesce(get_byte(" + c + ", 0), :key) <> :key").toList());
        }
    }

    private static final List<Table> OTHER_TABLES = List.of(
            new Table("petition_contact", "petition_id", List.of("name_ciphertext", "phone_ciphertext",
                    "id_number_ciphertext", "email_ciphertext", "address_ciphertext"), new UUID(0, 0)),
            new Table("petitioner_contact_change", "id", List.of("previous_name_ciphertext", "previous_phone_ciphertext",
                    "previous_email_ciphertext", "previous_address_ciphertext", "new_name_ciphertext",
                    "new_phone_ciphertext", "new_email_ciphertext", "new_address_ciphertext"), 0L),
            new Table("accused_person", "id", List.of("name_ciphertext"), 0L));

    private record TableBatch(int moved, int unreadable, Object last) {
    }

    private java.util.concurrent.Callable<TableBatch> afterKey(Table table, Object after) {
        return () -> {
            String columns = String.join(", ", table.columns());
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("select " + table.key() + ", " + columns + " from "
                            + table.name() + " where " + table.key() + " > :after and (" + table.underOtherKey() + ") order by "
                            + table.key() + " limit :limit for update skip locked")
                    .setParameter("after", after).setParameter("key", cipher.currentKeyId())
                    .setParameter("limit", BATCH).getResultList();
            int moved = 0;
            int unreadable = 0;
            for (Object[] row : rows) {
                byte[][] resealed = new byte[table.columns().size()][];
                try {
                    for (int i = 0; i < resealed.length; i++) {
                        byte[] sealed = (byte[]) row[i + 1];
                        resealed[i] = sealed == null ? null : cipher.encrypt(cipher.decrypt(sealed));
                    }
                } catch (IllegalStateException e) {
                    unreadable++;
                    continue;
                }
                for (int i = 0; i < resealed.length; i++) {
                    if (resealed[i] != null) { // a null column stays null: no typed null to bind
                        entityManager.createNativeQuery("update " + table.name() + " set " + table.columns().get(i)
                                        + " = :value where " + table.key() + " = :id")
                                .setParameter("value", resealed[i]).setParameter("id", row[0]).executeUpdate();
                    }
                }
                moved++;
            }
            return new TableBatch(moved, unreadable, rows.isEmpty() ? null : rows.get(rows.size() - 1)[0]);
        };
    }

    private java.util.concurrent.Callable<Batch> afterId(UUID after) {
        return () -> {
            // keyset pagination over the rows still under another key; SKIP LOCKED lets it run beside traffic
            @SuppressWarnings("unchecked")
            List<UUID> ids = entityManager.createNativeQuery(
                            "select id from petitioner where id > :after and (" + UNDER_OTHER_KEY + ") "
                                    + "order by id limit :limit for update skip locked",
                            UUID.class)
                    .setParameter("after", after).setParameter("key", cipher.currentKeyId())
                    .setParameter("limit", BATCH).getResultList();
            int moved = 0;
            int unreadable = 0;
            for (UUID id : ids) {
                Petitioner petitioner = Petitioner.findById(id);
                try {
                    // decrypt everything first: a row is moved whole or not at all
                    String name = cipher.decrypt(petitioner.nameCiphertext);
                    String phone = petitioner.phoneCiphertext == null ? null : cipher.decrypt(petitioner.phoneCiphertext);
                    String idNumber = petitioner.idNumberCiphertext == null ? null : cipher.decrypt(petitioner.idNumberCiphertext);
                    String address = petitioner.addressCiphertext == null ? null : cipher.decrypt(petitioner.addressCiphertext);
                    String email = petitioner.emailCiphertext == null ? null : cipher.decrypt(petitioner.emailCiphertext);
                    petitioner.nameCiphertext = cipher.encrypt(name);
                    if (email != null) {
                        petitioner.emailCiphertext = cipher.encrypt(email);
                    }
                    if (phone != null) {
                        petitioner.phoneCiphertext = cipher.encrypt(phone);
                        petitioner.phoneIndex = cipher.index(PiiCipher.IdentityKind.PHONE, phone);
                    }
                    if (idNumber != null) {
                        petitioner.idNumberCiphertext = cipher.encrypt(idNumber);
                        petitioner.idNumberIndex = cipher.index(PiiCipher.IdentityKind.ID_NUMBER, idNumber);
                    }
                    if (address != null) {
                        petitioner.addressCiphertext = cipher.encrypt(address);
                    }
                    petitioner.identityIndex = null;
                    moved++;
                } catch (IllegalStateException e) {
                    unreadable++;
                }
            }
            return new Batch(moved, unreadable, ids.isEmpty() ? null : ids.get(ids.size() - 1));
        };
    }
}
