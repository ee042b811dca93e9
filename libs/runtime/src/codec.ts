/**
 * How the runtime turns bytes into values and back. The implementation is `@rivulet/registry`'s
 * AvroSerde (Confluent wire format through the schema registry); the runtime only needs this shape.
 * Errors it throws must carry `retriable` (registry down: true; undecodable bytes: false).
 */
export interface Codec {
  decode(message: Buffer): Promise<{ value: unknown; schemaId: number }>;
  encode(subject: string, value: unknown): Promise<Buffer>;
}
