// Types of test-deps.mjs (plain JavaScript: it runs before anything is built), for the test that drives it.
export declare const TEST_TOOLS: ReadonlyArray<readonly [tool: string, debianPackage: string, usedFor: string]>;
export declare function findTool(tool: string, env?: NodeJS.ProcessEnv): string | undefined;
export declare function missingPackages(env?: NodeJS.ProcessEnv): string[];
export declare function installLine(packages: readonly string[]): string;
export declare function ensureTestTools(env?: NodeJS.ProcessEnv, isRoot?: boolean): string | undefined;
export declare function testSetupProblem(env?: NodeJS.ProcessEnv, isRoot?: boolean): string | undefined;
