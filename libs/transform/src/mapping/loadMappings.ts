import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MappingDefinitionError, MappingNotFoundError } from '../transformError.js';
import { compileMapping, type Mapping } from './compileMapping.js';

/** `config/mappings` of this repository, found relative to this module (same depth from `src/` and `dist/`). */
export const DEFAULT_MAPPING_DIR = fileURLToPath(new URL('../../../../config/mappings/', import.meta.url));

/** Mappings by `<source>.<entity>`. */
export type MappingCatalog = ReadonlyMap<string, Mapping>;

/**
 * Reads and compiles every `<source>.<entity>.json` in `dir` (the app calls this once at start; this is
 * the library's only I/O). Fails on the first bad file, naming it, and when a file name disagrees with
 * the mapping's version ("crm.customer.json" must hold "crm.customer@<n>").
 */
export function loadMappings(dir: string = DEFAULT_MAPPING_DIR): MappingCatalog {
  const catalog = new Map<string, Mapping>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new MappingDefinitionError(`${file}: not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    const mapping = compileMapping(json, file);
    const name = `${mapping.source}.${mapping.entity}`;
    if (file !== `${name}.json`) throw new MappingDefinitionError(`${file}: holds mapping "${mapping.version}", so it must be named ${name}.json`);
    catalog.set(name, mapping);
  }
  return catalog;
}

/** The mapping for a raw topic (`raw.crm.customer`) or `<source>.<entity>`. */
export function mappingFor(catalog: MappingCatalog, topicOrName: string): Mapping {
  const name = topicOrName.replace(/^raw\./, '');
  const mapping = catalog.get(name);
  if (!mapping) throw new MappingNotFoundError(`no mapping for "${name}" (have: ${[...catalog.keys()].join(', ')})`);
  return mapping;
}
