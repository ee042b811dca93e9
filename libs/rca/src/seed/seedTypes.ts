/** Request/response shapes of the seed's RCA service (POST /analyze, /correlation, /trend-analysis, /predict-failure), field names kept. */
export type Row = Record<string, unknown>;

export interface RCAAnalysisRequest {
  data: Row[];
  problem_description: string;
  affected_metrics: string[];
  /** { field, start, end } (ISO or epoch ms): rows inside are observed, rows before are the baseline. */
  time_window?: { field?: string; start?: string | number; end?: string | number } | null;
  analysis_depth?: number;
  include_correlations?: boolean;
  include_trend_analysis?: boolean;
  include_anomaly_detection?: boolean;
}

export interface RCAAnalysisResponse {
  analysis_id: string;
  status: 'completed';
  problem_summary: string;
  root_causes: Array<{ type: 'dimension_combination'; metric: string; dimensions: Record<string, string>; description: string; share: number; surprise: number; explanatory_power: number; rank: number; confidence: number }>;
  contributing_factors: Array<{ type: 'data_quality'; factor: string; impact: 'low' | 'medium' | 'high'; evidence: { missing_count: number; missing_percentage: number }; recommendation: string }>;
  correlation_analysis: CorrelationAnalysisResponse | null;
  trend_analysis: TrendAnalysisResponse | null;
  anomaly_analysis: { anomalies: Array<{ metric: string; anomaly_count: number; anomaly_percentage: number; bounds: { lower: number; upper: number } }>; total_anomalies: number } | null;
  recommendations: string[];
  confidence_score: number;
  /** Seconds; pure functions read no clock, so 0 unless the caller measures it. */
  execution_time: number;
  timestamp: string;
}

export interface CorrelationAnalysisRequest { data: Row[]; variables: string[]; correlation_method?: 'pearson' | 'spearman'; significance_threshold?: number; min_correlation_strength?: number }
export interface CorrelationAnalysisResponse {
  analysis_id: string;
  correlation_matrix: Record<string, Record<string, number>>;
  significant_correlations: Array<{ variable1: string; variable2: string; correlation: number; p_value: number; strength: 'weak' | 'moderate' | 'strong'; direction: 'positive' | 'negative' }>;
  correlation_strength: Record<string, 'weak' | 'moderate' | 'strong'>;
  insights: string[];
  execution_time: number;
  timestamp: string;
}

export interface TrendAnalysisRequest { data: Row[]; time_field: string; metrics: string[]; trend_period?: 'daily' | 'weekly' | 'monthly' | 'hourly' }
export interface TrendAnalysisResponse {
  trends: Array<{
    metric: string; period: string; trend_slope: number; correlation: number; significance: number; trend_strength: number; data_points: number;
    mann_kendall: { s: number; var_s: number; z: number; p_value: number; trend: string };
  }>;
  analysis_period: string;
  total_metrics_analyzed: number;
}

export interface PredictFailureRequest {
  data: Row[];
  prediction_model?: 'statistical' | 'linear_trend' | 'isolation_forest';
  warning_threshold?: number;
  /** linear_trend: which column over which time column must stay below (or above) `threshold`. */
  time_field?: string; metric?: string; threshold?: number; direction?: 'above' | 'below'; horizon_hours?: number;
}
export interface PredictFailureResponse {
  predictions: Array<{ record_index: number; failure_probability: number; risk_level: 'low' | 'medium' | 'high' }>;
  high_risk_count: number;
  warning_threshold: number;
  model_used: string;
  threshold_crossing?: { metric: string; threshold: number; eta: string | null; earliest: string | null; latest: string | null; probability_within_horizon: number; slope_per_hour: number; p_value: number } | null;
}

export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
export const time = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' ? (Number.isFinite(Date.parse(v)) ? Date.parse(v) : null) : null);
export const strength = (r: number): 'weak' | 'moderate' | 'strong' => (Math.abs(r) >= 0.7 ? 'strong' : Math.abs(r) >= 0.4 ? 'moderate' : 'weak');
