import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { NoClusterConfigError } from '../errors.ts';

const serviceAccountToken = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface KubeConfigSource {
  /** KUBECONFIG as the caller's environment has it: one or more files. */
  readonly kubeconfigVariable: string | undefined;
  readonly homeDirectory: string;
  readonly context: string | undefined;
}

/**
 * The caller's kubeconfig (the files in KUBECONFIG, else ~/.kube/config) with its current context or
 * --context; else, inside a pod, the service account. Unlike KubeConfig.loadFromDefault, it never
 * falls back to an unauthenticated localhost:8080.
 */
export function loadKubeConfig(source: KubeConfigSource): KubeConfig {
  const files = source.kubeconfigVariable
    ? source.kubeconfigVariable.split(delimiter).filter(Boolean)
    : [join(source.homeDirectory, '.kube', 'config')].filter((file) => existsSync(file));
  const kubeConfig = new KubeConfig();
  if (files.length > 0) {
    for (const [index, file] of files.entries()) {
      if (!existsSync(file)) throw new NoClusterConfigError(`The kubeconfig ${file} (from KUBECONFIG) does not exist.`);
      if (index === 0) kubeConfig.loadFromFile(file);
      else {
        const next = new KubeConfig();
        next.loadFromFile(file);
        kubeConfig.mergeConfig(next, true);
      }
    }
  } else if (existsSync(serviceAccountToken)) {
    kubeConfig.loadFromCluster();
  } else {
    throw new NoClusterConfigError(
      'No cluster access: no kubeconfig (KUBECONFIG or ~/.kube/config) and not running in a cluster.',
    );
  }
  if (source.context !== undefined) {
    if (!kubeConfig.getContextObject(source.context)) {
      const known = kubeConfig.getContexts().map((context) => context.name);
      throw new NoClusterConfigError(
        `The kubeconfig has no context "${source.context}" (it has: ${known.join(', ') || 'none'}).`,
      );
    }
    kubeConfig.setCurrentContext(source.context);
  }
  if (!kubeConfig.getCurrentContext() || !kubeConfig.getCurrentCluster()) {
    throw new NoClusterConfigError('The kubeconfig has no current context: pass --context <name>.');
  }
  return kubeConfig;
}
