package gov.petitions.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "notification")
public interface NotificationConfig {

    /** After this many failed attempts a message is dead (an operator can resend it). */
    @WithDefault("6")
    int maxAttempts();

    /** First retry delay; each further retry doubles it, with up to 50% jitter. */
    @WithDefault("PT5S")
    Duration retryBackoff();

    /** The longest wait between two attempts, however many have failed. */
    @WithDefault("PT30M")
    Duration retryBackoffMax();

    /** How often the retry queue is scanned for due messages (a scheduler interval such as 5s). */
    @WithDefault("5s")
    String retryScan();

    /**
     * How long a claimed message belongs to the worker that claimed it. Longer than any channel's timeout,
     * so that a slow send is never taken over (and sent twice) by the retry scan: a send starts with at least
     * three quarters of it left (a message that waited longer in its channel's queue has its claim renewed first).
     * It is also how long a crashed worker's messages wait before another replica sends them.
     */
    @WithDefault("PT2M")
    Duration claimLease();

    Sms sms();

    Intake intake();

    Supervision supervision();

    Webhook webhook();

    Email email();

    Letter letter();

    /** Per channel (SMS, EMAIL, WEBHOOK, LETTER, LOG): how many sends at once and how many may wait. */
    Map<String, Dispatch> dispatch();

    Digest digest();

    interface Sms {
        /** The gateway's send URL; without it petitioners' messages go to the log channel (development). */
        Optional<URI> url();

        @WithDefault("petitions")
        String account();

        /** Shared secret for the HMAC-SHA256 request signature. */
        Optional<String> secret();

        @WithDefault("X-Signature")
        String signatureHeader();

        @WithDefault("PT10S")
        Duration timeout();
    }

    /** intake-service's internal contact endpoint, read at send time with this service's own identity (ServiceTokens). */
    interface Intake {
        Optional<URI> url();

        @WithDefault("PT5S")
        Duration timeout();
    }

    /**
     * supervision-service's internal written-decision endpoint: the handler's text of a reply, a review or re-review
     * answer or a refusal, read when its letter is sent, with this service's own identity (ServiceTokens). Events
     * never carry that text; without this URL the letters that print a decision wait (and die) instead of going out
     * without it.
     */
    interface Supervision {
        Optional<URI> url();

        @WithDefault("PT5S")
        Duration timeout();
    }

    interface Webhook {
        @WithDefault("PT10S")
        Duration timeout();

        /**
         * CIDR ranges (10.20.0.0/16, fd12::/64) of an agency's on-premises endpoints that webhooks may reach although
         * they are private, loopback or link-local; empty by default, so that a webhook can reach only the public
         * internet and never this service's own network, its cloud's metadata endpoint or its neighbours.
         */
        Optional<List<String>> allowedRanges();
    }

    Templates templates();

    /** What rendering one message text may cost (see TemplateSandbox). */
    interface Templates {
        /** A preview, and the check of an edit before it is saved. */
        @WithDefault("64000")
        @io.smallrye.config.WithName("preview.max-output-chars")
        int previewMaxOutputChars();

        @WithDefault("200000")
        @io.smallrye.config.WithName("preview.max-steps")
        long previewMaxSteps();

        @WithDefault("PT2S")
        @io.smallrye.config.WithName("preview.max-time")
        Duration previewMaxTime();

        /** A real message: more room, for an overdue digest of a city with many cases. */
        @WithDefault("1000000")
        @io.smallrye.config.WithName("delivery.max-output-chars")
        int deliveryMaxOutputChars();

        @WithDefault("5000000")
        @io.smallrye.config.WithName("delivery.max-steps")
        long deliveryMaxSteps();

        @WithDefault("PT10S")
        @io.smallrye.config.WithName("delivery.max-time")
        Duration deliveryMaxTime();
    }

    interface Email {
        @WithDefault("PT20S")
        Duration timeout();
    }

    interface Letter {
        /** The issuing office printed at the foot of a written reply. */
        @WithDefault("信访工作机构")
        String office();

        /**
         * A TrueType/OpenType font file with Chinese glyphs (for a .ttc collection: "path,0") to embed in the
         * letters. Without it the PDF names the standard font STSong-Light and the viewer or printer supplies it.
         */
        Optional<String> font();
    }

    interface Dispatch {
        @WithDefault("4")
        int concurrency();

        @WithDefault("200")
        int queue();
    }

    interface Digest {
        /** Quartz-style cron of the daily overdue digest (default 07:30 every day). */
        @WithDefault("0 30 7 * * ?")
        String cron();

        /** Jurisdiction (city code, e.g. 3413) → recipient reference of the covering leader (包点领导). */
        Map<String, String> coveringLeaders();
    }
}
