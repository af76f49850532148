package gov.petitions.supervision;

import gov.petitions.supervision.service.MerkleTree;
import gov.petitions.supervision.service.TimelineChain;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The chain's and the digests' arithmetic against values computed elsewhere (Python's json and hashlib), so that the
 * documented recipe — and not only this code — gives the same hashes: RFC 8785 escaping, the UTC instant with six
 * fraction digits, SHA-256 over the previous hash's bytes, RFC 9162's tree for an odd number of leaves.
 */
class TimelineChainTest {

    @Test
    void theCanonicalFormAndTheHashAreWhatTheRecipeSays() {
        String canonical = TimelineChain.canonical(UUID.fromString("0f8b6c1e-3d2a-4b7e-9c51-2a6f4e8d7b10"), 1,
                OffsetDateTime.parse("2026-12-05T10:00:00.123+08:00"), null, "ASSIGNED", "handler-1", "handler", null,
                "说\"明\"\\n\n\t\u0001 end");
        assertEquals("{\"actor\":\"handler-1\",\"actorRole\":\"handler\",\"at\":\"2026-12-05T02:00:00.123000Z\","
                + "\"fromStatus\":null,\"petitionId\":\"0f8b6c1e-3d2a-4b7e-9c51-2a6f4e8d7b10\",\"position\":1,"
                + "\"reason\":\"说\\\"明\\\"\\\\n\\n\\t\\u0001 end\",\"toStatus\":\"ASSIGNED\",\"unitCode\":null}", canonical);
        assertEquals("ff3fe671b0b0f7e0fb2b73e9af60476840281f5a757647daa264209d6aa90498",
                TimelineChain.link(TimelineChain.GENESIS, canonical));
    }

    @Test
    void anOddTreeSplitsAtThePowerOfTwoBelowItsSize() {
        List<byte[]> leaves = List.of(MerkleTree.leafHash("a"), MerkleTree.leafHash("b"), MerkleTree.leafHash("c"));
        assertEquals("36642e73c2540ab121e3a6bf9545b0a24982cd830eb13d3cd19de3ce6c021ec1", MerkleTree.root(leaves));
        // c's sibling is the hash of (a, b); a's path is b's leaf hash, then c's
        assertEquals(List.of("b137985ff484fb600db93107c77b0365c80d78f5b429ded0fd97361d077999eb"), MerkleTree.auditPath(leaves, 2));
        assertEquals(List.of(HexFormat.of().formatHex(leaves.get(1)), HexFormat.of().formatHex(leaves.get(2))),
                MerkleTree.auditPath(leaves, 0));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", MerkleTree.root(List.of()));
    }
}
