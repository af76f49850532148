package gov.petitions.supervision.service;

import gov.petitions.supervision.CaseStatus;
import gov.petitions.supervision.config.RetentionPeriods;
import gov.petitions.supervision.config.StatutoryDeadlines;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which class a case gets and when it may be archived (docs/archiving.md), on the shipped periods. */
class RetentionRulesTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2040, 6, 1, 2, 30, 0, 0, ZoneOffset.ofHours(8));

    private final Retention retention = new Retention(null, periods(), deadlines());

    private static RetentionPeriods periods() {
        return new RetentionPeriods() {
            public Map<String, String> classes() {
                return Map.of("short", "P10Y", "long", "P30Y", "permanent", "PERMANENT", "brief", "P10D");
            }

            public String defaultClass() {
                return "short";
            }

            public String importantClass() {
                return "long";
            }

            public Map<String, String> categories() {
                return Map.of("state-secrets", "permanent", "quick", "brief");
            }

            public java.nio.file.Path archiveDirectory() {
                return java.nio.file.Path.of("archive");
            }

            public int batchSize() {
                return 100;
            }

            public long verificationMaxBytes() {
                return 1;
            }

            public Job job() {
                return () -> "off";
            }

            public Intake intake() {
                return null;
            }
        };
    }

    /** The statutory defaults: only the review window matters here. */
    private static StatutoryDeadlines deadlines() {
        return (StatutoryDeadlines) Proxy.newProxyInstance(StatutoryDeadlines.class.getClassLoader(),
                new Class<?>[] {StatutoryDeadlines.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "reviewWindow" -> Duration.ofDays(30);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Retention.Facts facts(CaseStatus status, String category, OffsetDateTime closedAt, boolean province,
                                         boolean leader, boolean leadsOpenMatter) {
        return new Retention.Facts(UUID.randomUUID(), "XF20300101000001", status, category, closedAt, province, leader,
                leadsOpenMatter, false, 0);
    }

    @Test
    void theClassIsTheCategorysElseLongForTheProvinceOrALeaderElseShort() {
        OffsetDateTime closed = NOW.minusYears(40);
        assertEquals("permanent", retention.classOf(facts(CaseStatus.FINAL, "state-secrets", closed, true, true, false)));
        assertEquals("long", retention.classOf(facts(CaseStatus.FINAL, "wages", closed, true, false, false)));
        assertEquals("long", retention.classOf(facts(CaseStatus.FINAL, "wages", closed, false, true, false)));
        assertEquals("short", retention.classOf(facts(CaseStatus.FINAL, "wages", closed, false, false, false)));
    }

    @Test
    void dueOnlyWhenClosedPastItsPeriodAndNeverPermanentOpenOrLeadingAnOpenMatter() {
        assertTrue(retention.decide(facts(CaseStatus.FINAL, "wages", NOW.minusYears(10).minusDays(1), false, false, false), NOW).archive());
        assertFalse(retention.decide(facts(CaseStatus.FINAL, "wages", NOW.minusYears(10).plusDays(1), false, false, false), NOW).archive());
        assertFalse(retention.decide(facts(CaseStatus.FINAL, "wages", NOW.minusYears(20), true, false, false), NOW).archive(),
                "reached the province: thirty years");
        assertTrue(retention.decide(facts(CaseStatus.NOT_ACCEPTED, "wages", NOW.minusYears(31), true, false, false), NOW).archive());
        assertFalse(retention.decide(facts(CaseStatus.FINAL, "state-secrets", NOW.minusYears(100), false, false, false), NOW).archive());
        for (CaseStatus open : new CaseStatus[] {CaseStatus.ASSIGNED, CaseStatus.ACCEPTED, CaseStatus.EXTENDED,
                CaseStatus.REVIEW_REQUESTED, CaseStatus.RE_REVIEW_REQUESTED, CaseStatus.ESCALATED, CaseStatus.RETURNED,
                CaseStatus.REGISTERED}) {
            Retention.Decision d = retention.decide(facts(open, "wages", NOW.minusYears(50), false, false, false), NOW);
            assertFalse(d.archive(), open.name());
            assertTrue(d.whyNot().startsWith("not closed"), d.whyNot());
        }
        assertFalse(retention.decide(facts(CaseStatus.FINAL, "wages", NOW.minusYears(50), false, false, true), NOW).archive());
    }

    @Test
    void anAnsweredCaseWaitsForItsReviewWindowEvenUnderAShorterClass() {
        Retention.Decision within = retention.decide(facts(CaseStatus.REPLIED, "quick", NOW.minusDays(20), false, false, false), NOW);
        assertFalse(within.archive());
        assertTrue(within.whyNot().contains("review"), within.whyNot());
        assertTrue(retention.decide(facts(CaseStatus.REPLIED, "quick", NOW.minusDays(31), false, false, false), NOW).archive());
        // a final case has no window: its short class alone decides
        assertTrue(retention.decide(facts(CaseStatus.FINAL, "quick", NOW.minusDays(11), false, false, false), NOW).archive());
        Retention.Candidate c = retention.decide(facts(CaseStatus.EVALUATED, "quick", NOW.minusDays(40), false, false, false), NOW).candidate();
        assertEquals("brief", c.retentionClass());
        assertEquals(NOW.minusDays(30).toInstant(), c.dueAt().toInstant());
    }
}
