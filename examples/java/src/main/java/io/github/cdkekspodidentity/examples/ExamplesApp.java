package io.github.cdkekspodidentity.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;

/**
 * Synthesizes an example app into ./cdk.out, offline and without AWS credentials:
 * {@code mvn compile exec:java -Dexec.args=<example>}, where the example is quickstart (the default),
 * agent-self-managed, addons, cross-account or from-eksctl.
 *
 * <p>The same stacks as the TypeScript examples ({@code npm run synth -- <name>}). Several names (or
 * {@code all}) synthesize each example in its own app, into cdk.out/&lt;name&gt;.
 */
public final class ExamplesApp {
    private static final Map<String, Function<App, List<Stack>>> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("quickstart", app -> List.of(new QuickstartStack(app, "Quickstart")));
        EXAMPLES.put("agent-self-managed", app -> List.of(new AgentSelfManagedStack(app, "AgentSelfManaged")));
        EXAMPLES.put("addons", app -> List.of(new AddonsStack(app, "Addons")));
        EXAMPLES.put("cross-account", CrossAccount::build);
        EXAMPLES.put("from-eksctl", app -> List.of(new FromEksctlStack(app, "FromEksctl")));
    }

    private ExamplesApp() {
    }

    public static void main(final String[] args) {
        List<String> names = args.length == 0 ? List.of("quickstart")
                : List.of(args).equals(List.of("all")) ? List.copyOf(EXAMPLES.keySet())
                : List.of(args);
        for (String name : names) {
            if (!EXAMPLES.containsKey(name)) {
                System.err.printf("Unknown example '%s'. Known: %s, or all%n", name, String.join(", ", EXAMPLES.keySet()));
                System.exit(1);
            }
        }
        // `cdk synth` sets CDK_OUTDIR; run directly, the app writes to ./cdk.out.
        String outdir = System.getenv().getOrDefault("CDK_OUTDIR", "cdk.out");
        for (String name : names) {
            // One app per example, as if each ran on its own; several go to cdk.out/<name>.
            String exampleOutdir = names.size() == 1 ? outdir : Path.of(outdir, name).toString();
            App app = new App(AppProps.builder().outdir(exampleOutdir).build());
            List<Stack> stacks = EXAMPLES.get(name).apply(app);
            app.synth();
            for (Stack stack : stacks) {
                System.out.printf("Synthesized %s: %s/%s%n", name, exampleOutdir, stack.getTemplateFile());
            }
        }
    }
}
