/** An environment variable an app's config reads, and whether the app fails to start without it. */
export interface EnvKey {
  name: string;
  /** No `.default(...)` and no `.optional()`: parseConfig rejects an environment without it. */
  required: boolean;
  /** Its default is an address of the local no-Docker stack (127.0.0.1, localhost): wrong in a container. */
  localDefault: boolean;
}

const LOCAL_ADDRESS = /127\.0\.0\.1|localhost/;

export interface ConfigSourceKeys {
  keys: EnvKey[];
  /** The source extends @rivulet/config's shared schemas (their keys come from the schemas themselves). */
  usesBaseSchema: boolean;
  usesDatabaseSchema: boolean;
}

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * The environment variables a config source declares in zod object literals (`z.object({...})`,
 * `.extend({...})`), with whether each is required. A property whose value is a local helper
 * (`int(1, 5)`, `mergeStrategy`) is judged by the helper's definition in the same file. Static reading,
 * so a test needs no import of an app's entry point (which would start the app).
 */
export function configSourceKeys(source: string): ConfigSourceKeys {
  const keys = new Map<string, EnvKey>();
  for (const opening of source.matchAll(/(?:\bz\.object|\.extend)\s*\(\s*\{/g)) {
    const body = balancedBody(source, (opening.index ?? 0) + opening[0].length - 1);
    for (const [name, valueText] of topLevelProperties(body)) {
      if (!ENV_NAME.test(name)) continue;
      keys.set(name, { name, required: !hasDefault(valueText, source), localDefault: LOCAL_ADDRESS.test(valueText) });
    }
  }
  return { keys: [...keys.values()], usesBaseSchema: /\bbaseConfigSchema\b/.test(source), usesDatabaseSchema: /\bdatabaseConfigSchema\b/.test(source) };
}

/** The text between the brace at `open` and its matching closing brace (strings and comments aware enough for config files). */
function balancedBody(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      i = skipString(text, i);
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i < 0) break;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i) + 1;
      continue;
    }
    if (c === '{' || c === '(' || c === '[') depth++;
    if (c === '}' || c === ')' || c === ']') {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return text.slice(open + 1);
}

function skipString(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

/** `name: value` pairs of an object literal body, split at top-level commas; comments dropped. */
function topLevelProperties(body: string): [string, string][] {
  const out: [string, string][] = [];
  let depth = 0;
  let start = 0;
  const push = (end: number) => {
    const part = body.slice(start, end).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').trim();
    const m = /^['"]?([A-Za-z_$][\w$]*)['"]?\s*:\s*([\s\S]*)$/.exec(part);
    if (m) out.push([m[1]!, m[2]!]);
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "'" || c === '"' || c === '`') i = skipString(body, i);
    else if (c === '/' && body[i + 1] === '/') i = Math.max(i, body.indexOf('\n', i));
    else if (c === '/' && body[i + 1] === '*') i = Math.max(i, body.indexOf('*/', i) + 1);
    else if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      push(i);
      start = i + 1;
    }
  }
  push(body.length);
  return out;
}

/** Whether a property's schema has a default or is optional, following one local helper if it starts with one. */
function hasDefault(valueText: string, source: string): boolean {
  if (/\.(?:default|optional|nullish)\s*\(/.test(valueText)) return true;
  const helper = /^([A-Za-z_$][\w$]*)\s*(?:\(|$)/.exec(valueText.trim());
  if (!helper || helper[1] === 'z') return false;
  const definition = new RegExp(`(?:const|let|function)\\s+${helper[1]}\\b[\\s\\S]*?(?:;\\s*\\n|\\n\\s*\\n)`).exec(source);
  return definition ? /\.(?:default|optional|nullish)\s*\(/.test(definition[0]) : false;
}
