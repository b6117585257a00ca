/**
 * Runs modules as operating-system processes: {@link org.prismq.runner.adapters.process.ProcessBuilderLauncher}
 * starts them, reads their output line by line and stops their process trees;
 * {@link org.prismq.runner.adapters.process.OsSystemResources} reads the host's free memory, CPU load and disk space.
 * Bootstrap wires both; everything else here is an implementation detail.
 */
package org.prismq.runner.adapters.process;
