import { posix } from 'node:path';
import { parse } from 'yaml';
import type { TerraformTree } from './hcl-tree.js';
import { stringOf, stringsOf } from './hcl-values.js';
import { callOf } from './helm-consistency.js';
import { bootstrapManifestPaths } from './platform-contract.js';
import { environmentRoots, platformOf } from './root-checks.js';
import { violation, type Violation } from './violation.js';

const fileCall = /^\$\{file\("\$\{path\.module\}\/([^"]+)"\)\}$/;

/** The files each cluster root hands to argocd-bootstrap (through modules/platform), relative to the repository root. */
export function bootstrapFiles(tree: TerraformTree) {
  return environmentRoots(tree).map((root) => {
    const cluster = stringOf(root.exampleVars?.cluster_name) ?? posix.basename(root.path);
    const platform = platformOf(tree, root);
    // The cluster name the module gets: the root's own, or whatever else the root passes.
    const passed = platform?.call.body.cluster_name;
    const given = passed === '${var.cluster_name}' ? cluster : (stringOf(passed) ?? JSON.stringify(passed));
    const call = platform && callOf(platform.dir, 'argocd-bootstrap');
    const paths = stringsOf(call?.body.bootstrap_manifests).map((expression) => {
      const relative = fileCall.exec(expression)?.[1]?.replaceAll('${var.cluster_name}', given);
      return relative === undefined || !platform
        ? expression
        : posix.normalize(posix.join('terraform', platform.dir.path, relative));
    });
    const at = `${platform?.dir.path ?? '<no modules/platform call>'}: module.${call?.name ?? '<no argocd-bootstrap call>'}`;
    return { cluster, paths, where: `${root.path} via ${at}` };
  });
}

const at = (document: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
    document,
  );

/**
 * Each cluster root applies argocd/bootstrap/platform-project.yaml and root-<cluster>.yaml; the root
 * is an Application named root in argocd whose project is the AppProject applied with it.
 * `read` returns a repository file's content, or undefined when it does not exist.
 */
export function checkBootstrapManifests(tree: TerraformTree, read: (path: string) => string | undefined) {
  const violations: Violation[] = [];
  const missing: string[] = [];
  for (const { cluster, paths, where } of bootstrapFiles(tree)) {
    const expected = bootstrapManifestPaths(cluster);
    if (paths.join() !== expected.join()) {
      violations.push(
        violation('argocd-bootstrap', where, `applies ${paths.join(', ') || 'nothing'}, not ${expected.join(', ')}`),
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
