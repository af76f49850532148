package gov.petitions.intake;

/** How a petition reached us; recorded and counted (来访、来信、网上信访、热线). */
public enum Channel {
    WALK_IN, LETTER, ONLINE, HOTLINE
}
