// Argo CD Notifications as the argo-cd values configure them, against the contract the release and
// promotion workflows build on: for every Application <app>-<env>, a commit status with context
// argocd/<app>-<env> on the synced commit — pending when a sync starts, success once per commit when
// Synced and Healthy, failure when Degraded, error when the sync failed.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mergeValues, valuesFilesOf } from './argo-cd-values.js';
import { applications, clusters, generated, objectsIn, type Json } from './objects.js';

const STATES: Record<string, string> = {
  'on-sync-running': 'pending',
  'on-deployed': 'success',
  'on-health-degraded': 'failure',
  'on-sync-failed': 'error',
};
const SUBSCRIPTION = /^notifications\.argoproj\.io\/subscribe\.([\w-]+)\.([\w-]+)$/;
const argoCdValues = (cluster: string) =>
  mergeValues(...valuesFilesOf(objectsIn(`clusters/${cluster}/argo-cd.yaml`)[0]!).map((f) => f.values));

describe.each(clusters)('notifications on the %s cluster', (cluster) => {
  const { notifications } = argoCdValues(cluster);
  const templates = new Map(
    Object.entries<string>(notifications.templates).map(([k, v]) => [k.replace(/^template\./, ''), parse(v) as Json]),
  );
  const triggers = new Map(
    Object.entries<string>(notifications.triggers).map(([k, v]) => [k.replace(/^trigger\./, ''), parse(v) as Json[]]),
  );

  it('are enabled, with the GitHub App service and its key from the notifications Secret', () => {
    expect(notifications.enabled).toBe(true);
    const github = parse(notifications.notifiers['service.github']) as Json;
    expect(Object.keys(github).sort()).toEqual(['appID', 'installationID', 'privateKey']);
    expect(github.appID).toEqual(expect.any(Number));
    expect(github.installationID).toEqual(expect.any(Number));
    expect(github.privateKey).toBe('$github-privateKey');
  });

  it('send, from every trigger, only templates that exist', () => {
    for (const [name, conditions] of triggers) {
      for (const condition of conditions) {
        expect(condition.send.length, `trigger ${name}`).toBeGreaterThan(0);
        for (const template of condition.send)
          expect([...templates.keys()], `trigger ${name} sends ${template}`).toContain(template);
      }
    }
  });

  it.each(Object.entries(STATES))(
    'set, from %s, the commit status %s with context argocd/<application> and a link to it',
    (trigger, state) => {
      const conditions = triggers.get(trigger);
      expect(conditions, `trigger ${trigger}`).toHaveLength(1);
      for (const name of conditions![0]!.send) {
        const github = templates.get(name)!.github;
        expect(github?.status, `template ${name}`).toEqual({
          state,
          label: 'argocd/{{.app.metadata.name}}',
          targetURL: expect.stringMatching(
            /^\{\{\.context\.argocdUrl\}\}\/applications\/\{\{\.app\.metadata\.name\}\}/,
          ),
        });
        expect(github.repoURLPath, `template ${name}`).toBe('{{.app.spec.source.repoURL}}');
        // The synced commit; while a sync runs, or when it failed before any result, the commit the sync is for.
        expect(github.revisionPath, `template ${name}`).toBe(
          '{{with .app.status.operationState.syncResult}}{{.revision}}{{else}}{{$.app.status.operationState.operation.sync.revision}}{{end}}',
        );
      }
    },
  );

  it('report success only when the sync succeeded and the app is Synced and Healthy, once per commit', () => {
    const [deployed] = triggers.get('on-deployed')!;
    expect(deployed!.when).toContain("app.status.operationState.phase in ['Succeeded']");
    expect(deployed!.when).toContain("app.status.sync.status == 'Synced'");
    expect(deployed!.when).toContain("app.status.health.status == 'Healthy'");
    expect(deployed!.oncePer).toBe('app.status.operationState.syncResult.revision');
    expect(triggers.get('on-health-degraded')![0]!.when).toBe("app.status.health.status == 'Degraded'");
    expect(triggers.get('on-sync-failed')![0]!.when).toContain(
      "app.status.operationState.phase in ['Error', 'Failed']",
    );
    expect(triggers.get('on-sync-running')![0]!.when).toContain("app.status.operationState.phase in ['Running']");
  });

  it('reach every generated Application through a GitHub subscription to each of the four triggers', () => {
    const apps = generated.filter((app) =>
      objectsIn(`clusters/${cluster}/applicationset.yaml`).some((set) =>
        (set.spec as Json).generators.some((g: Json) =>
          g.git.files.some((f: Json) => f.path.startsWith(`deploy/values/${app.metadata?.name?.split('-').at(-1)}/`)),
        ),
      ),
    );
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) {
      for (const trigger of Object.keys(STATES))
        expect(app.metadata?.annotations, app.metadata?.name).toHaveProperty(
          [`notifications.argoproj.io/subscribe.${trigger}.github`],
          '',
        );
    }
  });

  it('subscribe Applications only to triggers that exist', () => {
    for (const app of applications) {
      for (const key of Object.keys(app.metadata?.annotations ?? {})) {
        const trigger = SUBSCRIPTION.exec(key)?.[1];
        if (trigger) expect([...triggers.keys()], `${app.metadata?.name}: ${key}`).toContain(trigger);
      }
    }
  });

  it('do not let the chart make the notifications Secret (an ExternalSecret does)', () => {
    expect(notifications.secret.create).toBe(false);
  });
});
