package gov.petitions.routing.directory;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** Where routing reads its province's jurisdiction tree at start (see {@link DivisionLoader}). */
@ConfigMapping(prefix = "routing.divisions")
public interface DivisionSource {

    /** The classpath folder of the files shipped in the jar, one subfolder per province code. */
    String SHIPPED = "divisions/";

    /** The files of one province as the jar ships them, in {@link #SHIPPED}{@code <code>/}. */
    List<String> SHIPPED_FILES = List.of("province.csv", "cities.csv", "counties.csv", "townships.csv");

    /**
     * The NBS division files to load, in order: file-system paths, or {@code classpath:} resources. Unset: the files
     * the jar ships for the configured province ({@code classpath:divisions/<petitions.province.code>/*.csv}).
     * A bureau points this at its own extract, or at the whole-country files (other provinces' rows are skipped).
     */
    Optional<List<String>> files();
}
