// The pods' memory settings against what the bench measured (docs/benchmarks.md, "/healthz
// overhead and memory (issue 13)", and the sweeper over 20,000 objects): every environment keeps
// V8's young generation capped at the measured size, and gives the pod a limit with the stated
// margin over the measured peak.
import { describe, expect, it } from 'vitest';
import { releases, type Release } from './releases.js';
import { helm, render } from './render.js';

type Values = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Peak RSS of the production bundle over the whole recorded `pnpm bench` run (159.3 MB, 2026-12-02 06:00), with the chart's flags. */
const measuredPeakMiB = 152;
/** Its RSS once the loads have run a while (159.2 MB at the end of the run's loads): what a request should cover. */
const measuredSteadyMiB = 152;
/** The limit is at least this many times the measured peak: GC timing, a busier pod, a larger burst. */
const limitMargin = 1.5;

const mebibytes = (quantity: string): number => {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`memory quantity ${quantity}: expected <n>Mi or <n>Gi`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
};

/** A release's process settings (its ConfigMap's data) and its container's resources, as rendered. */
function podOf(release: Release) {
  const manifests = render(release);
  const settings = manifests.find((m) => m.kind === 'ConfigMap' && (m as Values).data?.NODE_OPTIONS !== undefined);
  const workload = manifests.find((m) => m.kind === 'Deployment' || m.kind === 'CronJob') as Values | undefined;
  const podSpec =
    workload?.kind === 'CronJob' ? workload.spec?.jobTemplate?.spec?.template?.spec : workload?.spec?.template?.spec;
  return {
    data: ((settings as Values | undefined)?.data ?? {}) as Values,
    resources: podSpec?.containers?.[0]?.resources,
  };
}

/** The flags chosen from the bench (docs/benchmarks.md): both apps run with the same. */
function expectMeasuredFlags(data: Values, valuesFile: string) {
  expect(data.NODE_OPTIONS, `${valuesFile}: NODE_OPTIONS`).toMatch(/(^| )--max-semi-space-size=8( |$)/);
  // Any explicit limit makes V8 collect the old generation at 1.3 times its live size instead of 4.
  expect(data.NODE_OPTIONS, `${valuesFile}: NODE_OPTIONS`).toMatch(/(^| )--max-old-space-size=128( |$)/);
  expect(data.MALLOC_ARENA_MAX, `${valuesFile}: MALLOC_ARENA_MAX`).toBe('2');
}

describe.skipIf(!helm)('the api pod memory, against the measured peak', () => {
  describe.each(
    releases()
      .filter((release) => release.app === 'api')
      .map((release) => [release.env, release] as const),
  )('in %s', (env, release) => {
    const { data, resources } = podOf(release);

    it('caps the young generation at the measured size, sets an old-space limit and limits malloc arenas as measured', () => {
      expectMeasuredFlags(data, release.valuesFile);
    });

    it(`requests at least the steady RSS (${measuredSteadyMiB} MiB) and limits at ${limitMargin} × the peak (${measuredPeakMiB} MiB) or more`, () => {
      const limit = mebibytes(String(resources?.limits?.memory));
      const request = mebibytes(String(resources?.requests?.memory));
      expect(limit, `${env}: limits.memory`).toBeGreaterThanOrEqual(measuredPeakMiB * limitMargin);
      expect(request, `${env}: requests.memory`).toBeLessThanOrEqual(limit);
      expect(request, `${env}: requests.memory`).toBeGreaterThanOrEqual(measuredSteadyMiB);
    });
  });
});

/** The sweeper's peak RSS over 20,000 objects (half orphaned) with the same flags: 120.8 MB (2026-12-02 06:00). */
const sweeperPeakMiB = 116;

describe.skipIf(!helm)('the avatar sweeper pod memory, against its measured peak', () => {
  describe.each(
    releases()
      .filter((release) => release.app === 'avatar-sweeper')
      .map((release) => [release.env, release] as const),
  )('in %s', (env, release) => {
    const { data, resources } = podOf(release);

    it(`runs with the measured flags and limits at ${limitMargin} × its peak (${sweeperPeakMiB} MiB) or more`, () => {
      expectMeasuredFlags(data, release.valuesFile);
      const limit = mebibytes(String(resources?.limits?.memory));
      expect(limit, `${env}: limits.memory`).toBeGreaterThanOrEqual(sweeperPeakMiB * limitMargin);
    });
  });
});
