/** A message as the ingest edge hands it to Kafka. */
export interface OutgoingMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/**
 * Writes messages durably: the promise resolves only after the broker acknowledged every message of the
 * call (acks=all), and rejects with a retriable error otherwise. Nothing may be reported as accepted
 * before it resolves.
 */
export interface Publisher {
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
}
