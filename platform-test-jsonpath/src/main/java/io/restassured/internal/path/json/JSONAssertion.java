package io.restassured.internal.path.json;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import io.restassured.internal.common.assertion.Assertion;
import io.restassured.internal.common.assertion.AssertionSupport;
import io.restassured.internal.common.assertion.PathFragmentEscaper;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * REST Assured's JSON path evaluation (json-path 5.5.6's {@code JSONAssertion}, same contract and messages), with one
 * difference: a path's Groovy script is compiled once per test JVM, not at every {@code body("status", …)} or
 * {@code path("…")}. REST Assured compiles each path anew, which was about a sixth of a module test JVM's CPU (a JFR
 * profile of intake's and supervision's tests, docs/testing.md). A path's script reads the parsed document and the
 * parameters from its binding only, so one class serves every evaluation of the same text.
 *
 * <p>This class shadows REST Assured's own: platform-testing comes before json-path on every module's test class
 * path, and REST Assured is loaded parent-first by Quarkus, from that class path. {@code JsonPathCacheTest} checks
 * that the loaded class is this one and that it answers as REST Assured's does; a REST Assured upgrade must be
 * checked against its {@code JSONAssertion} (the version above).
 */
public class JSONAssertion implements Assertion {

    private static final String ROOT = "restAssuredJsonRootObject";
    /** GroovyShell names its first script so; REST Assured's message for an undefined parameter relies on it. */
    private static final String SCRIPT_NAME = "Script1";
    private static final Pattern INDEX_FIRST = Pattern.compile("^\\[-?\\d+].*");

    private static final GroovyClassLoader COMPILER = new GroovyClassLoader(JSONAssertion.class.getClassLoader());
    private static final Map<String, Class<?>> COMPILED = new ConcurrentHashMap<>();

    private String key;
    private Map<String, Object> params;

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public Map<String, Object> getParams() {
        return params;
    }

    public void setParams(Map<String, Object> params) {
        this.params = params;
    }

    @Override
    public Object getResult(Object object, Object config) {
        return getAsJsonObject(object);
    }

    @Override
    public String description() {
        return "JSON path";
    }

    public Object getAsJsonObject(Object object) {
        key = (String) AssertionSupport.escapePath(key, escaper(AssertionSupport.hyphen()),
                escaper(AssertionSupport.attributeGetter()), escaper(AssertionSupport.integer()),
                escaper(AssertionSupport.properties()), escaper(AssertionSupport.classKeyword()));
        if ("$".equals(key) || key.isEmpty()) {
            return object;
        }
        try {
            String expr = INDEX_FIRST.matcher(key).matches() ? ROOT + key : ROOT + "." + key;
            return eval(object, expr);
        } catch (MissingPropertyException e) {
            String message = e.getMessage();
            if (message != null && message.startsWith("No such property:") && message.endsWith("for class: " + SCRIPT_NAME)) {
                throw new IllegalArgumentException(String.format(
                        "The parameter \"%s\" was used but not defined. Define parameters using the JsonPath.param(...) function",
                        e.getProperty()), e);
            }
            // a property missing from the document reads as null, as REST Assured's does
            return null;
        } catch (Exception e) {
            if (e instanceof NullPointerException && e.getMessage() != null) {
                String message = e.getMessage();
                if (message.equals("Cannot invoke method getAt() on null object")
                        || (message.startsWith("Cannot get property") && message.endsWith("on null object"))) {
                    return null;
                }
            }
            String error = String.valueOf(e.getMessage()).replace("startup failed:", "Invalid JSON expression:")
                    .replace(ROOT + ".", AssertionSupport.generateWhitespace(ROOT.length()));
            throw new IllegalArgumentException(error, e);
        }
    }

    private static PathFragmentEscaper escaper(Object escaper) {
        return (PathFragmentEscaper) escaper;
    }

    private Object eval(Object object, String expr) {
        Map<String, Object> variables = params == null ? new HashMap<>() : new HashMap<>(params);
        variables.put(ROOT, object);
        Class<?> script = COMPILED.computeIfAbsent(expr, text -> COMPILER.parseClass(text, SCRIPT_NAME + ".groovy"));
        Script run = InvokerHelper.createScript(script, new Binding(variables));
        return run.run();
    }
}
