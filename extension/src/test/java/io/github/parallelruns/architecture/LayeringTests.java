package io.github.parallelruns.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/design.md, checked on the library's classes: a rule broken here names the class
 * and the dependency that breaks it.
 */
class LayeringTests {

    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.parallelruns");

    @Test
    void measurementKnowsNothingOfJunit() {
        noClasses()
                .that()
                .resideInAPackage("..internal.measure..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.junit..")
                .check(LIBRARY);
    }

    @Test
    void thePublicApiDoesNotLeanOnTheJupiterAdapter() {
        noClasses()
                .that()
                .resideInAPackage("io.github.parallelruns")
                .and()
                .areNotAnnotations()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..internal.jupiter..")
                .check(LIBRARY);
    }

    @Test
    void onlyTheProtocolPackageKnowsTheWireFormat() {
        noClasses()
                .that()
                .resideOutsideOfPackage("..internal.protocol..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.DataInput")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.DataOutput")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.DataInputStream")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.DataOutputStream")
                .check(LIBRARY);
    }

    @Test
    void internalPackagesHaveNoCycles() {
        slices().matching("io.github.parallelruns.internal.(*)..")
                .should()
                .beFreeOfCycles()
                .check(LIBRARY);
    }
}
