/**
 * Compose's `${VAR:-default}` / `${VAR-default}` substitution with every variable unset, i.e. the value a
 * fresh checkout gets. `${VAR:?message}` and `${VAR}` have no default: they stay as written, so a check
 * can still tell that something is set there. `$$` is a literal dollar.
 */
export function interpolateDefaults(text: string): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)([^}]*)\}/g, (whole, _name, operator: string | undefined, fallback: string) =>
    whole === '$$' ? '$$' : operator ? fallback : whole);
}
