export { baseConfigSchema, ConfigError, databaseConfigSchema, parseConfig, saslOptions, z, type BaseConfig } from './parseConfig.js';
