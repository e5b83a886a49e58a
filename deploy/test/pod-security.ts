// The `restricted` Pod Security Standard (Kubernetes 1.30+ "latest", which the namespaces users-<env>
// enforce), as checks on rendered pod templates. A pod that breaks it is refused at admission: the
// Deployment or Job never gets a pod, so this fails the render's tests instead.
// https://kubernetes.io/docs/concepts/security/pod-security-standards/ — the baseline controls,
// then the restricted ones. Not checked: the deprecated AppArmor annotations (the field is checked).
import type { Manifest } from '@platform/manifest-validation';
import { podSpecs } from './policies.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const allowedVolumeTypes = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const allowedSeLinuxTypes = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const safeSysctls = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const allowedSeccomp = new Set(['RuntimeDefault', 'Localhost']);

/** Checks shared by the pod's and each container's securityContext. */
function contextViolations(context: Json | undefined, where: string): string[] {
  const violations: string[] = [];
  if (context?.windowsOptions?.hostProcess === true) violations.push(`${where}: hostProcess is forbidden`);
  const seLinux = context?.seLinuxOptions ?? {};
  if (!allowedSeLinuxTypes.has(seLinux.type ?? '') || seLinux.user || seLinux.role)
    violations.push(`${where}: seLinuxOptions may set only an allowed type`);
  if (context?.appArmorProfile?.type === 'Unconfined') violations.push(`${where}: AppArmor must not be Unconfined`);
  if (context?.runAsUser === 0) violations.push(`${where}: runAsUser must not be 0 (root)`);
  if (context?.runAsNonRoot === false) violations.push(`${where}: runAsNonRoot must not be false`);
  if (context?.seccompProfile?.type === 'Unconfined') violations.push(`${where}: seccomp must not be Unconfined`);
  return violations;
}

/** Every way a rendered pod template breaks the restricted profile; empty when none does. */
export function restrictedViolations(manifests: readonly Manifest[]): string[] {
  return podSpecs(manifests).flatMap(({ owner, pod }) => {
    const violations = contextViolations(pod.securityContext, `${owner} pod`);
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC'])
      if (pod[field] === true) violations.push(`${owner}: ${field} is forbidden`);
    for (const sysctl of pod.securityContext?.sysctls ?? [])
      if (!safeSysctls.has(sysctl.name)) violations.push(`${owner}: sysctl ${sysctl.name} is not in the safe set`);
    for (const volume of (pod.volumes ?? []) as Json[]) {
      const type = Object.keys(volume).find((key) => key !== 'name');
      if (!type || !allowedVolumeTypes.has(type))
        violations.push(
          `${owner}: volume ${volume.name} has type ${type ?? 'none'}, not allowed (hostPath among others)`,
        );
    }
    const podNonRoot = pod.securityContext?.runAsNonRoot === true;
    const podSeccomp = allowedSeccomp.has(pod.securityContext?.seccompProfile?.type);
    const containers: Json[] = [
      ...(pod.containers ?? []),
      ...(pod.initContainers ?? []),
      ...(pod.ephemeralContainers ?? []),
    ];
    for (const container of containers) {
      const where = `${owner} container ${container.name}`;
      const context: Json = container.securityContext ?? {};
      violations.push(...contextViolations(context, where));
      if (context.privileged === true) violations.push(`${where}: privileged is forbidden`);
      if (context.procMount !== undefined && context.procMount !== 'Default')
        violations.push(`${where}: procMount must be Default`);
      if (context.allowPrivilegeEscalation !== false)
        violations.push(`${where}: allowPrivilegeEscalation must be false`);
      if (!podNonRoot && context.runAsNonRoot !== true)
        violations.push(`${where}: runAsNonRoot must be true (on the pod or the container)`);
      if (!podSeccomp && !allowedSeccomp.has(context.seccompProfile?.type))
        violations.push(`${where}: seccomp must be RuntimeDefault or Localhost (on the pod or the container)`);
      if (!(context.capabilities?.drop ?? []).includes('ALL')) violations.push(`${where}: must drop ALL capabilities`);
      const added = ((context.capabilities?.add ?? []) as string[]).filter((cap) => cap !== 'NET_BIND_SERVICE');
      if (added.length > 0) violations.push(`${where}: may add only NET_BIND_SERVICE, adds ${added.join(', ')}`);
      for (const port of container.ports ?? [])
        if (port.hostPort) violations.push(`${where}: hostPort ${port.hostPort} is forbidden`);
    }
    return violations;
  });
}
