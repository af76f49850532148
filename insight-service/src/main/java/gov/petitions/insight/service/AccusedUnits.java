package gov.petitions.insight.service;

import gov.petitions.platform.security.CaseScope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The recusal set (回避) of a hot spot or a cell: the accused units of its petitions, bounded. A hot spot is many
 * petitions, and each may accuse units; whoever any of them recuses must not be told of it or shown it, exactly as
 * for one case ({@link CaseScope#recuses(String)}).
 *
 * <p>The set must stay small (it travels in every event and every count), and dropping a code would show the hot
 * spot to the accused. So past {@link #MAX} codes the set is widened, never cut: a unit of a city or below stands as
 * that city's government ({@code 341302-RSJ} → {@code 3413-ZF}), which recuses every division and unit the unit
 * itself recuses, and more. A province has a few dozen cities at most (Anhui 16), so what remains is at most that many
 * such codes and the province's own units; should those still be too many, provincial units past the bound are left out: every provincial unit
 * recuses the same divisions (all below the province), so the divisions the set recuses do not change.
 *
 * <p>Which units are the province's own, and which its cities', depends on the province's code
 * ({@code petitions.province.code}, platform-support's {@code Province}), the first two digits of every division code
 * in it.
 */
public final class AccusedUnits {

    /** As many as one petition.registered may carry, and what hotspot.detected allows. */
    public static final int MAX = 20;

    private static final Pattern UNIT = Pattern.compile("^[A-Z0-9][A-Z0-9-]{1,63}$");
    private static final Pattern PROVINCE = Pattern.compile("^[1-9][0-9]$");

    private final String province;
    private final Pattern cityOrBelow;

    /** The bounded sets of one province, by its two-digit code (GB/T 2260); anything else stops the service. */
    public AccusedUnits(String provinceCode) {
        if (provinceCode == null || !PROVINCE.matcher(provinceCode).matches()) {
            throw new IllegalStateException("petitions.province.code must be two digits (GB/T 2260), such as 34 or 64");
        }
        this.province = provinceCode;
        this.cityOrBelow = Pattern.compile("^" + provinceCode + "[0-9]{2,}$");
    }

    public String province() {
        return province;
    }

    /** Whether a code is a unit code as the contracts define it. */
    public static boolean valid(String code) {
        return code != null && UNIT.matcher(code).matches();
    }

    /** The union of two sets, sorted, at most {@link #MAX} codes, recusing at least every division either recuses. */
    public List<String> union(Collection<String> one, Collection<String> other) {
        TreeSet<String> all = new TreeSet<>();
        add(all, one);
        add(all, other);
        if (all.size() <= MAX) {
            return List.copyOf(all);
        }
        TreeSet<String> wider = new TreeSet<>(Comparator.comparing(this::rank).thenComparing(c -> c));
        for (String code : all) {
            String division = CaseScope.divisionOf(code);
            wider.add(cityOrBelow.matcher(division).matches() ? division.substring(0, 4) + "-ZF" : code);
        }
        List<String> bounded = new ArrayList<>(wider).subList(0, Math.min(MAX, wider.size()));
        return bounded.stream().sorted().toList();
    }

    private static void add(TreeSet<String> into, Collection<String> codes) {
        if (codes != null) {
            codes.stream().filter(AccusedUnits::valid).forEach(into::add);
        }
    }

    // kept first when the bound bites: cities (they recuse whole subtrees), then provincial units, then anything else
    private int rank(String code) {
        String division = CaseScope.divisionOf(code);
        if (cityOrBelow.matcher(division).matches()) {
            return 0;
        }
        return division.startsWith(province) ? 1 : 2;
    }
}
