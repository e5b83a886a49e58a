// A STAND-IN for Argo CD's ApplicationSet controller, which cannot run here (no cluster). It models,
// from the Argo CD docs (operator-manual/applicationset: Generators-Git, GoTemplate,
// Controlling-Resource-Modification, Application-Deletion), only what our ApplicationSets use:
// - generation: the git files generator over this checkout, each file's YAML keys as parameters next
//   to .path, rendered with the few Go-template expressions our templates use (a dotted key missing
//   from the file fails, as missingkey=error does; any other expression fails loudly, so the
//   emulation never silently drifts from what the controller would do);
// - reconciliation: which Applications the controller creates, updates or deletes under the
//   effective applicationsSync policy, how ignoreApplicationDifferences keeps live values, and the
//   resources finalizer it adds unless preserveResourcesOnDeletion.
// Not modelled: other generators, templatePatch, preserved annotations/labels, progressive syncs,
// and what the controller does at an ignored pointer that the live Application lacks (the template's
// value is taken here). To watch on dev after the first sync, since only a cluster proves them: an
// Application rolled back from the UI keeps enabled: false while prune/selfHeal come back; existing
// Applications lose the resources finalizer the former template set; commit statuses land on main's
// commit (the notification templates' revisions[1]).
import type { Manifest } from '@platform/manifest-validation';
import { filesMatching, readYaml } from './repository.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Params = Json & { path: { path: string; basename: string; filename: string } };
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

function evaluate(expression: string, params: Params, file: string): string {
  if (expression === 'trimSuffix ".yaml" .path.filename') return params.path.filename.replace(/\.yaml$/, '');
  const path = /^\.(\w+(?:\.\w+)*)$/.exec(expression)?.[1]?.split('.');
  if (path?.[0] === 'path' && path.length === 2 && path[1]! in params.path) return params.path[path[1] as 'path'];
  if (!path || path[0] === 'path')
    throw new Error(`the emulator does not know the template expression {{ ${expression} }}`);
  const value = path.reduce<unknown>((node, key) => (node as Json | undefined)?.[key], params);
  if (value === undefined) throw new Error(`missingkey=error: ${file} has no key ${path.join('.')}`);
  if (typeof value === 'object') throw new Error(`${file}: ${path.join('.')} is not a scalar`);
  return String(value);
}

function render(value: unknown, params: Params, file: string): unknown {
  const text = (s: string) => s.replace(/\{\{\s*(.*?)\s*\}\}/g, (_, e: string) => evaluate(e, params, file));
  if (typeof value === 'string') return text(value);
  if (Array.isArray(value)) return value.map((item) => render(item, params, file));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [text(k), render(v, params, file)]));
  return value;
}

/** The Applications an ApplicationSet with git files generators generates from this checkout. */
export function generateApplications(applicationSet: Manifest): Manifest[] {
  const spec = applicationSet.spec as Json;
  const preserve = spec.syncPolicy?.preserveResourcesOnDeletion === true;
  return (spec.generators as Json[]).flatMap((generator) => {
    if (!generator.git?.files) throw new Error('the emulator knows only git files generators');
    return (generator.git.files as { path: string }[]).flatMap(({ path }) =>
      filesMatching(path).map((file) => {
        const dir = file.slice(0, file.lastIndexOf('/'));
        const params: Params = {
          ...((readYaml(file) as Json | null) ?? {}),
          path: { path: dir, basename: dir.slice(dir.lastIndexOf('/') + 1), filename: file.slice(dir.length + 1) },
        };
        const app: Json = {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          ...(render(spec.template, params, file) as Json),
        };
        if (!preserve)
          app.metadata.finalizers = [...new Set([...(app.metadata.finalizers ?? []), RESOURCES_FINALIZER])];
        return app as Manifest;
      }),
    );
  });
}

/** The controller's settings that decide the policy (argocd-cmd-params-cm). */
export interface ControllerSettings {
  /** applicationsetcontroller.policy; the controller's default is sync. */
  policy?: string;
  /** applicationsetcontroller.enable.policy.override; off by default (Controlling-Resource-Modification). */
  policyOverride?: boolean;
}

/** The applicationsSync policy the controller applies to an ApplicationSet. */
export function effectivePolicy(applicationSet: Manifest, settings: ControllerSettings): string {
  const own = (applicationSet.spec as Json).syncPolicy?.applicationsSync as string | undefined;
  return own && settings.policyOverride ? own : (settings.policy ?? 'sync');
}

const pointerPath = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
const getAt = (obj: Json, path: string[]) =>
  path.reduce<unknown>((node, key) => (node as Json | undefined)?.[key], obj);
function setAt(obj: Json, path: string[], value: unknown) {
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node[key] ??= {}), obj);
  parent[path.at(-1)!] = value;
}

/**
 * One reconcile of an ApplicationSet against the live Applications it owns: creates what is generated
 * and missing; updates the rest to the template (except at ignoreApplicationDifferences pointers, where
 * a live value is kept) when the policy allows updates; deletes what is no longer generated only when
 * it allows deletes. Returns the Applications afterwards and the names it deleted.
 */
export function reconcile(
  applicationSet: Manifest,
  generated: Manifest[],
  live: Manifest[],
  settings: ControllerSettings,
): { applications: Manifest[]; deleted: string[] } {
  const policy = effectivePolicy(applicationSet, settings);
  const ignored = ((applicationSet.spec as Json).ignoreApplicationDifferences ?? []).flatMap(
    (rule: Json) => rule.jsonPointers ?? [],
  ) as string[];
  const name = (m: Manifest) => m.metadata!.name!;
  const liveByName = new Map(live.map((app) => [name(app), app]));
  const applications = generated.map((desired) => {
    const current = liveByName.get(name(desired));
    if (!current) return structuredClone(desired);
    if (!['sync', 'create-update'].includes(policy)) return current;
    const updated = structuredClone(desired) as Json;
    for (const pointer of ignored) {
      const kept = getAt(current as Json, pointerPath(pointer));
      if (kept !== undefined) setAt(updated, pointerPath(pointer), structuredClone(kept));
    }
    return updated as Manifest;
  });
  const orphans = live.filter((app) => !generated.some((g) => name(g) === name(app)));
  const deletes = ['sync', 'create-delete'].includes(policy);
  return {
    applications: deletes ? applications : [...applications, ...orphans],
    deleted: deletes ? orphans.map(name) : [],
  };
}

/**
 * Whether deleting this Application (by hand, by the controller, or by garbage collection when its
 * ApplicationSet goes) deletes what it deployed: only with the resources finalizer.
 */
export const deletesResources = (app: Manifest) =>
  ((app.metadata?.finalizers ?? []) as string[]).includes(RESOURCES_FINALIZER);
