package gov.petitions.supervision.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Merkle tree of RFC 9162 (Certificate Transparency 2.0, section 2.1) over a day's chain heads: a leaf's hash is
 * SHA-256(0x00 || leaf), a node's SHA-256(0x01 || left || right), the left subtree the largest power of two below the
 * size; the empty tree's hash is SHA-256 of nothing. One case's inclusion in a published root is then proved by
 * log2(n) hashes (its audit path), without showing any other case.
 */
public final class MerkleTree {

    private static final HexFormat HEX = HexFormat.of();

    private MerkleTree() {
    }

    /** A day's leaf for a case: {@code petitionId:position:head}, its chain's length and head hash then. */
    public static String leaf(String petitionId, int position, String head) {
        return petitionId + ":" + position + ":" + head;
    }

    public static byte[] leafHash(String leaf) {
        MessageDigest sha = TimelineChain.sha256();
        sha.update((byte) 0);
        sha.update(leaf.getBytes(StandardCharsets.UTF_8));
        return sha.digest();
    }

    public static String root(List<byte[]> leafHashes) {
        return HEX.formatHex(root(leafHashes, 0, leafHashes.size()));
    }

    private static byte[] root(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return TimelineChain.sha256().digest();
        }
        if (n == 1) {
            return leaves.get(from);
        }
        int k = split(n);
        return node(root(leaves, from, from + k), root(leaves, from + k, to));
    }

    /** The audit path of leaf {@code index} (RFC 9162 2.1.3.1), hex, from the leaf's sibling up. */
    public static List<String> auditPath(List<byte[]> leafHashes, int index) {
        List<String> path = new ArrayList<>();
        path(leafHashes, index, 0, leafHashes.size(), path);
        return path;
    }

    private static void path(List<byte[]> leaves, int m, int from, int to, List<String> out) {
        int n = to - from;
        if (n <= 1) {
            return;
        }
        int k = split(n);
        if (m < k) {
            path(leaves, m, from, from + k, out);
            out.add(HEX.formatHex(root(leaves, from + k, to)));
        } else {
            path(leaves, m - k, from + k, to, out);
            out.add(HEX.formatHex(root(leaves, from, from + k)));
        }
    }

    /**
     * The root a leaf's audit path leads to (RFC 9162 2.1.3.2), hex; empty when the path does not fit the index and the
     * tree's size. Lets anyone holding an archive check its timeline head against a published daily root.
     */
    public static java.util.Optional<String> rootFromPath(byte[] leafHash, int index, int treeSize, List<String> path) {
        if (index < 0 || index >= treeSize) {
            return java.util.Optional.empty();
        }
        long fn = index;
        long sn = treeSize - 1L;
        byte[] r = leafHash;
        for (String hex : path) {
            if (sn == 0) {
                return java.util.Optional.empty();
            }
            byte[] p = HEX.parseHex(hex);
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? java.util.Optional.of(HEX.formatHex(r)) : java.util.Optional.empty();
    }

    static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha = TimelineChain.sha256();
        sha.update((byte) 1);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** The largest power of two smaller than n (n > 1). */
    private static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }
}
