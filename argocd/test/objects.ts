// The objects of argocd/ and the Applications its ApplicationSets generate, shared by the test files.
import type { Manifest } from '@platform/manifest-validation';
import { generateApplications } from './applicationset-emulator.js';
import { argocdObjects } from './repository.js';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const objects = argocdObjects();
export const ofKind = (kind: string) => objects.filter((o) => o.manifest.kind === kind).map((o) => o.manifest);
export const applicationSets = ofKind('ApplicationSet');
export const generated = applicationSets.flatMap(generateApplications);
export const applications = [...ofKind('Application'), ...generated];
export const projects = new Map(ofKind('AppProject').map((p) => [p.metadata?.name, p.spec as Json]));
export const repoURL = 'https://github.com/example-org/users-platform.git';
export const clusters = ['dev', 'prod'];

/** The objects of one file (relative to argocd/). */
export const objectsIn = (file: string): Manifest[] => objects.filter((o) => o.file === file).map((o) => o.manifest);

/** An Application's sources, whether it has one (`source`) or several (`sources`). */
export const sourcesOf = (app: Manifest): Json[] => {
  const spec = app.spec as Json;
  return spec.sources ?? [spec.source];
};

/** The environments a cluster's ApplicationSet deploys (deploy/values/<env>/*.yaml generators). */
export function environmentsOf(cluster: string): string[] {
  const set = objectsIn(`clusters/${cluster}/applicationset.yaml`)[0]!;
  return (set.spec as Json).generators.flatMap((g: Json) =>
    g.git.files.map((f: Json) => /^deploy\/values\/([^/]+)\//.exec(f.path)![1]),
  );
}
