import type { Environment } from '../environments.ts';
import { readOptionalScalar, readScalar, type ScalarPath, setScalars } from './values-scalars.ts';

/**
 * What one environment runs of one app, and what promotion and rollback move as one: the image tag and
 * the revision of this repository whose deploy/charts/<app> (templates, defaults, schema) it renders.
 */
export interface DeploymentUnit {
  readonly tag: string;
  readonly chartRevision: string;
}

const tagPath = ['image', 'tag'] as const;
const chartRevisionPath = ['chart', 'revision'] as const;

/** Both keys of the unit; a ValuesFileFormatError when the file lacks either. */
export function readUnit(text: string, file: string): DeploymentUnit {
  return { tag: readScalar(text, tagPath, file), chartRevision: readScalar(text, chartRevisionPath, file) };
}

/**
 * The unit as an old version of the file had it. Before chart.revision existed every environment
 * rendered the chart of the commit it synced, so that commit stands in for the revision.
 */
export function readHistoricUnit(text: string, file: string, commit: string): DeploymentUnit {
  return {
    tag: readScalar(text, tagPath, file),
    chartRevision: readOptionalScalar(text, chartRevisionPath, file) || commit,
  };
}

/** chart.revision of a values file ('' when empty); a ValuesFileFormatError when there is none. */
export function readChartRevision(text: string, file: string): string {
  return readScalar(text, chartRevisionPath, file);
}

/** Sets image.tag and chart.revision, changing no other byte; the file must carry both keys already. */
export function setUnit(text: string, unit: DeploymentUnit, file: string): string {
  return setScalars(
    text,
    new Map<ScalarPath, string>([
      [tagPath, unit.tag],
      [chartRevisionPath, unit.chartRevision],
    ]),
    file,
  );
}

export const sameUnit = (a: DeploymentUnit, b: DeploymentUnit) =>
  a.tag === b.tag && a.chartRevision === b.chartRevision;

export const shortSha = (sha: string) => (sha === '' ? '(none)' : sha.slice(0, 7));

/** `image <tag>, chart <revision>`, in full: what a person copies into --to or compares with a UI. */
export const describeUnit = (unit: DeploymentUnit) =>
  `image ${unit.tag || '(none)'}, chart ${unit.chartRevision || '(none)'}`;

/** What a command wants for an app in an environment; a part left out stays as the file has it. */
export interface UnitEdit {
  readonly environment: Environment;
  readonly app: string;
  readonly tag?: string;
  readonly chartRevision?: string;
}

/** An edit that changes a values file, with the unit it replaces. */
export interface UnitChange {
  readonly environment: Environment;
  readonly app: string;
  readonly path: string;
  readonly previous: DeploymentUnit;
  readonly unit: DeploymentUnit;
}
