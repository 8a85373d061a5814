/**
 * Test fixtures for every module's tests: the running stand-in ({@link
 * dev.ecrcname.testing.StandIn}), one process runner ({@link dev.ecrcname.testing.Command}), a
 * scripted registry ({@link dev.ecrcname.testing.FakeRegistry}), the AWS APIs ECR and STS ({@link
 * dev.ecrcname.testing.FakeAws}) and a clock ({@link dev.ecrcname.testing.MutableClock}). It
 * depends on no project module, so that core's own tests can use it too.
 *
 * <p>Test code, so not {@code @NullMarked}: NullAway checks the library modules, not their
 * fixtures.
 */
package dev.ecrcname.testing;
