package gov.petitions.supervision.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.Map;
import java.util.Optional;

/**
 * How long a closed case is kept before it is archived and its personal data removed (信访档案, docs/archiving.md).
 *
 * <p>The periods follow the archives rules for 信访 files (《信访档案管理办法》 with 《机关文件材料归档范围和文书档案保管期限规定》):
 * a file is kept 永久 (permanent), 长期 (long, 30 years) or 短期 (short, 10 years), decided by how important the
 * matter was. Here a retention class is a name with an ISO 8601 period ({@code supervision.retention.classes.short=P10Y}),
 * all configurable; {@code permanent} (any class whose period is {@code PERMANENT}) is never archived nor anonymised.
 *
 * <p>Which class a case gets, first match wins:
 * <ol>
 *   <li>its category's own class ({@code supervision.retention.categories.<category-code>=<class>});</li>
 *   <li>{@link #importantClass()} ({@code long}) for a case that reached the province (its ledger level, or a clock that
 *   ran there, was PROVINCE) or on which a leader gave an instruction (批示), recorded minutes or received the
 *   petitioner (领导接访): such files are kept 长期 by the rules;</li>
 *   <li>{@link #defaultClass()} ({@code short}).</li>
 * </ol>
 */
@ConfigMapping(prefix = "supervision.retention")
public interface RetentionPeriods {

    /** The value of a class that is never archived. */
    String PERMANENT = "PERMANENT";

    /**
     * Class name → ISO 8601 period (years, months, days), or {@code PERMANENT}; application.properties ships
     * {@code short=P10Y}, {@code long=P30Y}, {@code permanent=PERMANENT}.
     */
    Map<String, String> classes();

    /** The class of a case no other rule names. */
    @WithDefault("short")
    String defaultClass();

    /** The class of a case that reached the province or carries a leader's action. */
    @WithDefault("long")
    String importantClass();

    /** Category code → class, winning over every other rule. */
    Map<String, String> categories();

    /** The filesystem directory archive files are written to (a persistent volume in Kubernetes). */
    @WithDefault("archive")
    Path archiveDirectory();

    /** How many cases one selection query reads at a time (each archived in its own transaction). */
    @WithDefault("100")
    int batchSize();

    /** The upload limit of {@code POST /archives/verification}. */
    @WithDefault("209715200")
    long verificationMaxBytes();

    Job job();

    Intake intake();

    interface Job {
        /** When the job runs (Quarkus cron, seconds first): daily at 02:30 in China (the job's time zone is Asia/Shanghai); {@code off} disables it. */
        @WithDefault("0 30 2 * * ?")
        String cron();
    }

    interface Intake {
        /** intake-service's base URL; unset, no case can be archived (every item stays pending). */
        Optional<URI> url();

        /** Connect and read time-out of each call to intake. */
        @WithDefault("PT20S")
        Duration timeout();
    }

    /** The period of a class; empty for a permanent class. An unknown class is a configuration error. */
    default Optional<Period> period(String retentionClass) {
        String value = classes().get(retentionClass);
        if (value == null) {
            throw new IllegalStateException("supervision.retention: no class '" + retentionClass + "' in classes");
        }
        return PERMANENT.equalsIgnoreCase(value.strip()) ? Optional.empty() : Optional.of(Period.parse(value.strip()));
    }
}
