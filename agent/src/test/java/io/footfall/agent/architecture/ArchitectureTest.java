package io.footfall.agent.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the arrows between packages pointing one way (docs/ARCHITECTURE.md), checked on the main
 * code's bytecode: what a class names inline or in a lambda counts as much as its imports.
 */
@AnalyzeClasses(packages = {"io.footfall.agent", "io.footfall.hal"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** The agent's top-level packages (each with its subpackages) form no cycle. */
    @ArchTest
    static final ArchRule agent_packages_depend_on_each_other_one_way =
            slices().matching("io.footfall.agent.(*)..").should().beFreeOfCycles();

    /** Nor do its packages taken one by one, a subpackage such as {@code counts.wifi} apart from {@code counts}. */
    @ArchTest
    static final ArchRule every_agent_package_depends_on_the_others_one_way =
            slices().matching("io.footfall.agent.(**)").should().beFreeOfCycles();

    /** The sensor contracts and their providers know nothing of the agent or the simulator. */
    @ArchTest
    static final ArchRule hal_depends_on_no_agent_or_simulator_class =
            noClasses().that().resideInAPackage("io.footfall.hal..")
                    .should().dependOnClassesThat().resideInAnyPackage("io.footfall.agent..", "io.footfall.sim..");
}
