package dev.stripeoperator.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;

/**
 * The CRD's validation rules evaluated the way the API server evaluates them, with Google's CEL implementation
 * ({@code self} the value the rules sit on): the fabric8 mock API server does not validate, and these run in
 * milliseconds.
 */
final class CelRules {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private CelRules() {}

    /** The messages of the rules {@code self} breaks. */
    static List<String> violations(List<ValidationRule> rules, Object self) throws Exception {
        List<String> broken = new ArrayList<>();
        for (ValidationRule rule : rules) {
            CelRuntime.Program program =
                    RUNTIME.createProgram(COMPILER.compile(rule.getRule()).getAst());
            if (!Boolean.TRUE.equals(program.eval(Map.of("self", self)))) {
                broken.add(rule.getMessage());
            }
        }
        return broken;
    }
}
