// Site mirrors for the Offline cache screen: list, add, remove (audited by the
// use cases) and publish as a long job with progress, through the same use
// cases the command line calls.
import type { ApiHandlers } from '../../../shared/api';
import type { MirrorView } from '../../../shared/schemas';
import { formatBytes } from '../../../shared/format';
import type { ServiceContext } from './context';
import type { JobRunner } from './jobs';
import { addMirror, listMirrors, publishMirror, removeMirror, type MirrorRecord } from '../usecases/mirrors';

type MirrorHandlers = Pick<ApiHandlers, 'mirrorsList' | 'mirrorsAdd' | 'mirrorsRemove' | 'mirrorsPublish'>;

const view = (m: MirrorRecord): MirrorView => ({
  name: m.name,
  url: m.url,
  host: m.target?.host ?? null,
  path: m.target?.path ?? null,
  added: m.added,
});

export function mirrorHandlers(ctx: ServiceContext, jobs: JobRunner): MirrorHandlers {
  const changed = <T>(value: T): T => {
    return value;
  };
  return {
    mirrorsList: async () => listMirrors(ctx.uc).map(view),
    mirrorsAdd: async (input) => {
      try {
        return view(addMirror(ctx.uc, input));
      } finally {
        changed(undefined);
      }
    },
    mirrorsRemove: async ({ name }) => {
      try {
        return view(removeMirror(ctx.uc, name));
      } finally {
        changed(undefined);
      }
    },
    mirrorsPublish: async ({ name }) =>
      jobs.start('mirror-publish', name, async (report) => {
        const lines: string[] = [];
        const r = await publishMirror(ctx.uc, name, {
          onProgress: (p) => report({ bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, pathsDone: p.pathsDone, pathsTotal: p.pathsTotal }),
          onFile: (f) =>
            void (lines.length < 200 && lines.push(`${f.resumedFrom > 0 ? 'continued' : 'copied'} ${f.file} (${formatBytes(f.bytes)})`)),
        });
        const summary = `${r.copied} files copied (${formatBytes(r.bytes)} sent${r.resumed ? `, ${r.resumed} continued after a cut` : ''}), ${r.skipped} already there`;
        if (r.damaged.length > 0) {
          return {
            status: 'refused',
            message: `${summary}; ${r.damaged.length} paths left off: run Verify on the offline cache`,
            details: r.damaged.map((d) => `${d.path}: ${d.problem}`),
          };
        }
        return { message: `published to ${r.mirror.target?.host}:${r.mirror.target?.path}: ${summary}`, details: lines };
      }),
  };
}
