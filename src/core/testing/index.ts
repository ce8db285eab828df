// The testing engine's public API (see docs/testing.md).
export { runTests, resolveFramework, disposeSandboxes, TestSetupError, type RunTestsOptions } from './runTests';
export { detectFramework, detectFrameworks, type FrameworkDetection } from './detect';
export { fileOfTestId, jsTestId, nameOfTestId, titlesOfJsTestId } from './testIds';
export { parallelRuns } from './limiter';
export type * from './types';
