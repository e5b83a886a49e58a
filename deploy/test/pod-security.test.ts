// Every pod template both charts render (Deployment, CronJob, the smoke Job) meets the `restricted`
// Pod Security Standard that the users-<env> namespaces enforce; broken pods prove each check fails.
import type { Manifest } from '@platform/manifest-validation';
import { describe, expect, it } from 'vitest';
import { restrictedViolations } from './pod-security.js';
import { releases } from './releases.js';
import { helm, render } from './render.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const podOf = (manifest: Manifest): Json => {
  const spec = manifest.spec as Json;
  return manifest.kind === 'CronJob' ? spec.jobTemplate.spec.template.spec : spec.template.spec;
};

describe.skipIf(!helm)('the restricted Pod Security Standard', () => {
  it.each(releases().map((release) => [`${release.app} in ${release.env}`, release] as const))(
    '%s: every pod template meets it',
    (_, release) => {
      const manifests = render(release);
      const workloads = manifests.filter((m) => ['Deployment', 'CronJob', 'Job'].includes(m.kind ?? ''));
      expect(workloads.length).toBeGreaterThan(0);
      expect(restrictedViolations(manifests)).toEqual([]);
    },
  );

  const prod = releases().find((r) => r.app === 'api' && r.env === 'prod')!;
  const sweeper = releases().find((r) => r.app === 'avatar-sweeper' && r.env === 'prod')!;

  it.each([
    [
      'runAsNonRoot on neither pod nor container',
      (pod: Json) => {
        delete pod.securityContext.runAsNonRoot;
        delete pod.containers[0].securityContext.runAsNonRoot;
      },
      'runAsNonRoot must be true',
    ],
    ['root user', (pod: Json) => (pod.securityContext.runAsUser = 0), 'runAsUser must not be 0'],
    [
      'privilege escalation',
      (pod: Json) => delete pod.containers[0].securityContext.allowPrivilegeEscalation,
      'allowPrivilegeEscalation must be false',
    ],
    ['capabilities kept', (pod: Json) => (pod.containers[0].securityContext.capabilities = {}), 'must drop ALL'],
    [
      'a capability added',
      (pod: Json) => (pod.containers[0].securityContext.capabilities.add = ['NET_ADMIN']),
      'adds NET_ADMIN',
    ],
    [
      'no seccomp',
      (pod: Json) => delete pod.securityContext.seccompProfile,
      'seccomp must be RuntimeDefault or Localhost',
    ],
    [
      'seccomp Unconfined',
      (pod: Json) => (pod.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }),
      'must not be Unconfined',
    ],
    [
      'a hostPath volume',
      (pod: Json) => (pod.volumes = [{ name: 'h', hostPath: { path: '/' } }]),
      'volume h has type hostPath',
    ],
    ['host networking', (pod: Json) => (pod.hostNetwork = true), 'hostNetwork is forbidden'],
    ['the host PID namespace', (pod: Json) => (pod.hostPID = true), 'hostPID is forbidden'],
    ['the host IPC namespace', (pod: Json) => (pod.hostIPC = true), 'hostIPC is forbidden'],
    [
      'a privileged container',
      (pod: Json) => (pod.containers[0].securityContext.privileged = true),
      'privileged is forbidden',
    ],
    ['a host port', (pod: Json) => (pod.containers[0].ports = [{ containerPort: 80, hostPort: 80 }]), 'hostPort 80'],
    [
      'an unsafe sysctl',
      (pod: Json) => (pod.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]),
      'kernel.msgmax',
    ],
    [
      'an unhardened init container',
      (pod: Json) => (pod.initContainers = [{ name: 'init' }]),
      'container init: allowPrivilegeEscalation',
    ],
  ])('fails for %s', (_, edit, message) => {
    for (const release of [prod, sweeper]) {
      const manifests = render(release);
      edit(podOf(manifests.find((m) => m.kind === 'Deployment' || m.kind === 'CronJob')!));
      expect(restrictedViolations(manifests)).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
    }
  });
});
