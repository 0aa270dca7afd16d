package io.provisioning.policy.naming;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The corpus of real-looking names in many scripts that test-support carries: script, given, family. */
final class WorkersInManyScripts {

    private WorkersInManyScripts() {
    }

    static List<String[]> read() throws IOException {
        try (InputStream in = WorkersInManyScripts.class.getResourceAsStream("/names/workers-in-many-scripts.tsv");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return lines.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t")).toList();
        }
    }
}
