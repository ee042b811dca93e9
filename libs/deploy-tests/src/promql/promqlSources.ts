/** One PromQL expression and where it comes from (for the test's message). */
export interface PromqlSource {
  where: string;
  expr: string;
  /** A Grafana variable query (`label_values(...)`), not plain PromQL. */
  variable?: boolean;
}

interface RulesDoc {
  groups?: { name?: string; rules?: { record?: string; alert?: string; expr?: string }[] }[];
}

/** Every `expr` of a Prometheus rules file, named by group and rule. */
export function ruleExpressions(doc: unknown): PromqlSource[] {
  return ((doc as RulesDoc).groups ?? []).flatMap((group) =>
    (group.rules ?? []).map((rule) => ({ where: `${group.name}/${rule.record ?? rule.alert}`, expr: String(rule.expr ?? '') })));
}

/** Names that recording rules define; expressions may use them like metrics. */
export function recordedNames(doc: unknown): string[] {
  return ((doc as RulesDoc).groups ?? []).flatMap((group) => (group.rules ?? []).flatMap((rule) => (rule.record ? [rule.record] : [])));
}

interface Panel {
  id?: number;
  title?: string;
  targets?: { expr?: string; refId?: string }[];
  panels?: Panel[];
}

interface Dashboard {
  title?: string;
  panels?: Panel[];
  templating?: { list?: { name?: string; type?: string; query?: unknown; definition?: string }[] };
}

/** Every Prometheus expression of a Grafana dashboard: panel targets (rows included) and query variables. */
export function dashboardExpressions(dashboard: unknown): PromqlSource[] {
  const d = dashboard as Dashboard;
  const out: PromqlSource[] = [];
  const visit = (panels: Panel[] | undefined) => {
    for (const panel of panels ?? []) {
      for (const target of panel.targets ?? []) {
        if (target.expr !== undefined) out.push({ where: `${d.title} / ${panel.title} / ${target.refId}`, expr: target.expr });
      }
      visit(panel.panels);
    }
  };
  visit(d.panels);
  for (const variable of d.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const query = typeof variable.query === 'string' ? variable.query : (variable.query as { query?: string } | undefined)?.query;
    if (query) out.push({ where: `${d.title} / variable ${variable.name}`, expr: query, variable: true });
  }
  return out;
}
