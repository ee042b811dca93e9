/** The parts of a compose file the checks read (after YAML merge keys are resolved). */
export interface ComposeService {
  image?: string;
  build?: unknown;
  restart?: string;
  profiles?: string[];
  ports?: (string | number | { published?: string | number; target?: number; protocol?: string })[];
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  command?: unknown;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** A one-shot job: runs to completion, is never restarted, and is depended on for its exit code. */
export function isOneShot(service: ComposeService): boolean {
  return service.restart === 'no';
}

/** A service's environment as a map; list entries without `=` and map entries with a null value are pass-through (null). */
export function environmentOf(service: ComposeService): Map<string, string | null> {
  const env = new Map<string, string | null>();
  if (Array.isArray(service.environment)) {
    for (const entry of service.environment) {
      const eq = entry.indexOf('=');
      if (eq < 0) env.set(entry, null);
      else env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  } else {
    for (const [name, value] of Object.entries(service.environment ?? {})) env.set(name, value === null ? null : String(value));
  }
  return env;
}

/** The healthcheck command as one string (for port and URL checks). */
export function healthcheckText(service: ComposeService): string {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}
