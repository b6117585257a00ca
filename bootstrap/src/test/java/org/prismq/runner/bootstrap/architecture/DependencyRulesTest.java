package org.prismq.runner.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The hexagon's dependency rules, checked on the production classes of every module. The rules are written as
 * allowlists: a new dependency has to be allowed here on purpose.
 */
@AnalyzeClasses(packages = "org.prismq.runner", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {

    private static final String DOMAIN = "org.prismq.runner.domain..";
    private static final String APPLICATION = "org.prismq.runner.application..";
    private static final String PORTS = "org.prismq.runner.application.port..";
    private static final String SERVICES = "org.prismq.runner.application.service..";
    private static final String EXECUTION = "org.prismq.runner.application.execution..";
    private static final String OUTPUT = "org.prismq.runner.application.output..";
    private static final String PROCESS = "org.prismq.runner.adapters.process..";
    private static final String HTTP = "org.prismq.runner.adapters.http..";
    private static final String METRICS = "org.prismq.runner.adapters.http.metrics..";
    private static final String PERSISTENCE = "org.prismq.runner.adapters.persistence..";
    private static final String BOOTSTRAP = "org.prismq.runner.bootstrap..";

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Domain").definedBy(DOMAIN)
            .layer("Application").definedBy(APPLICATION)
            .layer("Process adapter").definedBy(PROCESS)
            .layer("HTTP adapter").definedBy(HTTP)
            .layer("Persistence adapter").definedBy(PERSISTENCE)
            .layer("Bootstrap").definedBy(BOOTSTRAP)
            .whereLayer("Bootstrap").mayNotBeAccessedByAnyLayer()
            .whereLayer("Process adapter").mayOnlyBeAccessedByLayers("Bootstrap")
            .whereLayer("HTTP adapter").mayOnlyBeAccessedByLayers("Bootstrap")
            .whereLayer("Persistence adapter").mayOnlyBeAccessedByLayers("Bootstrap")
            .whereLayer("Application").mayOnlyBeAccessedByLayers("Process adapter", "HTTP adapter",
                    "Persistence adapter", "Bootstrap")
            .because("the hexagon's core knows no adapter, adapters never know each other, and only bootstrap "
                    + "sees everything");

    @ArchTest
    static final ArchRule domainDependsOnlyOnTheJdk = classes().that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, "java..")
            .because("the domain is pure Java: the model and its rules, no library and no I/O framework");

    @ArchTest
    static final ArchRule applicationDependsOnlyOnTheDomainAndTheJdk = classes().that()
            .resideInAPackage(APPLICATION)
            .should().onlyDependOnClassesThat().resideInAnyPackage(APPLICATION, DOMAIN, "java..")
            .because("use cases and ports are pure Java and depend on the domain only");

    @ArchTest
    static final ArchRule coreUsesNoInfrastructureApis = noClasses().that()
            .resideInAnyPackage(DOMAIN, APPLICATION)
            .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml..", "java.sql..", "javax.sql..",
                    "com.sun.net.httpserver..", "org.flywaydb..", "org.sqlite..", "org.postgresql..",
                    "java.net.http..", "io.prometheus..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName(Process.class.getName())
            .orShould().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
            .orShould().dependOnClassesThat().haveFullyQualifiedName(ProcessHandle.class.getName())
            .because("JSON, JDBC, HTTP, metrics and processes are the adapters' business");

    @ArchTest
    static final ArchRule portsNeverDependOnServices = noClasses().that().resideInAPackage(PORTS)
            .should().dependOnClassesThat().resideInAnyPackage(SERVICES, EXECUTION, OUTPUT)
            .because("ports are the contract; services implement or use it, never the other way round");

    @ArchTest
    static final ArchRule outputKnowsOnlyPortsAndTheDomain = classes().that().resideInAPackage(OUTPUT)
            .should().onlyDependOnClassesThat().resideInAnyPackage(OUTPUT, PORTS, DOMAIN, "java..")
            .because("the path of a line (numbered, published, stored, followed) does not depend on who starts "
                    + "runs or on the use cases that read it");

    @ArchTest
    static final ArchRule executionNeverCallsUseCases = classes().that().resideInAPackage(EXECUTION)
            .should().onlyDependOnClassesThat().resideInAnyPackage(EXECUTION, OUTPUT, PORTS, DOMAIN, "java..")
            .because("the engine that runs processes serves the use cases and never calls them back");

    @ArchTest
    static final ArchRule servicesUseTheEngineThroughItsPackages = classes().that().resideInAPackage(SERVICES)
            .should().onlyDependOnClassesThat().resideInAnyPackage(SERVICES, EXECUTION, OUTPUT, PORTS, DOMAIN,
                    "java..")
            .because("use-case services are thin: they check a request and hand it to the engine (execution) or "
                    + "read output (output)");

    @ArchTest
    static final ArchRule processAdapterKnowsNoOtherAdapter = noClasses().that().resideInAPackage(PROCESS)
            .should().dependOnClassesThat().resideInAnyPackage(HTTP, PERSISTENCE, BOOTSTRAP)
            .because("an adapter is swappable only if no other adapter depends on it");

    @ArchTest
    static final ArchRule httpAdapterKnowsNoOtherAdapter = noClasses().that().resideInAPackage(HTTP)
            .should().dependOnClassesThat().resideInAnyPackage(PROCESS, PERSISTENCE, BOOTSTRAP)
            .because("an adapter is swappable only if no other adapter depends on it");

    @ArchTest
    static final ArchRule persistenceAdapterKnowsNoOtherAdapter = noClasses().that().resideInAPackage(PERSISTENCE)
            .should().dependOnClassesThat().resideInAnyPackage(PROCESS, HTTP, BOOTSTRAP)
            .because("an adapter is swappable only if no other adapter depends on it");

    @ArchTest
    static final ArchRule httpCallsUseCasesNotServices = noClasses().that().resideInAPackage(HTTP)
            .and().resideOutsideOfPackage(METRICS)
            .should().dependOnClassesThat().resideInAnyPackage(SERVICES, EXECUTION, OUTPUT,
                    "org.prismq.runner.application.port.out..")
            .because("incoming adapters drive the application through its use cases (port.in) only");

    @ArchTest
    static final ArchRule metricsAreAnOutgoingAdapter = classes().that().resideInAPackage(METRICS)
            .should().onlyDependOnClassesThat().resideInAnyPackage(METRICS, "org.prismq.runner.application.port.out..",
                    DOMAIN, "io.prometheus..", "java..")
            .because("the metrics hear the engine through its outgoing port (RunMetrics), and know nothing of the "
                    + "use cases or of the HTTP routes that serve them");

    @ArchTest
    static final ArchRule onlyTheMetricsAdapterUsesThePrometheusLibrary = noClasses().that()
            .resideOutsideOfPackage(METRICS)
            .should().dependOnClassesThat().resideInAPackage("io.prometheus..")
            .because("one adapter owns the Prometheus client; the engine reports through RunMetrics, and the rest "
                    + "of the HTTP adapter serves what that adapter writes");

    @ArchTest
    static final ArchRule noCycles = slices().matching("org.prismq.runner.(**)").should().beFreeOfCycles()
            .because("packages form a hierarchy: a cycle would tie modules or their parts together");
}
