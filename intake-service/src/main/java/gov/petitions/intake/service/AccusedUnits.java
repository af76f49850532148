package gov.petitions.intake.service;

import gov.petitions.intake.Petition;
import gov.petitions.intake.Petition.AccusedKind;
import gov.petitions.intake.client.UnitDirectory;
import gov.petitions.intake.client.UnitDirectory.Unit;
import jakarta.enterprise.context.ApplicationScoped;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves the units a citizen accuses by name (检举揭发) to unit codes, so that routing and every read keep the
 * case away from them (回避). A citizen cannot know 341322-FY; they write 萧县法院, 萧县人民法院 or 安徽省宿州市萧县人民法院.
 *
 * <p>Names are matched within the petition's own chain of divisions (its township, county, city and the province),
 * against routing's unit directory, after normalising them as people write them: compatibility forms folded
 * (NFKC), spaces and punctuation dropped, a leading division name optional (萧县 / 宿州市 / 安徽省, also without
 * 市 or 省), 人民 optional (萧县法院 = 萧县人民法院), and the common short forms of departments (人社局, 住建局 ...).
 * A name without a division is taken for the most local unit of that name: the safe side, since recusing a county
 * unit sends the case further up. A name that matches no unit, matches two, or cannot be checked because the
 * directory did not answer is <b>unresolved</b>: the county's government ({@code <county>-ZF}) joins the recusal
 * set, which takes the whole county out of the case, and the petition is flagged for a manual check. Registration
 * is never refused or delayed beyond the directory's short timeout.
 */
@ApplicationScoped
public class AccusedUnits {

    /** Whole-name synonyms, after 人民 is dropped: each maps to one canonical short form. */
    private static final Map<String, String> SHORT_FORMS = new HashMap<>();

    static {
        synonyms("人社局", "人力资源和社会保障局", "人力资源社会保障局", "人力资源与社会保障局", "劳动和社会保障局", "劳动局", "社保局");
        synonyms("住建局", "住房和城乡建设局", "住房城乡建设局", "建设局");
        synonyms("自然资源局", "自然资源和规划局", "自然资源规划局", "国土资源局", "国土局", "自规局");
        synonyms("环保局", "生态环境局", "环境保护局");
        synonyms("农业局", "农业农村局");
        synonyms("市监局", "市场监督管理局", "市场监管局", "工商局");
        synonyms("卫健委", "卫生健康委员会", "卫生健康委", "卫生局");
        synonyms("交通局", "交通运输局");
        synonyms("纪委", "纪律检查委员会", "纪检委", "纪委监委");
        synonyms("法院", "中级法院", "中院", "高级法院", "高院");
        synonyms("教育局", "教育体育局", "教体局");
        synonyms("信访局", "信访办", "信访办公室");
        synonyms("政府", "县政府", "区政府", "市政府", "省政府", "镇政府", "乡政府");
    }

    private static void synonyms(String canonical, String... forms) {
        SHORT_FORMS.put(canonical, canonical);
        for (String form : forms) {
            SHORT_FORMS.put(form, canonical);
        }
    }

    private final UnitDirectory directory;
    private final DivisionCatalog divisions;

    public AccusedUnits(UnitDirectory directory, DivisionCatalog divisions) {
        this.directory = directory;
        this.divisions = divisions;
    }

    /**
     * accused: the list with resolved codes filled in; unitCodes: the recusal set for the event and the petition
     * (given codes, resolved codes, and the county's government when something was left unresolved).
     */
    public record Resolution(List<Petition.Accused> accused, List<String> unitCodes, boolean needsCheck) {
    }

    public Resolution resolve(String locationCode, List<Petition.Accused> accused) {
        if (accused == null || accused.isEmpty()) {
            return new Resolution(List.of(), List.of(), false);
        }
        String county = locationCode.substring(0, 6);
        Optional<Directory> known = accused.stream().anyMatch(AccusedUnits::namedOnly) ? directoryFor(locationCode) : Optional.empty();
        List<Petition.Accused> result = new ArrayList<>(accused.size());
        Set<String> codes = new LinkedHashSet<>();
        boolean unresolved = false;
        for (Petition.Accused a : accused) {
            if (!namedOnly(a)) {
                if (a.unitCode() != null) {
                    codes.add(a.unitCode()); // a code given is kept as it is
                }
                result.add(a);
                continue;
            }
            Optional<String> code = known.flatMap(d -> d.match(a.name()));
            if (code.isPresent()) {
                codes.add(code.get());
                result.add(new Petition.Accused(a.name(), a.kind(), code.get(), true));
            } else {
                unresolved = true;
                result.add(a);
            }
        }
        if (unresolved) {
            codes.add(county + "-ZF");
        }
        return new Resolution(List.copyOf(result), List.copyOf(codes), unresolved);
    }

    /**
     * A company, factory, shop or cooperative is not a public body: nothing in the tree is recused for it (it still
     * counts for hot spots), so an accusation naming only an employer stays with the county that must act on it.
     */
    static boolean isEnterprise(String name) {
        String n = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKC).replaceAll("\\s", "");
        return ENTERPRISE.matcher(n).find();
    }

    private static final java.util.regex.Pattern ENTERPRISE = java.util.regex.Pattern.compile(
            "(公司|有限|集团|工厂|[^工]厂$|企业|合作社|商店|超市|酒店|饭店|门店|工作室|事务所|商行|经营部|个体户)");

    private static boolean namedOnly(Petition.Accused a) {
        return a.kind() == AccusedKind.UNIT && a.unitCode() == null && !isEnterprise(a.name());
    }

    /** The petition's divisions from the most local up, with their units; empty unless every list was read. */
    private Optional<Directory> directoryFor(String locationCode) {
        List<String> chain = new ArrayList<>();
        for (int length : new int[] {9, 6, 4, 2}) {
            if (locationCode.length() >= length) {
                chain.add(locationCode.substring(0, length));
            }
        }
        List<Level> levels = new ArrayList<>();
        for (String code : chain) {
            Optional<List<Unit>> units = directory.unitsOf(code);
            if (units.isEmpty()) {
                // a part of the chain unknown: a bare 公安局 might be the county's, so nothing is resolved at all
                return Optional.empty();
            }
            levels.add(new Level(code, aliases(divisions.divisionName(code).orElse(null)), units.get()));
        }
        return Optional.of(new Directory(levels));
    }

    private record Level(String code, List<String> aliases, List<Unit> units) {

        /** The canonical department keys of this division's units; a key two units share is ambiguous (null). */
        Map<String, String> keys() {
            Map<String, String> keys = new HashMap<>();
            for (Unit u : units) {
                String key = department(stripPrefix(normalise(u.name()), aliases));
                if (!key.isEmpty()) {
                    keys.merge(key, u.code(), (a, b) -> a.equals(b) ? a : "");
                }
            }
            return keys;
        }
    }

    private record Directory(List<Level> levels) {

        Optional<String> match(String name) {
            String rest = normalise(name);
            Level named = null;
            // an optional leading chain of division names, from the province down: 安徽省宿州市萧县人民法院
            for (int i = levels.size() - 1; i >= 0; i--) {
                Level level = levels.get(i);
                String stripped = stripPrefix(rest, level.aliases());
                if (!stripped.equals(rest)) {
                    rest = stripped;
                    named = level;
                }
            }
            String key = department(rest);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            List<Level> candidates = named != null ? List.of(named) : levels;
            for (Level level : candidates) {
                String code = level.keys().get(key);
                if (code != null) {
                    return code.isEmpty() ? Optional.empty() : Optional.of(code);
                }
            }
            return Optional.empty();
        }
    }

    /** NFKC, then only letters and digits: spaces, punctuation, symbols and marks of every script are dropped. */
    static String normalise(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    /** 人民 dropped, then the canonical short form of the department when it has one. */
    static String department(String rest) {
        String withoutPeople = rest.replace("人民", "");
        return SHORT_FORMS.getOrDefault(withoutPeople, withoutPeople);
    }

    /**
     * An autonomous division (民族自治地方) is written without its people and 自治…: 宁夏回族自治区 宁夏, 新疆维吾尔自治区 新疆,
     * 内蒙古自治区 内蒙古, 延边朝鲜族自治州 延边, 恩施土家族苗族自治州 恩施. The place name is at least two characters.
     */
    private static final java.util.regex.Pattern AUTONOMOUS = java.util.regex.Pattern.compile(
            "^(\\p{IsHan}{2,}?)(?:(?:\\p{IsHan}{1,3}族)+|维吾尔)?自治[区州县旗]$");

    /**
     * 宿州市 is also written 宿州, 安徽省 安徽, 宁夏回族自治区 宁夏; a name of one character plus 县 (萧县) is never
     * shortened.
     */
    static List<String> aliases(String divisionName) {
        if (divisionName == null) {
            return List.of();
        }
        String name = normalise(divisionName);
        List<String> aliases = new ArrayList<>(List.of(name));
        java.util.regex.Matcher autonomous = AUTONOMOUS.matcher(name);
        if (autonomous.matches()) {
            aliases.add(autonomous.group(1));
        } else if (name.length() >= 3 && "省市县区镇乡".indexOf(name.charAt(name.length() - 1)) >= 0) {
            aliases.add(name.substring(0, name.length() - 1));
        }
        aliases.sort(Comparator.comparingInt(String::length).reversed());
        return aliases;
    }

    private static String stripPrefix(String name, List<String> aliases) {
        for (String alias : aliases) {
            if (name.startsWith(alias) && name.length() > alias.length()) {
                return name.substring(alias.length());
            }
        }
        return name;
    }
}
