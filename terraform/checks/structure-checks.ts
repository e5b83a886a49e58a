import { posix } from 'node:path';
import { addressOf, blocks, isModuleDir, localModulePath, type TerraformTree } from './hcl-tree.js';
import { isHclObject, nestedBlocks, stringOf } from './hcl-values.js';
import { policyAttributes, policyDocuments, referencedDocument } from './policy-documents.js';
import { checkBackends, checkEnvironmentOutputs, checkExampleVars } from './root-checks.js';
import { violation, type Violation } from './violation.js';

const moduleFiles = ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md'];
const rootFiles = [...moduleFiles, 'providers.tf', 'backend.tf', 'example.tfvars'];

const dirs = (tree: TerraformTree) => [...tree.dirs.values()];

/** Modules have main/variables/outputs/versions.tf and a README; roots also a backend, providers and example tfvars. */
export function checkLayout(tree: TerraformTree): Violation[] {
  return dirs(tree).flatMap((dir) =>
    (isModuleDir(dir) ? moduleFiles : rootFiles)
      .filter((file) => !tree.sources.has(posix.join(dir.path, file)))
      .map((file) => violation('layout', dir.path, `has no ${file}`)),
  );
}

/** Every variable is typed and described; every output described. */
export function checkDeclarations(tree: TerraformTree): Violation[] {
  return dirs(tree).flatMap((dir) => [
    ...blocks(dir, 'variable').flatMap((variable) => [
      ...(typeof variable.body.type === 'string'
        ? []
        : [violation('variable-type', addressOf(dir, variable), 'has no type')]),
      ...(stringOf(variable.body.description)?.trim()
        ? []
        : [violation('variable-description', addressOf(dir, variable), 'has no description')]),
    ]),
    ...blocks(dir, 'output')
      .filter((output) => !stringOf(output.body.description)?.trim())
      .map((output) => violation('output-description', addressOf(dir, output), 'has no description')),
  ]);
}

/** Modules leave providers and state to their callers. */
export function checkModulesHaveNoProviderOrBackend(tree: TerraformTree): Violation[] {
  return dirs(tree)
    .filter(isModuleDir)
    .flatMap((dir) => [
      ...blocks(dir, 'provider').map((provider) =>
        violation('module-provider', dir.path, `configures provider "${provider.name}" (callers configure providers)`),
      ),
      ...dir.settings
        .filter((settings) => settings.backend !== undefined || settings.cloud !== undefined)
        .map(() => violation('module-backend', dir.path, 'declares a backend (only roots have state)')),
    ]);
}

/** A required Terraform version, and a version constraint for every provider the directory uses. */
export function checkVersionConstraints(tree: TerraformTree): Violation[] {
  return dirs(tree).flatMap((dir) => {
    const required = new Map<string, string | undefined>();
    for (const settings of dir.settings) {
      for (const providers of nestedBlocks(settings, 'required_providers')) {
        for (const [name, spec] of Object.entries(providers)) {
          required.set(name, isHclObject(spec) ? stringOf(spec.version) : undefined);
        }
      }
    }
    const used = new Set(
      [...blocks(dir, 'resource'), ...blocks(dir, 'data')].map((block) => block.type.split('_')[0] ?? ''),
    );
    return [
      ...(dir.settings.some((settings) => typeof settings.required_version === 'string')
        ? []
        : [violation('required-version', dir.path, 'sets no required_version')]),
      ...[...used]
        .filter((provider) => !required.get(provider))
        .map((provider) => violation('provider-version', dir.path, `uses ${provider} without a version constraint`)),
    ];
  });
}

/** Registry modules are pinned to an exact version (Terraform accepts ranges; local calls it validates itself). */
export function checkRegistryPins(tree: TerraformTree): Violation[] {
  return dirs(tree).flatMap((dir) =>
    blocks(dir, 'module')
      .filter((call) => localModulePath(dir, call) === undefined)
      .filter((call) => !/^\d+\.\d+\.\d+$/.test(stringOf(call.body.version) ?? ''))
      .map((call) =>
        violation(
          'module-version',
          addressOf(dir, call),
          `registry module is not pinned to an exact version ("${stringOf(call.body.version) ?? ''}")`,
        ),
      ),
  );
}

/** Inside a module, a resource that is the only one of its type is named `this`. */
export function checkSingletonNames(tree: TerraformTree): Violation[] {
  return dirs(tree)
    .filter(isModuleDir)
    .flatMap((dir) => {
      const all = [...blocks(dir, 'resource'), ...blocks(dir, 'module')];
      return all
        .filter((block) => block.name !== 'this')
        .filter((block) => all.filter((other) => other.kind === block.kind && other.type === block.type).length === 1)
        .map((block) =>
          violation('singleton-name', addressOf(dir, block), 'is the only one of its type: name it "this"'),
        );
    });
}

/** Policies are aws_iam_policy_document data sources (so these checks can read them), and each is used. */
export function checkPolicyDocumentsAreUsed(tree: TerraformTree): Violation[] {
  const inline = dirs(tree).flatMap((dir) =>
    policyAttributes.flatMap(({ type, attribute }) =>
      blocks(dir, 'resource', type)
        .filter((block) => !referencedDocument(block.body[attribute]))
        .map((block) =>
          violation(
            'policy-inline',
            addressOf(dir, block),
            `${attribute} must be data.aws_iam_policy_document.<name>.json`,
          ),
        ),
    ),
  );
  const unused = policyDocuments(tree)
    .filter((document) => document.uses.length === 0)
    .map((document) => violation('policy-unused', document.where, 'is not used by any role, key or bucket'));
  return [...inline, ...unused];
}

export function checkStructure(tree: TerraformTree): Violation[] {
  return [
    checkLayout,
    checkDeclarations,
    checkModulesHaveNoProviderOrBackend,
    checkVersionConstraints,
    checkRegistryPins,
    checkSingletonNames,
    checkPolicyDocumentsAreUsed,
    checkBackends,
    checkExampleVars,
    checkEnvironmentOutputs,
  ].flatMap((check) => check(tree));
}
