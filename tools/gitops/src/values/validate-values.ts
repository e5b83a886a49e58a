import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { InvalidValuesError } from '../errors.ts';
import { mergeValues } from './merge-values.ts';

// ajv-formats is CommonJS: its function is the default export under Node, `.default` under a bundler.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

const compiled = new Map<string, ValidateFunction>();

function validatorFor(schemaText: string, schemaFile: string): ValidateFunction {
  let validate = compiled.get(schemaText);
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    try {
      validate = ajv.compile(JSON.parse(schemaText) as object);
    } catch (error) {
      throw new InvalidValuesError(`${schemaFile} is not a usable JSON Schema: ${(error as Error).message}`, {
        cause: error,
      });
    }
    compiled.set(schemaText, validate);
  }
  return validate;
}

const asValues = (text: string, file: string): Record<string, unknown> => {
  const value: unknown = parse(text);
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidValuesError(`${file} is not a YAML mapping.`);
  return value as Record<string, unknown>;
};

export interface ChartValuesInput {
  readonly valuesFile: string;
  readonly valuesText: string;
  readonly chartValuesFile: string;
  readonly chartValuesText: string;
  readonly schemaFile: string;
  readonly schemaText: string | undefined;
}

/**
 * Validates what Helm would render with: the chart's defaults deep-merged with the environment file,
 * against the chart's values.schema.json (JSON Schema 2020-12). A chart without a schema passes.
 */
export function validateChartValues(input: ChartValuesInput): void {
  if (input.schemaText === undefined) return;
  const validate = validatorFor(input.schemaText, input.schemaFile);
  const merged = mergeValues(
    asValues(input.chartValuesText, input.chartValuesFile),
    asValues(input.valuesText, input.valuesFile),
  );
  if (!validate(merged)) {
    const problems = (validate.errors ?? []).map(
      (error) => `  ${error.instancePath || '/'} ${error.message ?? 'is invalid'}${formatParams(error.params)}`,
    );
    throw new InvalidValuesError(
      `${input.valuesFile} merged with ${input.chartValuesFile} fails ${input.schemaFile}:\n${problems.join('\n')}`,
    );
  }
}

function formatParams(params: Record<string, unknown>): string {
  if ('additionalProperty' in params) return ` (${String(params.additionalProperty)})`;
  if ('allowedValues' in params) return ` (${JSON.stringify(params.allowedValues)})`;
  return '';
}
