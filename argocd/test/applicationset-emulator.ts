// A stand-in for Argo CD's ApplicationSet controller, which cannot run here (no cluster): it runs
// the git files generator over this checkout and renders the template with the few Go-template
// expressions our ApplicationSets use. Any other expression fails loudly, so the emulation never
// silently drifts from what the controller would do.
import type { Manifest } from '@platform/manifest-validation';
import { filesMatching } from './repository.js';

type Params = { path: { path: string; basename: string; filename: string } };

const expressions: Record<string, (p: Params) => string> = {
  '.path.basename': (p) => p.path.basename,
  '.path.filename': (p) => p.path.filename,
  '.path.path': (p) => p.path.path,
  'trimSuffix ".yaml" .path.filename': (p) => p.path.filename.replace(/\.yaml$/, ''),
};

function renderString(text: string, params: Params): string {
  return text.replace(/\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    const evaluate = expressions[expression];
    if (!evaluate) throw new Error(`the emulator does not know the template expression {{ ${expression} }}`);
    return evaluate(params);
  });
}

function render(value: unknown, params: Params): unknown {
  if (typeof value === 'string') return renderString(value, params);
  if (Array.isArray(value)) return value.map((item) => render(item, params));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [renderString(k, params), render(v, params)]));
  }
  return value;
}

/** The Applications an ApplicationSet with git files generators generates from this checkout. */
export function generateApplications(applicationSet: Manifest): Manifest[] {
  const spec = applicationSet.spec as { generators: { git?: { files?: { path: string }[] } }[]; template: object };
  return spec.generators.flatMap((generator) => {
    if (!generator.git?.files) throw new Error('the emulator knows only git files generators');
    return generator.git.files.flatMap(({ path }) =>
      filesMatching(path).map((file) => {
        const dir = file.slice(0, file.lastIndexOf('/'));
        const params = {
          path: {
            path: dir,
            basename: dir.slice(dir.lastIndexOf('/') + 1),
            filename: file.slice(file.lastIndexOf('/') + 1),
          },
        };
        return {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          ...(render(spec.template, params) as object),
        } as Manifest;
      }),
    );
  });
}
