package gov.petitions.supervision.service;

import gov.petitions.platform.problem.Problem;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.platform.security.Roles;
import gov.petitions.platform.time.ChinaTime;
import gov.petitions.supervision.CaseExportRecord;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The export of a queue (导出): the rows the caller's queue holds under a filter ({@link CaseQueue#criteria}: the same
 * scope, recusal and filters, so an export never holds a case the queue would not show), as CSV or XLSX with Chinese
 * headers, streamed: the rows come from a database cursor ({@link #FETCH_SIZE} at a time) and are written as they
 * come, so 100,000 rows take no more memory than 500.
 *
 * <p>Free texts (the reasons a matter was not accepted, the written answers, the petitioner's evaluation) may name
 * people and carry their phone and ID numbers: they are masked unless the caller's role may see personal data
 * ({@link #PERSONAL_DATA_ROLES}) and the caller asked for it with a purpose. Every export is audited
 * ({@code case_export}, migration V16): who, when, which filter, the purpose, masked or not, and the rows written.
 */
@ApplicationScoped
public class CaseExport {

    public enum Format { CSV, XLSX }

    /** Rows a cursor fetch brings: the most the service holds of an export at any time. */
    public static final int FETCH_SIZE = 500;

    /** How often (in rows) the export asks whether the client is still there. */
    static final int CHECK_CLIENT_EVERY = 100;

    /** The roles that may take personal data out, with a purpose: the petition bureau's, not a unit's handlers. */
    public static final Set<String> PERSONAL_DATA_ROLES = Set.of(Roles.SUPERVISOR, Roles.LEADER);

    /** What a masked export shows where a free text was. */
    static final String MASKED = "〔已隐去〕";

    static final List<String> HEADERS = List.of("信访件编号", "状态", "承办单位", "层级", "问题类别", "问题属地", "信访渠道",
            "人数", "收到日期", "登记时间", "办理期限", "是否超期", "重复信访", "领导接访", "督办次数", "答复时间",
            "不予受理理由", "答复意见", "信访人评价意见", "案件标识");

    private static final String COLUMNS = "tracking_number, status, unit_code, level, category_code, location_code,"
            + " channel, person_count, received_on, registered_at,"
            + " (case when status = 'ASSIGNED' then acceptance_due_at else handling_due_at end) as due_at,"
            + " is_repeat, received_by_leader, leader_case, urge_count, replied_at, not_accepted_reason,"
            + " coalesce(re_review_reply_text, review_reply_text, reply_text) as answer, evaluation_comment, petition_id";

    private static final Map<String, String> STATUS = Map.ofEntries(Map.entry("REGISTERED", "已登记"),
            Map.entry("ASSIGNED", "已交办待受理"), Map.entry("ACCEPTED", "已受理办理中"), Map.entry("NOT_ACCEPTED", "不予受理"),
            Map.entry("EXTENDED", "已延期"), Map.entry("REPLIED", "已答复"), Map.entry("EVALUATED", "已评价"),
            Map.entry("REVIEW_REQUESTED", "复查中"), Map.entry("REVIEW_REPLIED", "复查已答复"),
            Map.entry("RE_REVIEW_REQUESTED", "复核中"), Map.entry("RE_REVIEW_REPLIED", "复核已答复"),
            Map.entry("FINAL", "已终结"), Map.entry("ESCALATED", "已提级"), Map.entry("RETURNED", "已退回"));
    private static final Map<String, String> LEVEL = Map.of("PROVINCE", "省级", "CITY", "市级", "COUNTY", "县级",
            "TOWNSHIP", "乡镇");
    private static final Map<String, String> CHANNEL = Map.of("WALK_IN", "来访", "LETTER", "来信", "HOTLINE", "电话",
            "ONLINE", "网上");
    private static final DateTimeFormatter CHINA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final Pattern NAMED = Pattern.compile("(?<!:):([a-zA-Z]+)");

    private final CaseQueue queue;
    private final DataSource dataSource;
    private final Clock clock;
    /** Rows read so far by each export being written (for monitoring, and the test that it streams). */
    private final Map<Long, AtomicLong> running = new ConcurrentHashMap<>();

    public CaseExport(CaseQueue queue, DataSource dataSource, Clock clock) {
        this.queue = queue;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** An export that was checked and put on record, ready to be written. */
    public record Started(long id, Format format, boolean personalData, CaseQueue.Criteria criteria, String fileName) {
    }

    /**
     * Checks the caller, the filter and the personal-data request (403 and 400 here, before any byte is sent) and
     * writes the audit record.
     */
    @Transactional
    public Started start(CallerScope caller, CaseQueue.Filter filter, Format format, boolean personalData,
                         String purpose) {
        CaseQueue.Criteria criteria = queue.criteria(caller, filter);
        String why = purpose == null || purpose.isBlank() ? null : purpose.strip();
        if (personalData) {
            if (PERSONAL_DATA_ROLES.stream().noneMatch(caller::has)) {
                throw new ProblemException(Problem.of("personal-data-not-allowed", "Personal data not allowed", 403,
                        "Your role may export the list with personal data masked only; leave out personalData"));
            }
            if (why == null) {
                throw ProblemException.badRequest("purpose-required", "Purpose required",
                        "An export with personal data needs its purpose (purpose), which is kept on record");
            }
        }
        CaseExportRecord record = new CaseExportRecord();
        record.exportedBy = caller.subject() == null ? "unknown" : caller.subject();
        record.role = roleOf(caller);
        record.scope = criteria.params().containsKey("unit") ? "unit " + criteria.params().get("unit")
                : "jurisdiction " + criteria.params().get("jurisdiction");
        record.format = format.name();
        record.filter = describe(filter);
        record.purpose = why;
        record.personalData = personalData;
        record.startedAt = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
        record.outcome = CaseExportRecord.Outcome.STARTED.name();
        record.persist();
        String day = ChinaTime.dateInChina(record.startedAt).format(DateTimeFormatter.BASIC_ISO_DATE);
        return new Started(record.id, format, personalData, criteria,
                "cases-" + day + "-" + record.id + "." + format.name().toLowerCase());
    }

    /**
     * Writes the export to {@code response} as the cursor reads it (asking {@code clientGone} now and then whether
     * anyone is still reading), and finishes its audit record with the rows written
     * (or FAILED, with the rows written until the transfer broke off: {@link ClientGone} when the client stopped
     * reading, any other IOException when the export itself failed).
     */
    public long write(Started export, OutputStream response, BooleanSupplier clientGone) throws IOException {
        Sink out = new Sink(response);
        AtomicLong rows = new AtomicLong();
        running.put(export.id(), rows);
        boolean complete = false;
        try (Connection connection = dataSource.getConnection()) {
            // a cursor needs a transaction of its own: with autocommit the driver fetches every row at once
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (PreparedStatement select = prepare(connection, export.criteria())) {
                select.setFetchSize(FETCH_SIZE);
                try (ResultSet result = select.executeQuery(); ExportSheet sheet = ExportSheet.of(export.format(), out)) {
                    sheet.header(HEADERS);
                    OffsetDateTime now = export.criteria().now();
                    while (result.next()) {
                        // writes to a closed connection are dropped without an error: ask, or a cancelled
                        // download would read on to the end and go on record as complete
                        if (rows.incrementAndGet() % CHECK_CLIENT_EVERY == 0 && clientGone.getAsBoolean()) {
                            throw new ClientGone(null);
                        }
                        sheet.row(cells(result, now, export.personalData()));
                    }
                    if (clientGone.getAsBoolean()) {
                        throw new ClientGone(null);
                    }
                    sheet.finish();
                }
            } finally {
                connection.rollback();
                connection.setReadOnly(false);
                connection.setAutoCommit(true);
            }
            complete = true;
        } catch (SQLException e) {
            throw new IOException("the export's cursor failed", e);
        } catch (IOException e) {
            throw out.failed ? new ClientGone(e) : e;
        } finally {
            running.remove(export.id());
            finish(export.id(), rows.get(), complete);
        }
        return rows.get();
    }

    /** The client stopped reading (closed the connection, cancelled the download): nothing more can reach it. */
    public static final class ClientGone extends IOException {
        ClientGone(IOException cause) {
            super("the client closed the connection", cause);
        }
    }

    /** The response's stream, remembering whether writing to it failed: the client went away, not the database. */
    private static final class Sink extends java.io.FilterOutputStream {
        boolean failed;

        Sink(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void close() {
            // the response's stream is the container's to close
        }
    }

    /** Rows read so far by the export, or -1 once it is no longer being written. */
    public long rowsRead(long exportId) {
        AtomicLong rows = running.get(exportId);
        return rows == null ? -1 : rows.get();
    }

    private void finish(long id, long rows, boolean complete) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                CaseExportRecord record = CaseExportRecord.findById(id);
                record.finishedAt = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
                record.rowCount = rows;
                record.outcome = (complete ? CaseExportRecord.Outcome.COMPLETED : CaseExportRecord.Outcome.FAILED).name();
            });
        } catch (RuntimeException e) {
            Log.errorf(e, "export %d: its audit record could not be finished (%d rows, complete: %s)", id, rows, complete);
        }
    }

    /** The queue's SQL with its named parameters bound in order, collections expanded. */
    static PreparedStatement prepare(Connection connection, CaseQueue.Criteria criteria) throws SQLException {
        List<Object> values = new ArrayList<>();
        Matcher m = NAMED.matcher(criteria.where());
        StringBuilder where = new StringBuilder();
        while (m.find()) {
            if (!criteria.params().containsKey(m.group(1))) {
                throw new IllegalStateException("no value for :" + m.group(1));
            }
            Object value = criteria.params().get(m.group(1));
            String marks;
            if (value instanceof Collection<?> many) {
                values.addAll(many);
                marks = String.join(", ", java.util.Collections.nCopies(many.size(), "?"));
            } else {
                values.add(value);
                marks = "?";
            }
            m.appendReplacement(where, Matcher.quoteReplacement(marks));
        }
        m.appendTail(where);
        PreparedStatement select = connection.prepareStatement("select " + COLUMNS + " from ledger_entry where " + where
                + " order by " + CaseQueue.ORDER, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        for (int i = 0; i < values.size(); i++) {
            select.setObject(i + 1, values.get(i));
        }
        return select;
    }

    private static Object[] cells(ResultSet r, OffsetDateTime now, boolean personalData) throws SQLException {
        OffsetDateTime due = time(r.getTimestamp("due_at"));
        boolean leaderCase = r.getBoolean("leader_case");
        String leader = r.getString("received_by_leader");
        String status = r.getString("status");
        String level = r.getString("level");
        String channel = r.getString("channel");
        LocalDate receivedOn = r.getObject("received_on", LocalDate.class);
        return new Object[]{
                r.getString("tracking_number"),
                STATUS.getOrDefault(status, status),
                r.getString("unit_code"),
                level == null ? null : LEVEL.getOrDefault(level, level),
                r.getString("category_code"),
                r.getString("location_code"),
                channel == null ? null : CHANNEL.getOrDefault(channel, channel),
                (long) r.getInt("person_count"),
                receivedOn == null ? null : receivedOn.toString(),
                china(time(r.getTimestamp("registered_at"))),
                china(due),
                due != null && due.isBefore(now) ? "是" : "否",
                r.getBoolean("is_repeat") ? "是" : "否",
                leader != null ? leader : leaderCase ? "专班" : null,
                (long) r.getInt("urge_count"),
                china(time(r.getTimestamp("replied_at"))),
                personal(r.getString("not_accepted_reason"), personalData),
                personal(r.getString("answer"), personalData),
                personal(r.getString("evaluation_comment"), personalData),
                r.getString("petition_id")};
    }

    private static String personal(String text, boolean personalData) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return personalData ? text : MASKED;
    }

    private static OffsetDateTime time(Timestamp t) {
        return t == null ? null : ChinaTime.inChina(t.toInstant());
    }

    /** China's wall time, as a person reads it off the sheet. */
    private static String china(OffsetDateTime t) {
        return t == null ? null : CHINA_TIME.format(ChinaTime.inChina(t.toInstant()));
    }

    private static String roleOf(CallerScope caller) {
        for (String role : List.of(Roles.LEADER, Roles.SUPERVISOR, Roles.HANDLER)) {
            if (caller.has(role)) {
                return role;
            }
        }
        return String.join(" ", caller.roles());
    }

    static String describe(CaseQueue.Filter f) {
        List<String> parts = new ArrayList<>();
        if (f.status() != null) parts.add("status=" + f.status());
        if (f.overdue() != null) parts.add("overdue=" + f.overdue());
        if (f.category() != null) parts.add("category=" + f.category());
        if (f.level() != null) parts.add("level=" + f.level());
        if (f.repeat() != null) parts.add("repeat=" + f.repeat());
        if (f.leaderReceived() != null) parts.add("leaderReceived=" + f.leaderReceived());
        if (f.urgency() != null) parts.add("urgency=" + f.urgency());
        return parts.isEmpty() ? "(open cases)" : String.join("&", parts);
    }
}
