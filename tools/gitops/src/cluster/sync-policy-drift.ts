import { isDeepStrictEqual } from 'node:util';

export interface SyncPolicyDrift {
  /** `automated` is absent or `automated.enabled` is false: Argo CD does not sync from git by itself. */
  readonly autoSyncOff: boolean;
  /** JSON pointers (under spec.syncPolicy) where the Application differs from the template, besides auto-sync. */
  readonly differences: readonly string[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `automated.enabled` left out means enabled, as Argo CD reads it. */
function withoutEnabled(policy: unknown): unknown {
  if (!isObject(policy) || !isObject(policy.automated)) return policy;
  const { enabled: _enabled, ...automated } = policy.automated;
  return { ...policy, automated };
}

function differences(live: unknown, wanted: unknown, path: string): string[] {
  if (isDeepStrictEqual(live, wanted)) return [];
  if (isObject(live) && isObject(wanted)) {
    const keys = [...new Set([...Object.keys(wanted), ...Object.keys(live)])].sort();
    return keys.flatMap((key) => differences(live[key], wanted[key], `${path}/${key}`));
  }
  return [path || '/'];
}

/**
 * Compares an Application's spec.syncPolicy with the ApplicationSet template's, the way the issue's
 * rollback procedure needs it: auto-sync switched off (the UI rollback does that) is reported apart,
 * and every other difference (prune or selfHeal off, other syncOptions, retry) by its path.
 */
export function syncPolicyDrift(live: unknown, template: unknown): SyncPolicyDrift {
  const automated = isObject(live) ? live.automated : undefined;
  const autoSyncOff = !isObject(automated) || automated.enabled === false;
  const liveCompared = isObject(automated)
    ? withoutEnabled(live)
    : { ...(isObject(live) ? live : {}), automated: undefined };
  const templateCompared = isObject(automated)
    ? withoutEnabled(template)
    : { ...(isObject(template) ? template : {}), automated: undefined };
  return { autoSyncOff, differences: differences(liveCompared, templateCompared, '') };
}
