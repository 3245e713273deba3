/**
 * Splits what a PostgreSQL client sends into whole protocol messages. The first message of a
 * connection has no type byte (startup, SSL request, cancel request); every later one is a type
 * byte and an int32 length that counts itself.
 */
export type FrontendMessage =
  | { kind: "ssl-request"; bytes: Buffer }
  | { kind: "cancel-request"; bytes: Buffer }
  | { kind: "startup"; bytes: Buffer }
  | { kind: "typed"; type: string; bytes: Buffer };

const SSL_REQUEST_CODE = 80877103;
const CANCEL_REQUEST_CODE = 80877102;
const PROTOCOL_3 = 196608;
/** No message continuity's clients send comes near this; a larger length means a garbled stream. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export interface MessageReader {
  /** Appends bytes; returns the messages now complete. Throws on a stream that is not the protocol. */
  push(chunk: Buffer): FrontendMessage[];
}

export function createMessageReader(): MessageReader {
  let buffer: Buffer = Buffer.alloc(0);
  let started = false;
  return {
    push(chunk) {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      const messages: FrontendMessage[] = [];
      for (;;) {
        if (!started) {
          if (buffer.length < 8) break;
          const length = buffer.readInt32BE(0);
          const code = buffer.readInt32BE(4);
          if (length < 8 || length > 10_000) throw new Error(`bad start-up message length ${length}`);
          if (buffer.length < length) break;
          const bytes = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          if (code === SSL_REQUEST_CODE) messages.push({ kind: "ssl-request", bytes });
          else if (code === CANCEL_REQUEST_CODE) messages.push({ kind: "cancel-request", bytes });
          else if (code === PROTOCOL_3) {
            started = true;
            messages.push({ kind: "startup", bytes });
          } else throw new Error(`unsupported protocol ${code}`);
          continue;
        }
        if (buffer.length < 5) break;
        const length = buffer.readInt32BE(1);
        if (length < 4 || length > MAX_MESSAGE_BYTES) throw new Error(`bad message length ${length}`);
        if (buffer.length < length + 1) break;
        const bytes = buffer.subarray(0, length + 1);
        buffer = buffer.subarray(length + 1);
        messages.push({ kind: "typed", type: String.fromCharCode(bytes[0] as number), bytes });
      }
      return messages;
    },
  };
}

/** A simple-protocol Query message, for the server's own ROLLBACK of an abandoned transaction. */
export function queryMessage(text: string): Buffer {
  const body = Buffer.from(`${text}\0`, "utf8");
  const head = Buffer.alloc(5);
  head.write("Q", 0, "ascii");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
