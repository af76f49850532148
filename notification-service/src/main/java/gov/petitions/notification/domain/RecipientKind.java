package gov.petitions.notification.domain;

/** Who a message is for, never their identity (the contracts' recipientKind). */
public enum RecipientKind {
    /** 信访人: reached by SMS and letter, contact details asked of intake at send time. */
    PETITIONER,
    /** 责任单位, by unit code. */
    UNIT,
    /** A supervisors' office (督办), {@code supervisors-<division>}. */
    SUPERVISOR,
    /** A leader (领导), e.g. the one covering a jurisdiction (包点). */
    LEADER;

    /** The supervisors' office of a division (3413, 34). */
    public static String supervisorsOf(String division) {
        return "supervisors-" + division;
    }
}
