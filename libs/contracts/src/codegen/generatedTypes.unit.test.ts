import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../schemas/loadSchemas.js';
import { GENERATED_TYPES_FILE, renderTypes } from './index.js';

describe('generated event types', () => {
  it('match the .avsc files byte for byte (run `npm run gen:types -w libs/contracts` after changing a schema)', () => {
    // given the committed file, when the types are regenerated in memory, then nothing differs
    const committed = readFileSync(fileURLToPath(GENERATED_TYPES_FILE), 'utf8');
    expect(renderTypes(loadSchemas().values())).toBe(committed);
  });
});
