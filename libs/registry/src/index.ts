export { createAvroSerde, type AvroSerde, type AvroSerdeOptions } from './avroSerde.js';
export { AVRO_TYPE_OPTIONS, createAvroType, validationProblems } from './avroType.js';
export { classifyFailure, failureOf, isTransportFailure, type RegistryFailure } from './classifyFailure.js';
export {
  AvroDecodeError, AvroValidationError, InvalidSchemaError, NotConfluentFramedError, RegistryError,
  RegistryUnavailableError, SchemaIncompatibleError, UnknownSchemaIdError, UnknownSubjectError,
} from './errors.js';
export { createRegistryClient, type Compatibility, type RegistryClient, type RegistryClientOptions } from './registryClient.js';
export { HEADER_LENGTH, MAGIC_BYTE, frame, unframe } from './wireFormat.js';
