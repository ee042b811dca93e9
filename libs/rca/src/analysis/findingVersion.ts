/** schema_version of the rca.findings events this library writes. */
export const FINDING_SCHEMA_VERSION = 1;
