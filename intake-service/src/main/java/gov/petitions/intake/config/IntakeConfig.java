package gov.petitions.intake.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "intake")
public interface IntakeConfig {

    Pii pii();

    /** Where the petitioner's progress lives; without it, status lookups show the registration only. */
    Supervision supervision();

    /** How a repeat petition (重复信访) is recognised; see README "Repeat petitions". */
    Repeats repeats();

    interface Repeats {
        /** How far back an earlier petition of the same person can be the original. */
        @WithDefault("P180D")
        java.time.Duration window();

        /** Dice coefficient of character bigrams of summary + text at or above which two matters are the same. */
        @WithDefault("0.5")
        double minSimilarity();
    }

    /** Public reception sessions (公开接访). */
    Reception reception();

    interface Reception {
        /** A session is announced (公示) at least this long before it starts. */
        @WithDefault("P7D")
        java.time.Period publicationLead();

        /**
         * A session opens on its day in China only, from this long before its start hour (e.g. a 09:00 session from
         * 07:00), so the desk can set up and hand out tickets to those already waiting; never on another day.
         */
        @WithDefault("PT2H")
        java.time.Duration openGrace();

        /**
         * The most joint reception desks (联合接谈组) one session holds. The largest real reception days run 40 desks
         * under one provincial leader; 60 leaves room. At most 500 (a request body's hard limit).
         */
        @WithDefault("60")
        int maxDesks();
    }

    /** Query codes (查询码) handed to petitioners with the tracking number. */
    QueryCode queryCode();

    interface QueryCode {
        /**
         * Base64 of at least 32 random bytes: the key of the keyed hash (HMAC-SHA256) under which query codes are
         * stored, and from which the tracking-number permutation key derives. A secret, from the environment
         * (INTAKE_QUERY_CODE_HMAC_KEY); never in a committed file.
         */
        String hmacKey();

        /** Characters of a new code, from a 31-character alphabet: 13 give 64 bits. At least 12 (59+ bits is refused). */
        @WithDefault("13")
        int length();
    }

    /** Tracking numbers (信访件编号): XF, the China date yyyyMMdd, then a keyed permutation of a sequence. */
    TrackingNumber trackingNumber();

    interface TrackingNumber {
        /**
         * Digits after the date; a day holds at most 10^digits petitions. The contracts allow 6 or 9
         * (^XF[0-9]{14}([0-9]{3})?$): 9 is a billion a day, over 11,000/s for a whole day.
         */
        @WithDefault("9")
        int suffixDigits();
    }

    /** Limits on what anyone on the internet can do without an account; see README "Abuse limits". */
    Abuse abuse();

    interface Abuse {
        /**
         * Take the client address from the last X-Forwarded-For entry. Only when a proxy that sets that header is
         * the only way in: otherwise a client would pick its own address and its own bucket.
         */
        @WithDefault("false")
        boolean trustForwardedFor();

        /** Every public endpoint (/public/*, GET /categories), per client address. */
        @WithDefault("120")
        long perClientCapacity();

        @WithDefault("PT1M")
        java.time.Duration perClientPeriod();

        /** Status look-ups, evaluations and review requests, per tracking number, whoever asks. */
        @WithDefault("10")
        long perTrackingNumberCapacity();

        @WithDefault("PT1M")
        java.time.Duration perTrackingNumberPeriod();

        /** Wrong query codes in a row for one petition before its look-ups are locked. */
        @WithDefault("5")
        int lockoutAfter();

        /** The first lock; each further lock doubles it, up to lockout-max. */
        @WithDefault("PT15M")
        java.time.Duration lockoutDuration();

        @WithDefault("PT24H")
        java.time.Duration lockoutMax();

        /** Online submissions (each sends an SMS) per phone number per China day. */
        @WithDefault("5")
        int submissionsPerPhonePerDay();

        /** Client addresses and tracking numbers remembered at once; the least recently seen are forgotten first. */
        @WithDefault("100000")
        long maxTrackedKeys();
    }

    /** A human-verification challenge (CAPTCHA) on anonymous submissions; see README "Abuse limits". Off by default. */
    Challenge challenge();

    interface Challenge {
        /**
         * The provider's siteverify endpoint (INTAKE_CHALLENGE_VERIFY_URL), e.g.
         * https://challenges.cloudflare.com/turnstile/v0/siteverify or https://api.hcaptcha.com/siteverify. Set, every
         * online petition must carry the widget's token in the Petitions-Challenge header; unset, nothing is asked.
         * http(s) only, checked at start.
         */
        java.util.Optional<String> verifyUrl();

        /** The site's secret with the provider (INTAKE_CHALLENGE_SECRET): required with verify-url; never committed. */
        java.util.Optional<String> secret();

        /**
         * The longest a submission waits for the verifier (connect, then between bytes of the answer), at most PT30S;
         * beyond it, or while its circuit is open (ChallengeCalls), the answer is 503 with Retry-After.
         */
        @WithDefault("PT3S")
        java.time.Duration timeout();

        /**
         * Also ask for a token on evaluations and review requests (anonymous too, but already behind the query code
         * and its lockout). Only once the status page sends one: the console's status page does not yet.
         */
        @WithDefault("false")
        boolean followUps();
    }

    /** The division code files of the deployment's province (petitions.province.code); see {@code DivisionCatalog}. */
    Divisions divisions();

    interface Divisions {
        /**
         * The NBS division code files (统计用区划代码, one file per level, a header row with at least code and name),
         * comma-separated file paths or {@code classpath:} resources (INTAKE_DIVISIONS_FILES); rows of other provinces
         * are skipped, so the whole-country files serve any province. Unset: the files the jar ships for the
         * configured province ({@code classpath:divisions/<petitions.province.code>/*.csv}), as routing reads its
         * own (routing.divisions.files); a province the jar does not ship sets its own.
         */
        java.util.Optional<java.util.List<String>> files();
    }

    /** routing-service's unit directory, against which accused units named without a code are resolved. */
    Routing routing();

    interface Routing {
        /**
         * e.g. http://routing-service:8082 (INTAKE_ROUTING_URL). Without it, or while routing does not answer, a unit
         * accused by name only cannot be resolved: the case is kept away from the petition's county and flagged.
         */
        java.util.Optional<String> url();

        /**
         * A registration waits at most this long for the directory (connect, then between bytes of the answer), at
         * most PT30S; the answer is cached (see cache-ttl). One retry after a failure that is not a time-out, and a
         * circuit breaker that stops asking for 5 s after half of the last four attempts failed (RoutingCalls).
         */
        @WithDefault("PT2S")
        java.time.Duration timeout();

        /** How long a division's unit list is kept; units change rarely. */
        @WithDefault("PT1H")
        java.time.Duration cacheTtl();
    }

    /**
     * Where the public reaches intake's public endpoints (the console serves the public pages and forwards
     * /api/intake/**): links in the Atom feed are built from it, never from the request's Host header.
     */
    @WithDefault("http://127.0.0.1:8090")
    String publicBaseUrl();

    interface Supervision {
        /** e.g. http://supervision-service:8083 (INTAKE_SUPERVISION_URL) */
        java.util.Optional<String> url();

        /**
         * How long a status look-up, evaluation or review request waits for supervision (connect, then between bytes
         * of the answer), at most PT30S; beyond it, or while its circuit is open (SupervisionCalls), the answer is
         * 503 tracking-unavailable with Retry-After.
         */
        @io.smallrye.config.WithDefault("PT5S")
        java.time.Duration timeout();
    }

    interface Pii {
        /** Base64 of a 256-bit AES key. Comes from a secret; the project's scripts generate one locally. */
        String encryptionKey();

        /** The id of the current key, written in front of every ciphertext (1–255). */
        @io.smallrye.config.WithDefault("1")
        int keyId();

        /** Keys being rotated out, by id, kept until POST /internal/pii/re-encryption reports nothing left. */
        java.util.Map<String, String> previousKeys();
    }
}
