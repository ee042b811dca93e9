/** Words of PromQL that look like identifiers but are operators, modifiers or keywords, never metrics. */
const KEYWORDS = new Set([
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset',
  'atan2', 'inf', 'nan', 'start', 'end',
]);

/**
 * The metric names a PromQL expression selects. Grafana variables (`$job`, `${x}`, `$__rate_interval`)
 * are tolerated. Not a full parser: it removes what can hold identifiers that are not metric names —
 * string literals, label matchers `{...}`, ranges and subqueries `[...]`, label lists of grouping and
 * vector-matching clauses — then keeps identifiers that are not function calls or keywords. Names chosen
 * with a `__name__` matcher are not seen; write metrics as plain selectors so they stay checkable.
 */
export function metricNamesInExpr(expr: string): string[] {
  const stripped = expr
    .replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, ' ')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^{}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    // A number (1e-9, 0.5, 0x1f) or a duration after `offset` (1h30m) is not a name.
    .replace(/(?<![A-Za-z0-9_:])[0-9][0-9A-Za-z_.]*/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![A-Za-z0-9_:.])[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = match[0];
    const rest = stripped.slice((match.index ?? 0) + word.length);
    if (/^\s*\(/.test(rest)) continue; // a function or an aggregation: sum(...), rate(...)
    if (KEYWORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names].sort();
}

/**
 * The metric names of a Grafana Prometheus variable query: `label_values(metric{...}, label)` selects
 * `metric`, `label_values(label)` none, `query_result(expr)` those of `expr`; anything else is PromQL.
 */
export function metricNamesInVariableQuery(query: string): string[] {
  const labelValues = /^\s*label_values\s*\((.*)\)\s*$/s.exec(query);
  if (labelValues) {
    const args = labelValues[1] ?? '';
    // The label is the last top-level argument; with one argument there is no metric.
    const lastComma = args.lastIndexOf(',');
    return lastComma < 0 ? [] : metricNamesInExpr(args.slice(0, lastComma));
  }
  const queryResult = /^\s*query_result\s*\((.*)\)\s*$/s.exec(query);
  return metricNamesInExpr(queryResult ? (queryResult[1] ?? '') : query);
}
