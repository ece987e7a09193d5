// The layer rules of architecture.md, as lint enforces them: each forbidden
// import is reported, and the allowed ones are not.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { resolve } from 'node:path';

const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '..') });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(import.meta.dirname, '..', file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries', () => {
  it('forbids electron under src/main/core and in the CLI', async () => {
    expect(await restrictedImports('src/main/core/nix/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await restrictedImports('src/cli/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
  });

  it('forbids Node modules and main in the renderer and in src/shared', async () => {
    for (const file of ['src/renderer/src/x.tsx', 'src/shared/x.ts']) {
      expect(await restrictedImports(file, "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toHaveLength(1);
      expect(await restrictedImports(file, "import fs from 'fs';\nexport const a = fs;\n")).toHaveLength(1);
      expect(await restrictedImports(file, "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toHaveLength(1);
    }
    const fromMain = "import { parseHash } from '../../main/core/nix/hash';\nexport const a = parseHash;\n";
    expect(await restrictedImports('src/renderer/src/x.tsx', fromMain)).toHaveLength(1);
  });

  it('keeps each engine layer from importing the layers above it', async () => {
    const code = (spec: string): string => `import { x } from '${spec}';\nexport const a = x;\n`;
    const forbidden: [string, string][] = [
      ['src/main/core/remote/x.ts', '../db/hosts'],
      ['src/main/core/remote/push/x.ts', '../../operations/deploy-host'],
      ['src/main/core/remote/x.ts', '../incident/run-incident'],
      ['src/main/core/db/x.ts', '../operations/last-known-good'],
      ['src/main/core/db/x.ts', '../usecases/deploy'],
      ['src/main/core/operations/x.ts', '../incident/run-incident'],
      ['src/main/core/incident/x.ts', '../usecases/incident'],
      ['src/main/core/usecases/x.ts', '../service-hosts'],
    ];
    for (const [file, spec] of forbidden) expect(await restrictedImports(file, code(spec)), `${file} -> ${spec}`).toHaveLength(1);
    const allowed: [string, string][] = [
      ['src/main/core/operations/x.ts', '../remote/probe-hosts'],
      ['src/main/core/operations/x.ts', '../db/hosts'],
      ['src/main/core/incident/x.ts', '../operations/host-operation'],
      ['src/main/core/usecases/x.ts', '../incident/run-incident'],
    ];
    for (const [file, spec] of allowed) expect(await restrictedImports(file, code(spec)), `${file} -> ${spec}`).toEqual([]);
  });

  it('lets the command line call the use cases and nothing else of the engine', async () => {
    const code = (spec: string): string => `import { x } from '${spec}';\nexport const a = x;\n`;
    for (const spec of [
      '../../main/core/db/hosts',
      '../../main/core/operations/deploy-host',
      '../../main/core/remote/ssh-transport',
      '../../main/core/service',
    ]) {
      expect(await restrictedImports('src/cli/commands/x.ts', code(spec)), spec).toHaveLength(1);
    }
    for (const spec of ['../../main/core/usecases/deploy', '../../shared/format', '../../main/console/serve-console', '../options']) {
      expect(await restrictedImports('src/cli/commands/x.ts', code(spec)), spec).toEqual([]);
    }
  });

  it('lets the service call the use cases, and name lower layers only by their types', async () => {
    const lint = async (code: string): Promise<string[]> => {
      const [result] = await eslint.lintText(code, { filePath: resolve(import.meta.dirname, '..', 'src/main/core/service/x.ts') });
      return (result?.messages ?? []).filter((m) => m.ruleId?.endsWith('no-restricted-imports')).map((m) => m.message);
    };
    for (const spec of ['../db/deployments', '../operations/deploy-host', '../remote/probe-hosts', '../cache/cache-lock']) {
      expect(await lint(`import { x } from '${spec}';\nexport const a = x;\n`), spec).toHaveLength(1);
      expect(await lint(`import type { X } from '${spec}';\nexport type A = X;\n`), spec).toEqual([]);
    }
    for (const spec of ['../usecases/deploy', '../refusal-error', './views', '../../../shared/api']) {
      expect(await lint(`import { x } from '${spec}';\nexport const a = x;\n`), spec).toEqual([]);
    }
  });

  it('allows what each layer may use', async () => {
    expect(await restrictedImports('src/main/core/nix/x.ts', "import { open } from 'node:fs/promises';\nexport const a = open;\n")).toEqual(
      [],
    );
    expect(
      await restrictedImports(
        'src/renderer/src/x.tsx',
        "import { z } from 'zod';\nimport { A } from '../../shared/api';\nexport const a = [z, A];\n",
      ),
    ).toEqual([]);
    expect(await restrictedImports('src/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
});
