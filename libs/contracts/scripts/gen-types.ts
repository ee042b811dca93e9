// Regenerates src/generated/events.ts from schemas/avro. Run: npm run gen:types -w libs/contracts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENERATED_TYPES_FILE, renderTypes } from '../src/codegen/index.js';
import { loadSchemas } from '../src/schemas/loadSchemas.js';

const target = fileURLToPath(GENERATED_TYPES_FILE);
writeFileSync(target, renderTypes(loadSchemas().values()));
console.log(`wrote ${target}`);
