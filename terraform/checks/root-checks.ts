import { blocks, isRootDir, localModulePath, type Block, type TerraformDir, type TerraformTree } from './hcl-tree.js';
import { firstNested } from './hcl-values.js';
import { violation, type Violation } from './violation.js';

/** Outputs the Helm values of an environment need (deploy/values/<env>/*.yaml). */
export const helmOutputs = ['users_table_names', 'avatars_bucket_names', 'api_role_arns', 'ecr_repository_urls'];

const dirs = (tree: TerraformTree) => [...tree.dirs.values()];

/** Roots keep state in S3 with S3-native locking (no DynamoDB lock table) and encryption. */
export function checkBackends(tree: TerraformTree): Violation[] {
  return dirs(tree)
    .filter(isRootDir)
    .flatMap((dir) => {
      const s3 = dir.settings.map((settings) => firstNested(firstNested(settings, 'backend'), 's3')).find(Boolean);
      if (!s3) return [violation('backend', dir.path, 'has no backend "s3"')];
      return [
        ...(s3.use_lockfile === true ? [] : [violation('backend', dir.path, 'backend "s3" needs use_lockfile = true')]),
        ...(s3.encrypt === true ? [] : [violation('backend', dir.path, 'backend "s3" needs encrypt = true')]),
        ...('dynamodb_table' in s3
          ? [violation('backend', dir.path, 'uses a DynamoDB lock table; use use_lockfile (S3-native locking)')]
          : []),
      ];
    });
}

/** Each root's example.tfvars sets only declared variables and every required one. */
export function checkExampleVars(tree: TerraformTree): Violation[] {
  return dirs(tree)
    .filter(isRootDir)
    .flatMap((dir) => {
      if (!dir.exampleVars) return [];
      const example = dir.exampleVars;
      const declared = new Map(blocks(dir, 'variable').map((variable) => [variable.name, variable]));
      return [
        ...Object.keys(example)
          .filter((name) => !declared.has(name))
          .map((name) => violation('example-vars', `${dir.path}/example.tfvars`, `sets undeclared "${name}"`)),
        ...[...declared.values()]
          .filter((variable) => !('default' in variable.body) && !(variable.name in example))
          .map((variable) => violation('example-vars', `${dir.path}/example.tfvars`, `misses "${variable.name}"`)),
      ];
    });
}

/** Environment roots output what the Helm values need. */
export function checkEnvironmentOutputs(tree: TerraformTree): Violation[] {
  return environmentRoots(tree).flatMap((dir) =>
    helmOutputs
      .filter((name) => !blocks(dir, 'output').some((output) => output.name === name))
      .map((name) => violation('environment-outputs', dir.path, `has no output "${name}"`)),
  );
}

export const environmentRoots = (tree: TerraformTree): TerraformDir[] =>
  dirs(tree).filter((dir) => dir.path.startsWith('envs/'));

/** The composition module an environment root calls (modules/platform), with the call itself. */
export function platformOf(tree: TerraformTree, root: TerraformDir): { call: Block; dir: TerraformDir } | undefined {
  for (const call of blocks(root, 'module')) {
    const dir = tree.dirs.get(localModulePath(root, call) ?? '');
    if (dir) return { call, dir };
  }
  return undefined;
}
