package org.prismq.runner.adapters.http;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.prismq.runner.application.port.in.ModuleView;
import org.prismq.runner.domain.catalog.ConditionalDisplay;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ParameterDefinition;
import org.prismq.runner.domain.catalog.TextRule;

/**
 * A module on the wire: every field of the catalog format, this project's extensions, and live statistics.
 * <ul>
 *   <li>{@code script_path} is the path as the catalog writes it, not the resolved file.</li>
 *   <li>{@code command} is {@code null} when the module does not set one.</li>
 *   <li>{@code working_dir} is the resolved working directory when the module sets one, {@code null} when runs
 *       start in the script's folder (the default).</li>
 *   <li>{@code env} is left out entirely: its values may be secrets, and the API never sends them.</li>
 *   <li>{@code success_rate} is the percent of the module's runs that completed; {@code last_run} the creation
 *       time of its newest run, or {@code null}.</li>
 * </ul>
 */
record ModuleJson(
        String id,
        String name,
        String description,
        String category,
        String version,
        String scriptPath,
        List<ParameterJson> parameters,
        List<String> tags,
        String status,
        boolean enabled,
        List<String> command,
        Integer timeoutSeconds,
        String workingDir,
        long totalRuns,
        double successRate,
        String lastRun) {

    static ModuleJson from(ModuleView view) {
        ModuleDefinition module = view.module();
        return new ModuleJson(
                module.id().value(),
                module.name(),
                module.description(),
                module.category(),
                module.version(),
                module.scriptPath(),
                module.parameters().stream().map(ParameterJson::from).toList(),
                module.tags(),
                module.status().wireName(),
                module.enabled(),
                module.command().isEmpty() ? null : module.command(),
                module.timeoutSeconds(),
                workingDir(module),
                view.stats().totalRuns(),
                view.stats().successRate(),
                Timestamps.format(view.stats().lastRun()));
    }

    private static String workingDir(ModuleDefinition module) {
        Path folder = module.script().getParent();
        return module.workingDirectory().equals(folder) ? null : module.workingDirectory().toString();
    }

    /** {@code GET /api/modules}. */
    record Catalog(List<ModuleJson> modules, int total) {

        static Catalog from(List<ModuleView> views) {
            return new Catalog(views.stream().map(ModuleJson::from).toList(), views.size());
        }
    }

    /**
     * One declared parameter. {@code options} is {@code null} except for a select; {@code min} and {@code max}
     * are written as whole numbers when they are whole ({@code 1}, not {@code 1.0}), as the catalog writes them.
     */
    record ParameterJson(
            String name,
            String type,
            @JsonProperty("default") Object defaultValue,
            boolean required,
            String description,
            String label,
            String placeholder,
            List<String> options,
            Number min,
            Number max,
            ValidationJson validation,
            ConditionalDisplayJson conditionalDisplay,
            String warning) {

        static ParameterJson from(ParameterDefinition parameter) {
            return new ParameterJson(
                    parameter.name(),
                    parameter.type().wireName(),
                    parameter.defaultValue(),
                    parameter.required(),
                    parameter.description(),
                    parameter.label(),
                    parameter.placeholder(),
                    parameter.options().isEmpty() ? null : parameter.options(),
                    compact(parameter.min()),
                    compact(parameter.max()),
                    ValidationJson.from(parameter.validation()),
                    ConditionalDisplayJson.from(parameter.conditionalDisplay()),
                    parameter.warning());
        }

        // 2^53: beyond it a double no longer holds every whole number.
        private static Number compact(Double value) {
            if (value == null || value != Math.rint(value) || Math.abs(value) > 9.007_199_254_740_992E15) {
                return value;
            }
            return value.longValue();
        }
    }

    record ValidationJson(String pattern, String message) {

        static ValidationJson from(TextRule rule) {
            return rule == null ? null : new ValidationJson(rule.pattern(), rule.message());
        }
    }

    record ConditionalDisplayJson(String field, Object value) {

        static ConditionalDisplayJson from(ConditionalDisplay condition) {
            return condition == null ? null : new ConditionalDisplayJson(condition.field(), condition.value());
        }
    }
}
