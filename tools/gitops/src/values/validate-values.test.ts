import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateChartValues } from './validate-values.ts';

const deploy = join(import.meta.dirname, '../../../../deploy');
const read = (path: string) => readFileSync(join(deploy, path), 'utf8');
const input = (valuesText: string) => ({
  valuesFile: 'deploy/values/dev/api.yaml',
  valuesText,
  chartValuesFile: 'deploy/charts/api/values.yaml',
  chartValuesText: read('charts/api/values.yaml'),
  schemaFile: 'deploy/charts/api/values.schema.json',
  schemaText: read('charts/api/values.schema.json'),
});

describe("validateChartValues against the api chart's schema", () => {
  it('accepts every environment as it is', () => {
    for (const environment of ['dev', 'staging', 'prod']) {
      expect(() => validateChartValues(input(read(`values/${environment}/api.yaml`)))).not.toThrow();
    }
  });

  it('rejects a tag that is not a commit SHA, naming the field', () => {
    const values = read('values/dev/api.yaml').replace(/tag: '[0-9a-f]{40}'/, "tag: 'latest'");
    expect(() => validateChartValues(input(values))).toThrow(/\/image\/tag must match pattern/);
  });

  it('rejects an unknown key, naming it', () => {
    expect(() => validateChartValues(input(`${read('values/dev/api.yaml')}replicas: 2\n`))).toThrow(
      /must NOT have additional properties \(replicas\)/,
    );
  });

  it('checks the merged values: a required default the environment leaves empty fails', () => {
    expect(() => validateChartValues(input("image:\n  tag: '" + 'a'.repeat(40) + "'\n"))).toThrow(
      /\/image\/repository must NOT have fewer than 1 characters/,
    );
  });

  it('passes a chart without a schema', () => {
    expect(() => validateChartValues({ ...input('anything: 1\n'), schemaText: undefined })).not.toThrow();
  });
});
