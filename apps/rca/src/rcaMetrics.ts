import { Counter, type Registry } from 'prom-client';

export interface RcaMetrics {
  windowsAnalysed: Counter<'size'>;
  findings: Counter<'severity'>;
  alerts: Counter<'severity'>;
  lateEvents: Counter<never>;
  analysisErrors: Counter<never>;
}

/** Labels are bounded: window sizes come from config, severities are an enum. */
export function createRcaMetrics(registry: Registry): RcaMetrics {
  return {
    windowsAnalysed: new Counter({ name: 'rivulet_rca_windows_analysed_total', help: 'Closed windows analysed', labelNames: ['size'], registers: [registry] }),
    findings: new Counter({ name: 'rivulet_rca_findings_total', help: 'Findings published', labelNames: ['severity'], registers: [registry] }),
    alerts: new Counter({ name: 'rivulet_rca_alerts_total', help: 'Alerts published', labelNames: ['severity'], registers: [registry] }),
    lateEvents: new Counter({ name: 'rivulet_rca_late_events_total', help: 'Events whose window had already closed (counted, not folded)', registers: [registry] }),
    analysisErrors: new Counter({ name: 'rivulet_rca_analysis_errors_total', help: 'Analysis rounds that failed and will be retried', registers: [registry] }),
  };
}
