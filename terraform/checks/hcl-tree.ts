import { parse } from '@cdktf/hcl2json';
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { isHclObject, type HclObject, type HclValue } from './hcl-values.js';

export type BlockKind = 'resource' | 'data' | 'module' | 'variable' | 'output' | 'provider';

/** One top-level block of a .tf file. `type` is the resource or data type ('' for the others). */
export interface Block {
  kind: BlockKind;
  type: string;
  name: string;
  body: HclObject;
  file: string;
}

/** A directory of .tf files: a reusable module (modules/*) or a root (bootstrap, envs/*). */
export interface TerraformDir {
  path: string;
  files: string[];
  blocks: Block[];
  settings: HclObject[];
  locals: HclObject;
  /** Parsed example.tfvars, if the directory has one. */
  exampleVars: HclObject | undefined;
}

export interface TerraformTree {
  dirs: Map<string, TerraformDir>;
  /** Every file the checks read, by path relative to terraform/. */
  sources: ReadonlyMap<string, string>;
}

const skippedDirs = new Set(['node_modules', '.terraform', 'out-tsc', 'test', 'checks', 'tools']);
const readFileNames = (name: string) => name.endsWith('.tf') || name.endsWith('.tfvars') || name === 'README.md';

/** Reads the .tf, .tfvars and README.md files (or those `accept` names) under the terraform/ folder. */
export async function readTerraformSources(root: string, accept = readFileNames): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  async function walk(relative: string) {
    for (const entry of await readdir(join(root, relative), { withFileTypes: true })) {
      const path = relative ? posix.join(relative, entry.name) : entry.name;
      if (entry.isDirectory() && !skippedDirs.has(entry.name)) await walk(path);
      if (entry.isFile() && accept(entry.name)) sources.set(path, await readFile(join(root, path), 'utf8'));
    }
  }
  await walk('');
  return sources;
}

const parsedFiles = new Map<string, Promise<HclObject>>();

/** Parses one file; the same content is parsed once per process (broken-copy tests re-use the rest). */
export function parseHcl(path: string, content: string): Promise<HclObject> {
  const key = `${path}\0${content}`;
  let parsed = parsedFiles.get(key);
  if (!parsed) {
    parsed = parse(posix.basename(path), content).then(
      (json) => json as HclObject,
      (error: unknown) => {
        throw new Error(`${path} is not valid HCL`, { cause: error });
      },
    );
    parsedFiles.set(key, parsed);
  }
  return parsed;
}

function blocksOf(kind: BlockKind, value: HclValue | undefined, file: string): Block[] {
  if (!isHclObject(value)) return [];
  const typed = kind === 'resource' || kind === 'data';
  return Object.entries(value).flatMap(([first, inner]): Block[] => {
    if (!typed) return bodies(inner).map((body) => ({ kind, type: '', name: first, body, file }));
    if (!isHclObject(inner)) return [];
    return Object.entries(inner).flatMap(([name, list]) =>
      bodies(list).map((body) => ({ kind, type: first, name, body, file })),
    );
  });
}

const bodies = (value: HclValue | undefined): HclObject[] =>
  Array.isArray(value) ? value.filter(isHclObject) : isHclObject(value) ? [value] : [];

/** Parses every directory that holds .tf files. */
export async function parseTerraformTree(sources: ReadonlyMap<string, string>): Promise<TerraformTree> {
  const dirs = new Map<string, TerraformDir>();
  const dirOf = (path: string) => {
    const dir = posix.dirname(path);
    let entry = dirs.get(dir);
    if (!entry) {
      entry = { path: dir, files: [], blocks: [], settings: [], locals: {}, exampleVars: undefined };
      dirs.set(dir, entry);
    }
    return entry;
  };
  const paths = [...sources.keys()].filter((path) => path.endsWith('.tf')).sort();
  const parsed = await Promise.all(paths.map((path) => parseHcl(path, sources.get(path) ?? '')));
  paths.forEach((path, index) => {
    const json = parsed[index] ?? {};
    const dir = dirOf(path);
    dir.files.push(path);
    for (const kind of ['resource', 'data', 'module', 'variable', 'output', 'provider'] as const) {
      dir.blocks.push(...blocksOf(kind, json[kind], path));
    }
    dir.settings.push(...bodies(json.terraform));
    for (const locals of bodies(json.locals)) Object.assign(dir.locals, locals);
  });
  for (const [path, content] of sources) {
    const dir = dirs.get(posix.dirname(path));
    if (dir && posix.basename(path) === 'example.tfvars') dir.exampleVars = await parseHcl(path, content);
  }
  return { dirs, sources };
}

export const isModuleDir = (dir: TerraformDir) => dir.path.startsWith('modules/');
export const isRootDir = (dir: TerraformDir) => !isModuleDir(dir);

export function blocks(dir: TerraformDir, kind: BlockKind, type?: string): Block[] {
  return dir.blocks.filter((block) => block.kind === kind && (type === undefined || block.type === type));
}

/** All blocks of a kind (and type) in the whole tree, with their directory. */
export function treeBlocks(tree: TerraformTree, kind: BlockKind, type?: string) {
  return [...tree.dirs.values()].flatMap((dir) => blocks(dir, kind, type).map((block) => ({ dir, block })));
}

/** `modules/kms` for a call `source = "../../modules/kms"` from `envs/dev`; undefined for registry sources. */
export function localModulePath(dir: TerraformDir, call: Block): string | undefined {
  const source = call.body.source;
  if (typeof source !== 'string' || !source.startsWith('.')) return undefined;
  return posix.normalize(posix.join(dir.path, source));
}

/** `aws_s3_bucket.this` style address of a block, with its directory. */
export const addressOf = (dir: TerraformDir, block: Block) =>
  `${dir.path}: ${block.kind === 'resource' ? '' : `${block.kind}.`}${block.type ? `${block.type}.` : ''}${block.name}`;
