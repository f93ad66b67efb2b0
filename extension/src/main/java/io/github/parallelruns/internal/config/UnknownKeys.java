package io.github.parallelruns.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds {@code parallelruns.*} keys that ParallelRuns does not know, so that a misspelt key fails
 * instead of being silently ignored. JUnit does not let an extension list its configuration
 * parameters, so this looks where they can be listed: the system properties and every
 * {@code junit-platform.properties} on the class path.
 */
final class UnknownKeys {

    static final String PREFIX = "parallelruns.";
    private static final String PROPERTIES_FILE = "junit-platform.properties";

    private UnknownKeys() {}

    static void check(Set<String> known) {
        Map<String, String> unknown = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith(PREFIX) && !known.contains(key))
                .forEach(key -> unknown.put(key, "system property"));
        for (Map.Entry<String, URL> file : propertiesFiles().entrySet()) {
            Properties properties = load(file.getValue());
            properties.stringPropertyNames().stream()
                    .filter(key -> key.startsWith(PREFIX) && !known.contains(key))
                    .forEach(key -> unknown.put(key, file.getKey()));
        }
        if (!unknown.isEmpty()) {
            throw ConfigurationErrors.unknownKeys(unknown, known);
        }
    }

    private static Map<String, URL> propertiesFiles() {
        Map<String, URL> files = new TreeMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Enumeration<URL> urls = loader == null
                    ? ClassLoader.getSystemResources(PROPERTIES_FILE)
                    : loader.getResources(PROPERTIES_FILE);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                files.put(url.toString(), url);
            }
        } catch (IOException e) {
            // JUnit reports unreadable configuration files itself; nothing to add here.
        }
        return files;
    }

    private static Properties load(URL url) {
        Properties properties = new Properties();
        try (InputStream in = url.openStream()) {
            properties.load(in);
        } catch (IOException e) {
            // As above: JUnit itself reports a file it cannot read.
        }
        return properties;
    }
}
