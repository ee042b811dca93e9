import { NotConfluentFramedError } from './errors.js';

/**
 * Confluent wire format: byte 0 is the magic byte 0, bytes 1-4 the schema id (big-endian unsigned int32),
 * the rest the Avro binary body. https://docs.confluent.io/platform/current/schema-registry/fundamentals/serdes-develop/index.html#wire-format
 * This file and the serde are the only code in Rivulet that knows it.
 */
export const MAGIC_BYTE = 0;
export const HEADER_LENGTH = 5;

export function frame(schemaId: number, body: Buffer): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0xffff_ffff) {
    throw new RangeError(`schema id must be an unsigned 32-bit integer, got ${schemaId}`);
  }
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}

/** Splits a framed message; throws `NotConfluentFramedError` (poison) when it cannot be one. */
export function unframe(message: Buffer): { schemaId: number; body: Buffer } {
  if (message.length < HEADER_LENGTH) {
    throw new NotConfluentFramedError(`message of ${message.length} bytes is shorter than the ${HEADER_LENGTH}-byte Confluent header`);
  }
  const magic = message.readUInt8(0);
  if (magic !== MAGIC_BYTE) {
    throw new NotConfluentFramedError(`magic byte is ${magic}, expected ${MAGIC_BYTE}: not Confluent-framed Avro`);
  }
  return { schemaId: message.readUInt32BE(1), body: message.subarray(HEADER_LENGTH) };
}
