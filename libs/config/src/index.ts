export { baseConfigSchema, ConfigError, databaseConfigSchema, parseConfig, saslOptions, z, type BaseConfig, type KafkaSasl } from './parseConfig.js';
