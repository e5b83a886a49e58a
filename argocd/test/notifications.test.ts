// Argo CD Notifications as the argo-cd values configure them, against the contract the release and
// promotion workflows build on: for every Application <app>-<env>, a commit status with context
// argocd/<app>-<env> on the synced commit — pending when a sync starts, success once per commit when
// Synced and Healthy, failure when Degraded, error when the sync failed.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateApplications } from './applicationset-emulator.js';
import { fileSetting, mergeValues, valuesFilesOf } from './argo-cd-values.js';
import { applications, clusters, objectsIn, type Json } from './objects.js';

const STATES: Record<string, string> = {
  'on-sync-running': 'pending',
  'on-deployed': 'success',
  'on-health-degraded': 'failure',
  'on-sync-failed': 'error',
};
const SUBSCRIPTION = /^notifications\.argoproj\.io\/subscribe\.([\w-]+)\.([\w-]+)$/;
const valuesFiles = (cluster: string) => valuesFilesOf(objectsIn(`clusters/${cluster}/argo-cd.yaml`)[0]!);

describe.each(clusters)('notifications on the %s cluster', (cluster) => {
  const files = valuesFiles(cluster);
  const { notifications } = mergeValues(...files.map((f) => f.values));
  const where = (...path: string[]) => fileSetting(files, 'notifications', ...path);
  const templates = new Map(
    Object.entries<string>(notifications.templates).map(([k, v]) => [k.replace(/^template\./, ''), parse(v) as Json]),
  );
  const triggers = new Map(
    Object.entries<string>(notifications.triggers).map(([k, v]) => [k.replace(/^trigger\./, ''), parse(v) as Json[]]),
  );

  it('are enabled, with the GitHub App service and its key from the notifications Secret', () => {
    expect(notifications.enabled).toBe(true);
    const github = parse(notifications.notifiers['service.github']) as Json;
    const at = where('notifiers', 'service.github');
    expect(Object.keys(github).sort(), at).toEqual(['appID', 'installationID', 'privateKey']);
    expect(github.appID, at).toEqual(expect.any(Number));
    expect(github.installationID, at).toEqual(expect.any(Number));
    expect(github.privateKey, at).toBe('$github-privateKey');
  });

  it('send, from every trigger, only templates that exist', () => {
    for (const [name, conditions] of triggers) {
      const at = where('triggers', `trigger.${name}`);
      for (const condition of conditions) {
        expect(condition.send.length, at).toBeGreaterThan(0);
        for (const template of condition.send)
          expect([...templates.keys()], `${at} sends ${template}`).toContain(template);
      }
    }
  });

  it.each(Object.entries(STATES))(
    'set, from %s, the commit status %s with context argocd/<application> and a link to it',
    (trigger, state) => {
      const conditions = triggers.get(trigger);
      expect(conditions, where('triggers', `trigger.${trigger}`)).toHaveLength(1);
      for (const name of conditions![0]!.send) {
        const github = templates.get(name)!.github;
        const at = where('templates', `template.${name}`);
        expect(github?.status, at).toEqual({
          state,
          label: 'argocd/{{.app.metadata.name}}',
          targetURL: expect.stringMatching(
            /^\{\{\.context\.argocdUrl\}\}\/applications\/\{\{\.app\.metadata\.name\}\}/,
          ),
        });
        // This repository: the apps' second source (ref: values, main); a single-source app's one source.
        expect(github.repoURLPath, at).toBe(
          '{{with .app.spec.sources}}{{(index . 1).repoURL}}{{else}}{{.app.spec.source.repoURL}}{{end}}',
        );
        // The synced commit of main (the values source, revisions[1]); while a sync runs, or when it
        // failed before any result, the commit the sync is for. A single-source app: its one revision.
        expect(github.revisionPath, at).toBe(
          '{{with .app.status.operationState.syncResult}}{{if .revisions}}{{index .revisions 1}}{{else}}{{.revision}}{{end}}' +
            '{{else}}{{with $.app.status.operationState.operation.sync}}{{if .revisions}}{{index .revisions 1}}{{else}}{{.revision}}{{end}}{{end}}{{end}}',
        );
      }
    },
  );

  it('report success only when the sync succeeded and the app is Synced and Healthy, once per commit', () => {
    const when = (trigger: string) => triggers.get(trigger)![0]!.when as string;
    const at = (trigger: string) => where('triggers', `trigger.${trigger}`);
    for (const condition of [
      "app.status.operationState.phase in ['Succeeded']",
      "app.status.sync.status == 'Synced'",
      "app.status.health.status == 'Healthy'",
    ])
      expect(when('on-deployed'), at('on-deployed')).toContain(condition);
    expect(triggers.get('on-deployed')![0]!.oncePer, at('on-deployed')).toBe(
      'app.status.operationState.syncResult.revisions != nil ? app.status.operationState.syncResult.revisions[1] : app.status.operationState.syncResult.revision',
    );
    expect(when('on-health-degraded'), at('on-health-degraded')).toBe("app.status.health.status == 'Degraded'");
    expect(when('on-sync-failed'), at('on-sync-failed')).toContain(
      "app.status.operationState.phase in ['Error', 'Failed']",
    );
    expect(when('on-sync-running'), at('on-sync-running')).toContain("app.status.operationState.phase in ['Running']");
  });

  it('reach every generated Application through a GitHub subscription to each of the four triggers', () => {
    const apps = objectsIn(`clusters/${cluster}/applicationset.yaml`).flatMap(generateApplications);
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) {
      // revisions[1] in the templates is this repository's main: the values source comes second.
      expect((app.spec as Json).sources[1], app.metadata?.name).toEqual({
        repoURL: 'https://github.com/example-org/users-platform.git',
        targetRevision: 'main',
        ref: 'values',
      });
      for (const trigger of Object.keys(STATES))
        expect(
          app.metadata?.annotations,
          `clusters/${cluster}/applicationset.yaml: ${app.metadata?.name}`,
        ).toHaveProperty([`notifications.argoproj.io/subscribe.${trigger}.github`], '');
    }
  });

  it('subscribe Applications only to triggers that exist', () => {
    for (const app of applications) {
      for (const key of Object.keys(app.metadata?.annotations ?? {})) {
        const trigger = SUBSCRIPTION.exec(key)?.[1];
        if (trigger)
          expect(
            [...triggers.keys()],
            `${app.metadata?.name}: ${key} names a trigger ${where('triggers')} lacks`,
          ).toContain(trigger);
      }
    }
  });

  it('do not let the chart make the notifications Secret (an ExternalSecret does)', () => {
    expect(notifications.secret.create, where('secret', 'create')).toBe(false);
  });
});
