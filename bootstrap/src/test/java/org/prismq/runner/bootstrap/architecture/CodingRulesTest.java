package org.prismq.runner.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.prismq.runner.bootstrap.Main;

/** Coding conventions every module keeps. */
@AnalyzeClasses(packages = "org.prismq.runner", importOptions = ImportOption.DoNotIncludeTests.class)
class CodingRulesTest {

    @ArchTest
    static final ArchRule onlyMainWritesToTheConsole = noClasses().that().doNotHaveFullyQualifiedName(
            Main.class.getName()).should(ACCESS_STANDARD_STREAMS)
            .because("stdout carries only the start-up line; everything else goes through System.Logger");

    @ArchTest
    static final ArchRule noGenericExceptions = NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS
            .because("callers map errors by type: a generic exception says nothing");

    @ArchTest
    static final ArchRule systemLoggerOnly = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING
            .because("code logs through System.Logger so that embedders choose the backend");

    @ArchTest
    static final ArchRule noFieldInjection = NO_CLASSES_SHOULD_USE_FIELD_INJECTION
            .because("everything is wired by constructors in bootstrap");

    @ArchTest
    static final ArchRule domainValuesAreImmutable = classes().that().resideInAPackage("org.prismq.runner.domain..")
            .and().areNotEnums().and().areNotInterfaces().and().areNotAssignableTo(Throwable.class)
            .should().haveOnlyFinalFields()
            .because("domain values are immutable: records or final classes with final fields");
}
