import { posix } from 'node:path';
import { parse } from 'yaml';
import { blocks, localModulePath, type TerraformTree } from './hcl-tree.js';
import { nestedBlocks, stringsOf } from './hcl-values.js';
import { bootstrapManifestPaths, environmentsOfCluster } from './platform-contract.js';
import { environmentRoots } from './root-checks.js';
import { violation, type Violation } from './violation.js';

/** The root an operator applies once per cluster to install Argo CD; the only Terraform that talks to a cluster. */
export const clusterBootstrapRoot = 'cluster-bootstrap';

const fileCall = /^\$\{file\("\$\{path\.module\}\/([^"]+)"\)\}$/;

/** A path the root reads (`${path.module}/../../argocd/...`) for one cluster, relative to the repository. */
const repositoryPath = (relative: string, cluster: string) =>
  posix.normalize(posix.join('terraform', clusterBootstrapRoot, relative.replaceAll('${var.cluster_name}', cluster)));

/** For each cluster, the bootstrap files terraform/cluster-bootstrap hands to modules/argocd-bootstrap. */
export function bootstrapFiles(tree: TerraformTree) {
  const root = tree.dirs.get(clusterBootstrapRoot);
  const call =
    root && blocks(root, 'module').find((block) => localModulePath(root, block) === 'modules/argocd-bootstrap');
  const where = `${clusterBootstrapRoot}: module.${call?.name ?? '<no argocd-bootstrap call>'}`;
  return Object.keys(environmentsOfCluster).map((cluster) => {
    const paths = stringsOf(call?.body.bootstrap_manifests).map((expression) => {
      const relative = fileCall.exec(expression)?.[1];
      return relative === undefined ? expression : repositoryPath(relative, cluster);
    });
    return { cluster, paths, where };
  });
}

const at = (document: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
    document,
  );

/**
 * For each cluster, terraform/cluster-bootstrap applies argocd/bootstrap/platform-project.yaml and
 * root-<cluster>.yaml; the root is an Application named root in argocd whose project is the AppProject
 * applied with it. `read` returns a repository file's content, or undefined when it does not exist.
 */
export function checkBootstrapManifests(tree: TerraformTree, read: (path: string) => string | undefined) {
  const violations: Violation[] = [];
  const missing: string[] = [];
  for (const { cluster, paths, where } of bootstrapFiles(tree)) {
    const expected = bootstrapManifestPaths(cluster);
    if (paths.join() !== expected.join()) {
      violations.push(
        violation(
          'argocd-bootstrap',
          where,
          `applies ${paths.join(', ') || 'nothing'} for cluster ${cluster}, not ${expected.join(', ')}`,
        ),
      );
      continue;
    }
    const objects = expected.flatMap((path) => {
      const content = read(path);
      if (content === undefined) missing.push(path);
      return content === undefined ? [] : [{ path, object: parse(content) as unknown }];
    });
    const project = objects.find(({ object }) => at(object, 'kind') === 'AppProject');
    const root = objects.find(({ object }) => at(object, 'kind') === 'Application');
    if (!root) continue;
    const fields: [string, unknown, unknown][] = [
      ['apiVersion', at(root.object, 'apiVersion'), 'argoproj.io/v1alpha1'],
      ['metadata.name', at(root.object, 'metadata', 'name'), 'root'],
      ['metadata.namespace', at(root.object, 'metadata', 'namespace'), 'argocd'],
      [
        'spec.project (the AppProject applied with it)',
        at(root.object, 'spec', 'project'),
        project ? at(project.object, 'metadata', 'name') : at(root.object, 'spec', 'project'),
      ],
    ];
    for (const [field, actual, wanted] of fields.filter(([, actual, wanted]) => actual !== wanted)) {
      violations.push(
        violation(
          'argocd-bootstrap',
          root.path,
          `${field} is ${JSON.stringify(actual)}, not ${JSON.stringify(wanted)}`,
        ),
      );
    }
  }
  return { violations, missing };
}

/**
 * terraform/cluster-bootstrap installs Argo CD as the Application `argo-cd` of each cluster names it:
 * the root reads argocd/clusters/<cluster>/argo-cd.yaml, which must hold exactly that Application, with
 * the argo-cd chart at an exact version as sources[0] (release argocd, values files of this repository
 * that exist) and this repository as the `values` ref.
 */
export function checkArgoCdApplication(tree: TerraformTree, read: (path: string) => string | undefined) {
  const violations: Violation[] = [];
  const missing: string[] = [];
  const root = tree.dirs.get(clusterBootstrapRoot);
  const reads = Object.values(root?.locals ?? {})
    .flatMap((value) => stringsOf(value))
    .map((expression) => /file\("\$\{path\.module\}\/([^"]+\/argo-cd\.yaml)"\)/.exec(expression)?.[1])
    .find((relative) => relative !== undefined);
  if (!reads)
    return {
      violations: [
        violation('argocd-application', clusterBootstrapRoot, 'reads no argocd/clusters/<cluster>/argo-cd.yaml'),
      ],
      missing,
    };
  for (const cluster of Object.keys(environmentsOfCluster)) {
    const path = repositoryPath(reads, cluster);
    if (path !== `argocd/clusters/${cluster}/argo-cd.yaml`) {
      violations.push(violation('argocd-application', clusterBootstrapRoot, `reads ${path} for cluster ${cluster}`));
      continue;
    }
    const content = read(path);
    if (content === undefined) {
      missing.push(path);
      continue;
    }
    const documents = content.split(/^---$/m).filter((text) => text.trim() !== '');
    const app = parse(documents[0] ?? '') as unknown;
    const chart = at(app, 'spec', 'sources', 0);
    const valueFiles = at(chart, 'helm', 'valueFiles');
    const problems: string[] = [
      ...(documents.length === 1 ? [] : [`holds ${documents.length} documents, not the one Application`]),
      ...(at(app, 'kind') === 'Application' && at(app, 'metadata', 'name') === 'argo-cd'
        ? []
        : ['is not the Application argo-cd']),
      ...(at(chart, 'chart') === 'argo-cd' ? [] : ['spec.sources[0].chart is not argo-cd']),
      ...(/^\d+\.\d+\.\d+$/.test(String(at(chart, 'targetRevision')))
        ? []
        : [`spec.sources[0].targetRevision ${JSON.stringify(at(chart, 'targetRevision'))} is not an exact x.y.z`]),
      ...(at(chart, 'helm', 'releaseName') === 'argocd'
        ? []
        : ['spec.sources[0].helm.releaseName is not argocd (the release the bootstrap installs)']),
      ...(at(app, 'spec', 'sources', 1, 'ref') === 'values' ? [] : ['spec.sources[1] is not the `values` ref']),
      ...(Array.isArray(valueFiles) && valueFiles.length > 0
        ? valueFiles.flatMap((file: unknown) => {
            const local =
              typeof file === 'string' && file.startsWith('$values/') ? file.slice('$values/'.length) : undefined;
            if (!local) return [`value file ${JSON.stringify(file)} is not $values/<path>`];
            return read(local) === undefined ? [`value file ${local} does not exist`] : [];
          })
        : ['spec.sources[0].helm.valueFiles is empty']),
    ];
    violations.push(...problems.map((problem) => violation('argocd-application', path, problem)));
  }
  return { violations, missing };
}

const clusterProviders = ['helm', 'kubernetes', 'kubectl'];

/**
 * No root that CI applies talks to a cluster: the environment roots (and every module they call) use no
 * Helm, Kubernetes or kubectl provider; only terraform/cluster-bootstrap, which an operator runs, does.
 */
export function checkNoClusterAccessFromCi(tree: TerraformTree): Violation[] {
  const reached = (path: string, seen = new Set<string>()): Set<string> => {
    const dir = tree.dirs.get(path);
    if (!dir || seen.has(path)) return seen;
    seen.add(path);
    for (const call of blocks(dir, 'module')) {
      const callee = localModulePath(dir, call);
      if (callee) reached(callee, seen);
    }
    return seen;
  };
  return environmentRoots(tree).flatMap((root) =>
    [...reached(root.path)].flatMap((path) => {
      const dir = tree.dirs.get(path);
      if (!dir) return [];
      const used = new Set([
        ...[...blocks(dir, 'resource'), ...blocks(dir, 'data')].map((block) => block.type.split('_')[0] ?? ''),
        ...blocks(dir, 'provider').map((block) => block.name),
        ...dir.settings.flatMap((settings) =>
          nestedBlocks(settings, 'required_providers').flatMap((providers) => Object.keys(providers)),
        ),
      ]);
      const fileUsing = (provider: string) =>
        dir.files.find((file) =>
          new RegExp(`(^\\s*${provider}\\s*=\\s*\\{|^provider "${provider}"|^(resource|data) "${provider}_)`, 'm').test(
            tree.sources.get(file) ?? '',
          ),
        ) ?? path;
      return clusterProviders
        .filter((provider) => used.has(provider))
        .map((provider) =>
          violation(
            'ci-cluster-access',
            `${fileUsing(provider)} (applied by CI through ${root.path})`,
            `uses the ${provider} provider: CI has no network path to the cluster; move it to terraform/${clusterBootstrapRoot}`,
          ),
        );
    }),
  );
}
