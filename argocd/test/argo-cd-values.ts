// The argo-cd chart's values as each cluster's argo-cd Application passes them (the common file, then
// the cluster's), and the Secrets they name: `$<key>` in a notification service is a key of the
// notifications Secret, `$<secret>:<key>` in argocd-cm a key of a Secret labelled
// app.kubernetes.io/part-of: argocd. Neither kind of Secret may come from git here, so each must be
// written by an ExternalSecret in argocd.
import type { Manifest } from '@platform/manifest-validation';
import { readYaml } from './repository.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ValuesFile {
  /** Path relative to the repository root. */
  file: string;
  values: Json;
}

/** Helm's merge of values files: maps merge key by key, anything else is replaced, null removes. */
export function mergeValues(...layers: Json[]): Json {
  return layers.reduce<Json>((merged, layer) => {
    const out: Json = { ...merged };
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (value === null) delete out[key];
      else if (isMap(value) && isMap(out[key])) out[key] = mergeValues(out[key], value);
      else out[key] = value;
    }
    return out;
  }, {});
}
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The values files of an argo-cd Application's chart source ($values/<path> → <path>), read. */
export function valuesFilesOf(argoCd: Manifest): ValuesFile[] {
  const chart = (argoCd.spec as Json).sources.find((s: Json) => s.chart === 'argo-cd');
  return (chart.helm.valueFiles as string[]).map((ref) => {
    const file = ref.replace(/^\$values\//, '');
    return { file, values: (readYaml(file) ?? {}) as Json };
  });
}

const notificationKeys = (text: string) => [...text.matchAll(/\$([\w.-]+)/g)].map((m) => m[1]!);
const labelledSecretKeys = (text: string) =>
  [...text.matchAll(/\$([\w.-]+):([\w.-]+)/g)].map((m) => ({ secret: m[1]!, key: m[2]! }));

/**
 * Problems, one line each naming the values file: every Secret key the values name must be written
 * by an ExternalSecret in argocd (for argocd-cm's references, into a Secret labelled part-of argocd).
 */
export function unresolvedSecretReferences(files: ValuesFile[], externalSecrets: Manifest[]): string[] {
  const merged = mergeValues(...files.map((f) => f.values));
  const notificationsSecret: string = merged.notifications?.secret?.name ?? 'argocd-notifications-secret';
  const writers = externalSecrets.filter((m) => m.metadata?.namespace === 'argocd');
  const writer = (secret: string) =>
    writers.find((m) => ((m.spec as Json).target?.name ?? m.metadata?.name) === secret);
  const writes = (es: Manifest | undefined, key: string) =>
    ((es?.spec as Json | undefined)?.data ?? []).some((d: Json) => d.secretKey === key);

  const problems: string[] = [];
  if (merged.notifications?.secret?.create !== false) {
    problems.push(
      `${files.map((f) => f.file).join(' + ')}: notifications.secret.create must be false (an ExternalSecret writes ${notificationsSecret})`,
    );
  }
  for (const { file, values } of files) {
    for (const [service, config] of Object.entries<unknown>(values.notifications?.notifiers ?? {})) {
      for (const key of typeof config === 'string' ? notificationKeys(config) : []) {
        if (!writes(writer(notificationsSecret), key))
          problems.push(
            `${file}: notifications.notifiers."${service}" names $${key}, but no ExternalSecret in argocd writes key ${key} of Secret ${notificationsSecret}`,
          );
      }
    }
    for (const [setting, text] of Object.entries<unknown>(values.configs?.cm ?? {})) {
      for (const { secret, key } of typeof text === 'string' ? labelledSecretKeys(text) : []) {
        const es = writer(secret);
        const where = `${file}: configs.cm."${setting}" names $${secret}:${key}`;
        if (!writes(es, key))
          problems.push(`${where}, but no ExternalSecret in argocd writes key ${key} of Secret ${secret}`);
        else if ((es!.spec as Json).target?.template?.metadata?.labels?.['app.kubernetes.io/part-of'] !== 'argocd')
          problems.push(
            `${where}, but the ExternalSecret writing ${secret} does not label it app.kubernetes.io/part-of: argocd`,
          );
      }
    }
  }
  return problems;
}

/** The file that sets a value (the last one, as Helm's merge lets it win), for messages. */
export function fileSetting(files: ValuesFile[], ...path: string[]): string {
  const setting = files.findLast(
    (f) => path.reduce<Json | undefined>((node, key) => node?.[key], f.values) !== undefined,
  );
  return `${setting?.file ?? files.map((f) => f.file).join(' + ')}: ${path.join('.')}`;
}
