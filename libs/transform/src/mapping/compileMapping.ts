import { z } from 'zod';
import { compileRule, type CompiledRule } from '../rules/ruleRegistry.js';
import { MappingDefinitionError } from '../transformError.js';
import { mappingSchema, type FieldMapping, type MappingDefinition, type OutputMapping } from './mappingSchema.js';

export interface CompiledField extends FieldMapping {
  readonly compiled: readonly CompiledRule[];
}

export interface CompiledOutput extends Omit<OutputMapping, 'fields'> {
  readonly fields: readonly CompiledField[];
}

/** A mapping file checked once (zod shape, rule names, rule parameters) and ready to apply to records. */
export interface Mapping extends Omit<MappingDefinition, 'outputs'> {
  readonly outputs: readonly CompiledOutput[];
}

/**
 * Validates a parsed mapping file and compiles its rules. Throws MappingDefinitionError naming the file and
 * the place: a bad mapping must stop the app at start, not dead-letter every record later.
 */
export function compileMapping(json: unknown, origin = 'mapping'): Mapping {
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) throw new MappingDefinitionError(`${origin}: invalid mapping:\n${z.prettifyError(parsed.error)}`);
  const definition = parsed.data;
  const outputs = definition.outputs.map((output, o) => {
    const targets = new Set<string>();
    const fields = output.fields.map((field): CompiledField => {
      const where = `${origin}: outputs[${o}] (${output.role}) field "${field.target}"`;
      if (targets.has(field.target)) throw new MappingDefinitionError(`${where}: target mapped twice`);
      targets.add(field.target);
      const compiled = field.rules.map(([name, params], r) => compileRule(name, params, `${where} rules[${r}]`));
      return { ...field, compiled };
    });
    for (const target of output.nulls) {
      if (targets.has(target)) throw new MappingDefinitionError(`${origin}: outputs[${o}] "${target}" is both mapped and in "nulls"`);
    }
    if (!targets.has(output.key)) throw new MappingDefinitionError(`${origin}: outputs[${o}] key "${output.key}" is not a mapped field`);
    return { ...output, fields };
  });
  return { ...definition, outputs };
}
