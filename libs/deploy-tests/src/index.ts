// Checks of the deployment files (observability/, infra/compose.yaml); the tests are the product, these
// are their building blocks, exported for reuse (e.g. a CI script that lists unknown metric names).
export { appEnvKeys } from './compose/appEnvKeys.js';
export { dependencyProblems, duplicateHostPorts, envProblems, healthAndRestartProblems, imageProblems, publishedPort, servicePorts, type EnvRules } from './compose/composeChecks.js';
export { environmentOf, healthcheckText, isOneShot, type ComposeFile, type ComposeService } from './compose/composeModel.js';
export { configSourceKeys, type ConfigSourceKeys, type EnvKey } from './compose/configEnvKeys.js';
export { interpolateDefaults } from './compose/interpolate.js';
export { schemaKeys, sharedConfigKeys } from './compose/sharedConfigKeys.js';
export { declaredMetrics, defaultMetricPrefixes, seriesNames, type DeclaredMetric, type MetricType } from './promql/declaredMetrics.js';
export { defaultMetrics } from './promql/defaultMetrics.js';
export { metricNamesInExpr, metricNamesInVariableQuery } from './promql/metricNamesInExpr.js';
export { dashboardExpressions, recordedNames, ruleExpressions, type PromqlSource } from './promql/promqlSources.js';
export { appConfigSources, appNames, readRepoText, readRepoYaml, repoRoot, typescriptSources } from './repoFiles.js';
