// Every environment renders its chart at the revision its values file pins (chart.revision) with the
// values file from main (argocd/README.md). So each pinned chart must exist in this repository's
// history and accept the environment's current values file: a key the pinned chart's schema does not
// know fails here, not in Argo CD. Needs the full git history (CI checks out with fetch-depth: 0).
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { chartRevisionOf, extractChart, parentOf, removeDir } from './chart-at-revision.js';
import { runHelm } from './helm.js';
import { releases } from './releases.js';
import { helm } from './render.js';

const made: string[] = [];
afterAll(() => made.forEach(removeDir));
const keep = (dir: string) => void made.push(dir);

describe('the chart revision each environment pins', () => {
  it('is written where gitops edits it: a top-level chart: block with revision quoted', () => {
    for (const release of releases())
      expect(readFileSync(release.valuesFile, 'utf8'), release.valuesFile).toMatch(
        /^chart:\n {2}revision: '[0-9a-f]{40}'$/m,
      );
  });

  it.each(releases().map((r) => [`${r.app} in ${r.env}`, r] as const))(
    '%s: chart.revision is a commit of this repository that has the chart',
    (_, release) => {
      expect(chartRevisionOf(release).problem).toBeUndefined();
    },
  );

  describe.skipIf(!helm)('rendered at that revision with the values file of the working tree', () => {
    it.each(releases().map((r) => [`${r.app} in ${r.env}`, r] as const))(
      '%s passes helm lint --strict and renders',
      (_, release) => {
        const { revision, problem } = chartRevisionOf(release);
        expect(problem).toBeUndefined();
        const chart = extractChart(release.app, revision!, keep);
        const where = `deploy/values/${release.env}/${release.app}.yaml against deploy/charts/${release.app}@${revision}`;
        const lint = runHelm(helm!, ['lint', '--strict', chart, '-n', release.namespace, '-f', release.valuesFile]);
        expect(lint.status, `${where}:\n${lint.stdout}${lint.stderr}`).toBe(0);
        const render = runHelm(helm!, [
          'template',
          release.app,
          chart,
          '-n',
          release.namespace,
          '-f',
          release.valuesFile,
        ]);
        expect(render.status, `${where}:\n${render.stderr}`).toBe(0);
        expect(render.stdout).toContain('kind: ServiceAccount');
      },
    );

    it('fails for a chart revision whose schema does not know a key of the values file', () => {
      const api = releases().find((r) => r.app === 'api' && r.env === 'prod')!;
      const { revision } = chartRevisionOf(api);
      // The pinned revision is the commit that taught the schema chart.revision; its parent did not know it.
      const before = parentOf(revision!);
      expect(before, `the parent of ${revision} (full history needed)`).toBeDefined();
      const chart = extractChart('api', before!, keep);
      const lint = runHelm(helm!, ['lint', '--strict', chart, '-f', api.valuesFile]);
      expect(lint.status).not.toBe(0);
      expect(lint.stdout + lint.stderr).toContain('chart');
    });
  });
});
