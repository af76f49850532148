package gov.petitions.supervision.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks an archive file (docs/archiving.md) by itself, with nothing from the database: every entry's SHA-256 against
 * its manifest, the timeline's hash chain recomputed from each entry's fields (canonical form, links, positions, head),
 * and each anchor's audit path up to the published daily root and digest. Whoever holds a copy can repeat every step
 * with any SHA-256 tool; the manifest says how ({@code hashing}).
 */
@ApplicationScoped
public class ArchiveVerifier {

    public static final String OK = "OK";
    public static final String MISMATCH = "MISMATCH";
    public static final String MISSING = "MISSING";
    public static final String UNLISTED = "UNLISTED";
    public static final String UNREADABLE = "UNREADABLE";

    private static final HexFormat HEX = HexFormat.of();

    private final ObjectMapper json;

    public ArchiveVerifier(ObjectMapper json) {
        this.json = json;
    }

    public record EntryResult(String name, String status, String expectedSha256, String actualSha256) {
    }

    public record TimelineResult(boolean verified, int entries, String head, Integer brokenAtPosition, String reason) {
    }

    public record AnchorResult(String day, int position, String status) {
    }

    public record Result(boolean verified, UUID archiveId, UUID petitionId, String trackingNumber, String sha256,
                         List<EntryResult> entries, TimelineResult timeline, List<AnchorResult> anchors) {
    }

    /** The file's own SHA-256 (what archive_record and case.archived hold). */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha = TimelineChain.sha256();
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HEX.formatHex(sha.digest());
    }

    /** Verifies the archive at {@code file}; a file that is not a case archive at all is a 400. */
    public Result verify(Path file) throws IOException {
        String fileSha = sha256(file);
        try (ZipFile zip = open(file)) {
            ZipEntry manifestEntry = zip.getEntry("manifest.json");
            if (manifestEntry == null) {
                throw notAnArchive("the zip has no manifest.json");
            }
            JsonNode manifest;
            try (InputStream in = zip.getInputStream(manifestEntry)) {
                manifest = json.readTree(in);
            } catch (IOException e) {
                throw notAnArchive("manifest.json cannot be read as JSON");
            }
            if (manifest == null || !CaseArchiver.FORMAT.equals(manifest.path("format").asText())) {
                throw notAnArchive("manifest.json is not a case archive's manifest (" + CaseArchiver.FORMAT + ")");
            }
            List<EntryResult> entries = new ArrayList<>();
            Set<String> listed = new HashSet<>();
            listed.add("manifest.json");
            for (JsonNode e : manifest.path("entries")) {
                String name = e.path("name").asText();
                String expected = e.path("sha256").asText();
                listed.add(name);
                ZipEntry entry = zip.getEntry(name);
                if (entry == null) {
                    entries.add(new EntryResult(name, MISSING, expected, null));
                    continue;
                }
                Optional<String> actual = digest(zip, entry);
                entries.add(new EntryResult(name, actual.isEmpty() ? UNREADABLE : actual.get().equals(expected) ? OK : MISMATCH,
                        expected, actual.orElse(null)));
            }
            for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
                String name = all.nextElement().getName();
                if (!listed.contains(name)) {
                    entries.add(new EntryResult(name, UNLISTED, null, null));
                }
            }
            TimelineResult timeline = timeline(zip, manifest);
            List<AnchorResult> anchors = anchors(zip, manifest, manifest.path("petitionId").asText());
            boolean verified = entries.stream().allMatch(e -> e.status().equals(OK)) && timeline.verified()
                    && anchors.stream().allMatch(a -> a.status().equals(OK));
            return new Result(verified, uuid(manifest.path("archiveId").asText()), uuid(manifest.path("petitionId").asText()),
                    manifest.path("trackingNumber").asText(null), fileSha, entries, timeline, anchors);
        }
    }

    private static ZipFile open(Path file) {
        try {
            return new ZipFile(file.toFile());
        } catch (IOException e) {
            throw notAnArchive("the upload is not a zip file");
        }
    }

    private static ProblemException notAnArchive(String detail) {
        return ProblemException.badRequest("not-an-archive", "Not a case archive", detail);
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The entry's SHA-256, or empty when its bytes cannot be read (a corrupted entry fails its CRC or inflation). */
    private static Optional<String> digest(ZipFile zip, ZipEntry entry) {
        MessageDigest sha = TimelineChain.sha256();
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return Optional.of(HEX.formatHex(sha.digest()));
        } catch (ZipException | java.io.EOFException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private JsonNode read(ZipFile zip, String name) {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            return null;
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return json.readTree(in);
        } catch (IOException e) {
            return null;
        }
    }

    /** The chain recomputed from each entry's own fields, not from its stored canonical text. */
    private TimelineResult timeline(ZipFile zip, JsonNode manifest) {
        JsonNode timeline = read(zip, "timeline.json");
        if (timeline == null || !timeline.isArray()) {
            return new TimelineResult(false, 0, null, null, "timeline.json missing or unreadable");
        }
        String previous = TimelineChain.GENESIS;
        int expected = 1;
        for (JsonNode e : timeline) {
            int position = e.path("position").asInt(-1);
            if (position != expected || !previous.equals(e.path("prevHash").asText())) {
                return new TimelineResult(false, 0, null, position, TimelineChain.LINK_MISMATCH);
            }
            String canonical;
            try {
                canonical = TimelineChain.canonical(UUID.fromString(manifest.path("petitionId").asText()), position,
                        OffsetDateTime.parse(e.path("at").asText()), text(e, "fromStatus"), text(e, "toStatus"),
                        text(e, "actor"), text(e, "actorRole"), text(e, "unitCode"), text(e, "reason"));
            } catch (RuntimeException bad) {
                return new TimelineResult(false, 0, null, position, "entry unreadable");
            }
            if (!canonical.equals(e.path("canonical").asText()) || !TimelineChain.link(previous, canonical).equals(e.path("hash").asText())) {
                return new TimelineResult(false, 0, null, position, TimelineChain.HASH_MISMATCH);
            }
            previous = e.path("hash").asText();
            expected++;
        }
        int length = expected - 1;
        if (length != manifest.path("timeline").path("entries").asInt(-1)
                || !previous.equals(manifest.path("timeline").path("head").asText())) {
            return new TimelineResult(false, length, previous, length, "head differs from the manifest's");
        }
        return new TimelineResult(true, length, previous, null, null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Each anchor: the head it names is the chain's at that position, and its audit path leads to its day's digest. */
    private List<AnchorResult> anchors(ZipFile zip, JsonNode manifest, String petitionId) {
        JsonNode timeline = read(zip, "timeline.json");
        Map<Integer, String> heads = new LinkedHashMap<>();
        if (timeline != null) {
            timeline.forEach(e -> heads.put(e.path("position").asInt(), e.path("hash").asText()));
        }
        List<AnchorResult> results = new ArrayList<>();
        for (JsonNode a : manifest.path("anchors")) {
            int position = a.path("position").asInt();
            String head = a.path("head").asText();
            String day = a.path("day").asText();
            boolean ok = head.equals(heads.get(position));
            String leaf = MerkleTree.leaf(petitionId, position, head);
            ok &= leaf.equals(a.path("leaf").asText());
            List<String> path = new ArrayList<>();
            a.path("auditPath").forEach(p -> path.add(p.asText()));
            try {
                Optional<String> root = MerkleTree.rootFromPath(MerkleTree.leafHash(leaf), a.path("leafIndex").asInt(),
                        a.path("treeSize").asInt(), path);
                ok &= root.isPresent() && root.get().equals(a.path("root").asText());
                ok &= TimelineChain.link(a.path("previousDigest").asText(), TimelineAnchoring.canonical(LocalDate.parse(day),
                        a.path("treeSize").asInt(), a.path("root").asText())).equals(a.path("digest").asText());
            } catch (RuntimeException bad) {
                ok = false;
            }
            results.add(new AnchorResult(day, position, ok ? OK : MISMATCH));
        }
        return results;
    }
}
